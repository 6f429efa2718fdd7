package dk.snaklib.corpus.pipeline;

import java.util.Arrays;

/**
 * An immutable-after-build open-addressing map from a word of at most 16 Latin-1 letters, packed into two longs
 * exactly as {@link LanguageScorer} packs it while scanning (letters 0-7 and 8-15, a byte each), to one float per
 * candidate language: the learned word score of {@link LearnedWords}. A look-up allocates nothing.
 */
final class WordTable {
    private final int languages;
    private final long[] keys; // per slot: low, high; low is 0 only in an empty slot (a word has a first letter)
    private final float[] values;
    private final int mask;

    WordTable(int languages, int capacityHint) {
        this.languages = languages;
        int capacity = Integer.highestOneBit(Math.max(16, capacityHint * 2 - 1)) << 1; // load factor <= 1/2
        this.keys = new long[capacity * 2];
        this.values = new float[capacity * languages];
        this.mask = capacity - 1;
    }

    void put(String word, float[] row) {
        if (word.isEmpty() || word.length() > LearnedWords.MAX_LETTERS || row.length != languages) {
            throw new IllegalArgumentException("bad word row " + word + " " + Arrays.toString(row));
        }
        long low = 0;
        long high = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == 0 || c > 255) {
                throw new IllegalArgumentException("word " + word + " is not Latin-1 letters");
            }
            if (i < 8) {
                low |= (long) c << (i << 3);
            } else {
                high |= (long) c << ((i - 8) << 3);
            }
        }
        int s = slot(low, high);
        while (keys[2 * s] != 0 && (keys[2 * s] != low || keys[2 * s + 1] != high)) {
            s = (s + 1) & mask;
        }
        keys[2 * s] = low;
        keys[2 * s + 1] = high;
        System.arraycopy(row, 0, values, s * languages, languages);
    }

    /** Adds the word's scores to {@code sums} if it is known. */
    void addTo(long low, long high, double[] sums) {
        for (int s = slot(low, high); ; s = (s + 1) & mask) {
            long k = keys[2 * s];
            if (k == low && keys[2 * s + 1] == high) {
                int base = s * languages;
                for (int l = 0; l < languages; l++) {
                    sums[l] += values[base + l];
                }
                return;
            }
            if (k == 0) {
                return;
            }
        }
    }

    private int slot(long low, long high) {
        long h = (low * 0xC2B2AE3D27D4EB4FL) ^ (high * 0x9E3779B97F4A7C15L);
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h >>> 32) & mask;
    }
}
