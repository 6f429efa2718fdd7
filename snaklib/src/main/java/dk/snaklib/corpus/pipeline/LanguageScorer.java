package dk.snaklib.corpus.pipeline;

import java.util.Arrays;

/**
 * Scores texts with a {@link CharNgramLanguageId}'s {@link NgramTable}: each word (a run of letters, lower-cased,
 * scored in pieces of at most 64 chars) adds, per language, the log-probability of each of its characters given
 * up to two before it in the word; the posterior over the languages is the softmax of the sums (equal priors).
 *
 * <p>Running text repeats its words (Zipf), so the scorer remembers the per-language scores of recent words in a
 * small direct-mapped cache, keyed by the word's exact characters: a repeated word costs one look-up instead of
 * one per character. A word's score is summed on its own and then added to the text's, whether it came from the
 * cache or not, so a text gets the same scores either way. The cache makes a scorer stateful: one per thread.
 */
final class LanguageScorer {
    /** Cache slots: 8192 words cover most running text, and the cache (~0.7 MB) stays near the core. */
    static final int DEFAULT_CACHE_SLOTS = 1 << 13;
    private static final int MAX_WORD = 64;
    /** The longest word the cache keeps; longer words are rarer and scored char by char. */
    private static final int MAX_CACHED = 16;

    private final NgramTable table;
    private final int languages;
    private final char[] word = new char[MAX_WORD];
    private char[] chars = new char[256]; // the text being scored
    private final double[] wordScore;
    private final int cacheMask;
    private final char[] cachedChars; // slot * MAX_CACHED
    private final byte[] cachedLengths; // 0 for an empty slot
    private final double[] cachedScores; // slot * languages

    /** @param cacheSlots a power of two, or 0 for no cache */
    LanguageScorer(NgramTable table, int languages, int cacheSlots) {
        if (cacheSlots != 0 && Integer.bitCount(cacheSlots) != 1) {
            throw new IllegalArgumentException("cache slots must be a power of two or 0, got " + cacheSlots);
        }
        this.table = table;
        this.languages = languages;
        this.wordScore = new double[languages];
        this.cacheMask = cacheSlots - 1;
        this.cachedChars = new char[cacheSlots * MAX_CACHED];
        this.cachedLengths = new byte[cacheSlots];
        this.cachedScores = new double[cacheSlots * languages];
    }

    /** Posterior probability per language, summing to 1; uniform when the text has no letters. */
    double[] probabilities(String text) {
        double[] logLik = new double[languages];
        double[] p = new double[languages];
        if (!logLikelihoods(text, logLik)) {
            Arrays.fill(p, 1.0 / languages);
            return p;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logLik) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int l = 0; l < languages; l++) {
            p[l] = Math.exp(logLik[l] - max);
            sum += p[l];
        }
        for (int l = 0; l < languages; l++) {
            p[l] /= sum;
        }
        return p;
    }

    /** Adds the text's log-likelihood per language to {@code logLik}; false if the text has no letters. */
    boolean logLikelihoods(String text, double[] logLik) {
        int n = text.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        text.getChars(0, n, chars, 0); // one bulk copy: a loop over an array is cheaper than charAt per char
        int len = 0;
        boolean any = false;
        for (int i = 0; i <= n; i++) {
            char lower = i < n ? lowerLetter(chars[i]) : 0;
            if (lower != 0 && len < MAX_WORD) {
                word[len++] = lower;
            } else if (len > 0) {
                addWord(len, logLik);
                any = true;
                len = 0;
                if (lower != 0) {
                    word[len++] = lower;
                }
            }
        }
        return any;
    }

    /** The lower-case form of a letter, 0 for anything else; Latin-1 from a table (most text), the rest via Character. */
    private static char lowerLetter(char c) {
        if (c < LATIN1_LOWER.length) {
            return LATIN1_LOWER[c];
        }
        return Character.isLetter(c) ? Character.toLowerCase(c) : 0;
    }

    private static final char[] LATIN1_LOWER = new char[256];

    static {
        for (char c = 0; c < LATIN1_LOWER.length; c++) {
            LATIN1_LOWER[c] = Character.isLetter(c) ? Character.toLowerCase(c) : 0;
        }
    }

    private void addWord(int len, double[] logLik) {
        int slot = -1;
        if (cacheMask >= 0 && len <= MAX_CACHED) {
            slot = slotOf(len);
            int base = slot * MAX_CACHED;
            if (cachedLengths[slot] == len && Arrays.equals(cachedChars, base, base + len, word, 0, len)) {
                add(cachedScores, slot * languages, logLik);
                return;
            }
        }
        scoreWord(len);
        if (slot >= 0) {
            cachedLengths[slot] = (byte) len;
            System.arraycopy(word, 0, cachedChars, slot * MAX_CACHED, len);
            System.arraycopy(wordScore, 0, cachedScores, slot * languages, languages);
        }
        add(wordScore, 0, logLik);
    }

    /** Sets {@link #wordScore} to log P(word) per language: one table look-up per char, more only to back off. */
    private void scoreWord(int len) {
        Arrays.fill(wordScore, 0);
        for (int i = 0; i < len; i++) {
            int s = i >= 2 ? table.find(NgramTable.key(word, i - 2, 3)) : -1;
            if (s < 0 && i >= 1) {
                s = table.find(NgramTable.key(word, i - 1, 2));
            }
            if (s < 0) {
                s = table.find(NgramTable.key(word, i, 1));
            }
            if (s >= 0) {
                table.addTo(s, wordScore);
            } else {
                for (int l = 0; l < languages; l++) {
                    wordScore[l] += CharNgramLanguageId.UNSEEN;
                }
            }
        }
    }

    private int slotOf(int len) {
        int h = len;
        for (int i = 0; i < len; i++) {
            h = (h ^ word[i]) * 0x9E3779B1;
        }
        return (h ^ (h >>> 15)) & cacheMask;
    }

    private void add(double[] from, int offset, double[] to) {
        for (int l = 0; l < languages; l++) {
            to[l] += from[offset + l];
        }
    }
}
