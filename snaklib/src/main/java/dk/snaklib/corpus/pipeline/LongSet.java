package dk.snaklib.corpus.pipeline;

/**
 * A growable set of longs by open addressing in one flat array: the dedup steps keep millions of 64-bit keys,
 * and a {@code HashSet<Long>} spends an object and a pointer chase on each. Not thread-safe.
 */
final class LongSet {
    private long[] slots = new long[1 << 10];
    private boolean hasZero; // 0 marks an empty slot, so the key 0 is kept aside
    private int size;

    boolean contains(long key) {
        if (key == 0) {
            return hasZero;
        }
        int mask = slots.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            long k = slots[i];
            if (k == key) {
                return true;
            }
            if (k == 0) {
                return false;
            }
        }
    }

    /** Adds {@code key}; true if it was not there yet. */
    boolean add(long key) {
        if (key == 0) {
            boolean added = !hasZero;
            hasZero = true;
            size += added ? 1 : 0;
            return added;
        }
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            long k = slots[i];
            if (k == key) {
                return false;
            }
            if (k == 0) {
                slots[i] = key;
                size++;
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long k : old) {
            if (k != 0) {
                int i = mix(k) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = k;
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
