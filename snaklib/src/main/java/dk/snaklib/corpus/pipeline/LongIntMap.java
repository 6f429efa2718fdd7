package dk.snaklib.corpus.pipeline;

/**
 * A growable map from long keys to non-negative ints by open addressing in two flat arrays (see {@link LongSet}):
 * per MinHash band, a bucket key to the first document in the bucket. Not thread-safe.
 */
final class LongIntMap {
    private long[] keys = new long[1 << 10];
    private int[] values = new int[1 << 10]; // value + 1; 0 marks an empty slot
    private int zeroValue = -1; // the key 0, kept aside
    private int size;

    /** The value of {@code key} if there is one, else puts {@code value} (>= 0) and returns -1. */
    int putIfAbsent(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values are >= 0, got " + value);
        }
        if (key == 0) {
            if (zeroValue >= 0) {
                return zeroValue;
            }
            zeroValue = value;
            size++;
            return -1;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (values[i] == 0) {
                keys[i] = key;
                values[i] = value + 1;
                size++;
                return -1;
            }
            if (keys[i] == key) {
                return values[i] - 1;
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] != 0) {
                int i = mix(oldKeys[j]) & mask;
                while (values[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static int mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return (int) k;
    }
}
