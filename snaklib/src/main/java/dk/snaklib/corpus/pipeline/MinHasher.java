package dk.snaklib.corpus.pipeline;

import java.util.SplittableRandom;

/**
 * MinHash signatures in text-dedup's shape: lower-cased text split on non-word characters, word n-grams (default 5)
 * as shingles, each shingle hashed to 32 bits (text-dedup takes 32 bits of SHA-1; we mix per-word FNV-1a hashes),
 * then {@code numPerm} random hash functions, each signature value the least hash over the shingles. A text with
 * fewer words than n is one shingle of all its words (text-dedup would give it no shingles at all).
 *
 * <p>The hash functions are Dietzfelbinger's multiply-add-shift {@code (a*x + b) mod 2^64 >>> 32} with random 64-bit
 * a and b: for 32-bit keys a strongly universal family, the same guarantee as text-dedup's
 * {@code (a*x + b) mod (2^61-1)}, at one multiply instead of a 128-bit product and a Mersenne fold. Run shingle by
 * shingle over all permutations, the loop vectorises; MinHash went from about 4 ns to under 1 ns per value. A and b
 * come from {@code SplittableRandom(seed)}, not numpy, so signatures differ from text-dedup's bit for bit either way;
 * what carries over is the estimator (unbiased for Jaccard similarity, tested) and the LSH bands and rows.
 */
public final class MinHasher {
    private final int numPerm;
    private final int ngram;
    private final long[] a;
    private final long[] b;
    // Scratch buffers, reused from text to text: MinHash runs once per document, and fresh arrays for each (about
    // 1 KB) made it the pipeline's largest source of garbage. So a hasher is used by one thread.
    private final long[] min; // the running minima of the current signature
    private final int[] sig;
    private long[] tokens = new long[64];
    private int tokenCount;
    private int[] shingles = new int[64];

    public MinHasher(int numPerm, int ngram, long seed) {
        this.numPerm = numPerm;
        this.ngram = ngram;
        this.a = new long[numPerm];
        this.b = new long[numPerm];
        this.min = new long[numPerm];
        this.sig = new int[numPerm];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < numPerm; i++) {
            a[i] = rng.nextLong();
            b[i] = rng.nextLong();
        }
    }

    public int numPerm() {
        return numPerm;
    }

    /** The signature: for each hash function, the least hash of the text's shingles (unsigned 32-bit values). */
    public int[] signature(String text) {
        return reusedSignature(text).clone();
    }

    /** {@link #signature}, in an array that the next call overwrites. */
    int[] reusedSignature(String text) {
        tokenHashes(text);
        int n = Math.max(1, tokenCount - ngram + 1);
        if (shingles.length < n) {
            shingles = new int[Math.max(n, 2 * shingles.length)];
        }
        for (int s = 0; s < n; s++) {
            shingles[s] = shingleHash(tokens, s, Math.min(ngram, tokenCount));
        }
        return signatureOfShingles(shingles, n);
    }

    /** The signature of a set of 32-bit shingle hashes. */
    int[] signatureOfShingles(int[] shingleHashes) {
        return signatureOfShingles(shingleHashes, shingleHashes.length).clone();
    }

    private int[] signatureOfShingles(int[] shingleHashes, int n) {
        java.util.Arrays.fill(min, Long.MAX_VALUE);
        for (int s = 0; s < n; s++) {
            long x = shingleHashes[s] & 0xFFFF_FFFFL;
            for (int i = 0; i < numPerm; i++) { // independent lanes: the JIT vectorises this loop
                min[i] = Math.min(min[i], permute(a[i], b[i], x));
            }
        }
        for (int i = 0; i < numPerm; i++) {
            sig[i] = (int) min[i];
        }
        return sig;
    }

    /** The hash function (a, b) applied to a 32-bit key: the high 32 bits of a*x + b modulo 2^64. */
    static long permute(long a, long b, long x) {
        return (a * x + b) >>> 32;
    }

    /** 64-bit FNV-1a of each lower-cased word (runs of letters, digits and underscores), in one scan, into tokens. */
    private void tokenHashes(String text) {
        long[] out = tokens;
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
        tokens = out;
        tokenCount = n;
    }

    /** For each Latin-1 char: its lower-case form if it is a word character, else -1. */
    private static final int[] LATIN1_WORD = new int[256];

    static {
        for (int c = 0; c < LATIN1_WORD.length; c++) {
            boolean word = Character.isLetterOrDigit(c) || c == '_' || Character.getType(c) == Character.NON_SPACING_MARK;
            LATIN1_WORD[c] = word ? Character.toLowerCase(c) : -1;
        }
    }

    /** The n words from {@code from} combined in order and mixed (splitmix64): the high 32 bits. */
    private static int shingleHash(long[] tokens, int from, int n) {
        long h = 0x9E3779B97F4A7C15L;
        for (int t = from; t < from + n; t++) {
            h = (h ^ tokens[t]) * 0xbf58476d1ce4e5b9L;
            h ^= h >>> 31;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (int) (h >>> 32);
    }

    /** Estimated Jaccard similarity: the fraction of equal signature positions. */
    public static double similarity(int[] x, int[] y) {
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            same += x[i] == y[i] ? 1 : 0;
        }
        return (double) same / x.length;
    }
}
