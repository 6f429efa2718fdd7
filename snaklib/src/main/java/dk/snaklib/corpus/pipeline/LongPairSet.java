package dk.snaklib.corpus.pipeline;

/**
 * A growable set of 128-bit values (two longs) by open addressing in one flat array, each pair side by side so a
 * probe touches one cache line: exact dedup keeps one fingerprint per distinct text, and a {@code HashSet} of
 * records spent an object, a node and two pointer chases on each. Not thread-safe.
 */
final class LongPairSet {
    private long[] slots = new long[2 << 10]; // hi, lo per slot; (0, 0) marks an empty slot
    private boolean hasZero; // so the pair (0, 0) is kept aside
    private int size;

    /** Adds (hi, lo); true if it was not there yet. */
    boolean add(long hi, long lo) {
        if (hi == 0 && lo == 0) {
            boolean added = !hasZero;
            hasZero = true;
            size += added ? 1 : 0;
            return added;
        }
        if (4 * (size + 1) > slots.length) { // load factor <= 1/2
            grow();
        }
        int mask = slots.length / 2 - 1;
        for (int i = mix(hi, lo) & mask; ; i = (i + 1) & mask) {
            long h = slots[2 * i];
            long l = slots[2 * i + 1];
            if (h == hi && l == lo) {
                return false;
            }
            if (h == 0 && l == 0) {
                slots[2 * i] = hi;
                slots[2 * i + 1] = lo;
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
        int mask = slots.length / 2 - 1;
        for (int j = 0; j < old.length; j += 2) {
            long hi = old[j];
            long lo = old[j + 1];
            if (hi != 0 || lo != 0) {
                int i = mix(hi, lo) & mask;
                while (slots[2 * i] != 0 || slots[2 * i + 1] != 0) {
                    i = (i + 1) & mask;
                }
                slots[2 * i] = hi;
                slots[2 * i + 1] = lo;
            }
        }
    }

    /** The fingerprints are hashes already; one multiply spreads their low bits. */
    private static int mix(long hi, long lo) {
        long k = (hi ^ Long.rotateLeft(lo, 29)) * 0x9E3779B97F4A7C15L;
        return (int) (k >>> 32);
    }
}
