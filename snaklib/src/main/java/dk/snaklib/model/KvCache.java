package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of the positions already seen, per layer, so that generation feeds only the new token.
 * Owns its arrays through its own manager; close it when the generation ends.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;   // per layer: [batch, kvHeads, seen, headDim]
    private final NDArray[] values; // per layer: [batch, kvHeads, seen, headDim]
    private int length;

    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /**
     * A new cache, owned by {@code parent}, holding this cache's first {@code n} positions (a shared few-shot prefix
     * reused by many prompts); appending to it leaves this cache unchanged.
     */
    public KvCache prefix(NDManager parent, int n) {
        if (n < 0 || n > length) {
            throw new IllegalArgumentException("cannot take " + n + " positions of a cache holding " + length);
        }
        KvCache out = new KvCache(parent, keys.length);
        if (n > 0) {
            for (int layer = 0; layer < keys.length; layer++) {
                out.keys[layer] = keys[layer].get(":, :, 0:" + n + ", :");   // [batch, kvHeads, n, headDim]
                out.values[layer] = values[layer].get(":, :, 0:" + n + ", :");
                out.keys[layer].attach(out.manager);
                out.values[layer].attach(out.manager);
            }
        }
        out.length = n;
        return out;
    }

    /** Number of positions held. */
    public int length() {
        return length;
    }

    /** Appends this step's keys/values for {@code layer} and returns the whole history [batch, kvHeads, seen, hd]. */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        if (keys[layer] == null) {
            keys[layer] = k;
            values[layer] = v;
        } else {
            NDArray oldK = keys[layer];
            NDArray oldV = values[layer];
            keys[layer] = oldK.concat(k, 2);
            values[layer] = oldV.concat(v, 2);
            oldK.close();
            oldV.close();
        }
        keys[layer].attach(manager);
        values[layer].attach(manager);
        return new NDArray[] {keys[layer], values[layer]};
    }

    /** Called once per forward pass after all layers appended {@code newPositions} positions. */
    void advance(int newPositions) {
        length += newPositions;
    }

    @Override
    public void close() {
        manager.close();
    }
}
