package dk.snaklib.corpus.pipeline;

import java.util.SplittableRandom;

/**
 * MinHash signatures as text-dedup computes them: lower-cased text split on non-word characters, word n-grams
 * (default 5) as shingles, each shingle hashed to 64 bits (from per-word FNV-1a hashes, mixed), then {@code numPerm} universal hash permutations
 * {@code (a*x + b) mod (2^61 - 1)} truncated to 32 bits, with a and b drawn from a seeded generator. A text with
 * fewer words than n is one shingle of all its words (text-dedup would give it no shingles at all).
 */
public final class MinHasher {
    private static final long MERSENNE_61 = (1L << 61) - 1;
    private static final long MAX_HASH = 0xFFFF_FFFFL;

    private final int numPerm;
    private final int ngram;
    private final long[] a;
    private final long[] b;

    public MinHasher(int numPerm, int ngram, long seed) {
        this.numPerm = numPerm;
        this.ngram = ngram;
        this.a = new long[numPerm];
        this.b = new long[numPerm];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < numPerm; i++) {
            a[i] = rng.nextLong(1, MERSENNE_61);
            b[i] = rng.nextLong(0, MERSENNE_61);
        }
    }

    public int numPerm() {
        return numPerm;
    }

    /** The signature: for each permutation, the least permuted shingle hash. */
    public int[] signature(String text) {
        long[] tokens = tokenHashes(text);
        int shingles = Math.max(1, tokens.length - ngram + 1);
        long[] x = new long[shingles];
        for (int s = 0; s < shingles; s++) {
            x[s] = shingleHash(tokens, s, Math.min(ngram, tokens.length));
        }
        // Permutation by permutation: a and b stay in registers and the running minimum needs no array.
        int[] sig = new int[numPerm];
        for (int i = 0; i < numPerm; i++) {
            long ai = a[i];
            long bi = b[i];
            long min = MAX_HASH;
            for (long xs : x) {
                min = Math.min(min, permute(ai, bi, xs) & MAX_HASH);
            }
            sig[i] = (int) min;
        }
        return sig;
    }

    /** 64-bit FNV-1a of each lower-cased word (runs of letters, digits and underscores), in one scan. */
    static long[] tokenHashes(String text) {
        long[] out = new long[16];
        int n = 0;
        long h = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            int lower; // the lower-cased code point of a word character, else -1
            if (c < LATIN1_WORD.length) { // most text: a table look-up instead of Character's
                lower = LATIN1_WORD[c];
                i++;
            } else {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                lower = Character.isLetterOrDigit(cp) || cp == '_' || Character.getType(cp) == Character.NON_SPACING_MARK
                        ? Character.toLowerCase(cp) : -1;
            }
            if (lower >= 0) {
                if (!in) {
                    h = 0xcbf29ce484222325L;
                    in = true;
                }
                h = (h ^ lower) * 0x100000001b3L;
            } else if (in) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, n * 2);
                }
                out[n++] = h;
                in = false;
            }
        }
        if (in) {
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n + 1);
            }
            out[n++] = h;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** For each Latin-1 char: its lower-case form if it is a word character, else -1. */
    private static final int[] LATIN1_WORD = new int[256];

    static {
        for (int c = 0; c < LATIN1_WORD.length; c++) {
            boolean word = Character.isLetterOrDigit(c) || c == '_' || Character.getType(c) == Character.NON_SPACING_MARK;
            LATIN1_WORD[c] = word ? Character.toLowerCase(c) : -1;
        }
    }

    /** The n words from {@code from} combined in order and mixed (splitmix64), reduced below 2^61-1. */
    private static long shingleHash(long[] tokens, int from, int n) {
        long h = 0x9E3779B97F4A7C15L;
        for (int t = from; t < from + n; t++) {
            h = (h ^ tokens[t]) * 0xbf58476d1ce4e5b9L;
            h ^= h >>> 31;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 3) % MERSENNE_61;
    }

    /** Estimated Jaccard similarity: the fraction of equal signature positions. */
    public static double similarity(int[] x, int[] y) {
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            same += x[i] == y[i] ? 1 : 0;
        }
        return (double) same / x.length;
    }

    /**
     * (a * x + b) mod 2^61-1 for a, b, x below 2^61-1, without overflow: the 128-bit product folded with the
     * Mersenne identity 2^61 = 1. The three parts of the product (each below 2^61) plus b stay below 2^63, so one
     * fold and one conditional subtraction give the exact remainder; this runs 64 times per shingle.
     */
    static long permute(long a, long b, long x) {
        long lo = a * x;
        long hi = Math.multiplyHigh(a, x); // < 2^58
        long v = (lo & MERSENNE_61) + (lo >>> 61) + (hi << 3) + b;
        v = (v & MERSENNE_61) + (v >>> 61); // <= 2^61 + 2
        return v >= MERSENNE_61 ? v - MERSENNE_61 : v;
    }

}
