package dk.snaklib.corpus.pipeline;

import java.util.Arrays;
import java.util.Map;

/**
 * An immutable open-addressing map from a packed character n-gram (see {@link #key}) to one float per language,
 * all orders in one table. Keys and values sit in two flat arrays (the values of slot s at
 * {@code values[s * languages .. + languages)}), so a look-up touches two cache lines and allocates nothing;
 * the scorer does one per character, so this layout is what language ID's speed rests on.
 */
final class NgramTable {
    private final int languages;
    private final long[] keys; // 0 marks an empty slot: a real key has its order (1-3) in the high bits
    private final float[] values;
    private final int mask;

    /** @param rows key -> one value per language (no NaN: the caller resolves unknowns first) */
    NgramTable(int languages, Map<Long, float[]> rows) {
        this.languages = languages;
        int capacity = Integer.highestOneBit(Math.max(16, rows.size() * 2 - 1)) << 1; // load factor <= 1/2
        this.keys = new long[capacity];
        this.values = new float[capacity * languages];
        this.mask = capacity - 1;
        rows.forEach((key, row) -> {
            if (key == 0 || row.length != languages) {
                throw new IllegalArgumentException("bad n-gram row " + key + " " + Arrays.toString(row));
            }
            int s = mix(key) & mask;
            while (keys[s] != 0) {
                s = (s + 1) & mask;
            }
            keys[s] = key;
            System.arraycopy(row, 0, values, s * languages, languages);
        });
    }

    /** The packed key of {@code n} (1-3) chars from {@code from}: the order, then 16 bits per char. */
    static long key(char[] s, int from, int n) {
        long k = n; // the order in the high bits keeps "a" and "\0a" apart and no key is 0
        for (int i = from; i < from + n; i++) {
            k = (k << 16) | s[i];
        }
        return k;
    }

    static long key(CharSequence s, int from, int n) {
        long k = n;
        for (int i = from; i < from + n; i++) {
            k = (k << 16) | s.charAt(i);
        }
        return k;
    }

    /** The slot of {@code key}, or -1 if absent. */
    int find(long key) {
        for (int s = mix(key) & mask; ; s = (s + 1) & mask) {
            long k = keys[s];
            if (k == key) {
                return s;
            }
            if (k == 0) {
                return -1;
            }
        }
    }

    /** Adds slot {@code s}'s values to {@code sums}, language by language. */
    void addTo(int s, double[] sums) {
        int base = s * languages;
        for (int l = 0; l < languages; l++) {
            sums[l] += values[base + l];
        }
    }

    int size() {
        int n = 0;
        for (long k : keys) {
            n += k != 0 ? 1 : 0;
        }
        return n;
    }

    private static int mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return (int) k;
    }
}
