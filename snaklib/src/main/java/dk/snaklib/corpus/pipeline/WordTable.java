package dk.snaklib.corpus.pipeline;

import java.util.Arrays;

/**
 * An immutable-after-build open-addressing map from a word of at most 16 Latin-1 letters, packed into two longs
 * exactly as {@link LanguageScorer} packs it while scanning (letters 0-7 and 8-15, a byte each), to one float per
 * candidate language: the learned word score of {@link LearnedWords}. A look-up allocates nothing. A slot holds
 * the word and its scores side by side (two longs of key, then two floats per long), so a look-up usually touches
 * one CPU cache line: the table is consulted on every word-cache miss, and most of it is not in the CPU's cache.
 */
final class WordTable {
    private final int languages;
    private final int stride; // longs per slot: low, high (low is 0 only in an empty slot), then the packed floats
    private final long[] slots;
    private final int mask;

    WordTable(int languages, int capacityHint) {
        this.languages = languages;
        this.stride = 2 + (languages + 1) / 2;
        int capacity = Integer.highestOneBit(Math.max(16, capacityHint * 4 / 3)) << 1; // load factor <= 3/4
        this.slots = new long[capacity * stride];
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
        while (slots[s * stride] != 0 && (slots[s * stride] != low || slots[s * stride + 1] != high)) {
            s = (s + 1) & mask;
        }
        int base = s * stride;
        slots[base] = low;
        slots[base + 1] = high;
        Arrays.fill(slots, base + 2, base + stride, 0); // a word put again replaces its scores
        for (int l = 0; l < languages; l++) {
            long bits = Float.floatToRawIntBits(row[l]) & 0xFFFFFFFFL;
            slots[base + 2 + l / 2] |= (l % 2 == 0) ? bits : bits << 32;
        }
    }

    /** Adds the word's scores to {@code sums} if it is known. */
    void addTo(long low, long high, double[] sums) {
        for (int s = slot(low, high); ; s = (s + 1) & mask) {
            int base = s * stride;
            long k = slots[base];
            if (k == low && slots[base + 1] == high) {
                for (int l = 0; l < languages; l++) {
                    long packed = slots[base + 2 + (l >> 1)];
                    sums[l] += Float.intBitsToFloat((int) ((l & 1) == 0 ? packed : packed >>> 32));
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
