package dk.snaklib.corpus.pipeline;

import java.util.Arrays;

/**
 * Scores texts with a {@link CharNgramLanguageId}'s {@link NgramTable}: each word (a run of letters, lower-cased,
 * scored in pieces of at most 64 chars) adds, per language, the log-probability of each of its characters given
 * up to two before it in the word, plus its learned word score if it has one ({@link WordTable}); the posterior
 * over the languages is the softmax of the sums (equal priors).
 *
 * <p>Running text repeats its words (Zipf), so the scorer remembers the per-language scores of recent words in a
 * small direct-mapped cache: a repeated word costs one look-up instead of one per character. The cache key is the
 * word itself, packed while it is scanned (up to 16 Latin-1 letters, a byte each, in two longs; letters are never
 * 0, so the packing also fixes the length), so a hit is exact and costs two comparisons. (A slot's word and
 * scores side by side in one array, or float scores, measured no faster in the chained pipeline.) A word's score
 * is summed on its own and then added to the text's, whether it came from the cache or not, so a text gets the
 * same scores either way. The cache makes a scorer stateful: one per thread.
 */
final class LanguageScorer {
    /** Cache slots: 8192 words cover most running text (89% of the bundled corpus's words hit), in ~0.5 MB. */
    static final int DEFAULT_CACHE_SLOTS = 1 << 13;
    private static final int MAX_WORD = 64;
    /** The longest word the cache keeps (two longs of Latin-1 letters); longer words are rarer, scored char by char. */
    private static final int MAX_CACHED = 16;

    private final NgramTable table;
    private final WordTable words; // learned word scores, added to the character model's
    private final int languages;
    private final char[] word = new char[MAX_WORD];
    private char[] chars = new char[256]; // the text being scored
    private final double[] wordScore;
    private final double[] logLik;
    private final double[] posterior;
    private final int cacheMask;
    private final long[] cachedWords; // per slot: the word's letters 0-7 and 8-15; letters 0-7 are 0 when empty
    private final double[] cachedScores; // slot * languages

    /** @param cacheSlots a power of two, or 0 for no cache */
    LanguageScorer(NgramTable table, WordTable words, int languages, int cacheSlots) {
        if (cacheSlots != 0 && Integer.bitCount(cacheSlots) != 1) {
            throw new IllegalArgumentException("cache slots must be a power of two or 0, got " + cacheSlots);
        }
        this.table = table;
        this.words = words;
        this.languages = languages;
        this.wordScore = new double[languages];
        this.logLik = new double[languages];
        this.posterior = new double[languages];
        this.cacheMask = cacheSlots - 1;
        this.cachedWords = new long[cacheSlots * 2];
        this.cachedScores = new double[cacheSlots * languages];
    }

    /** Posterior probability per language, summing to 1; uniform when the text has no letters. */
    double[] probabilities(String text) {
        return reusedProbabilities(text).clone();
    }

    /** {@link #probabilities}, in an array that the next call overwrites (no garbage per line). */
    double[] reusedProbabilities(String text) {
        double[] p = posterior;
        Arrays.fill(logLik, 0);
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
        long low = 0; // letters 0-7 of the word, a byte each
        long high = 0; // letters 8-15
        boolean packable = true; // all letters so far are Latin-1
        boolean any = false;
        for (int i = 0; i <= n; i++) {
            char lower = i < n ? lowerLetter(chars[i]) : 0;
            if (lower != 0 && len < MAX_WORD) {
                packable &= lower < 256;
                if (len < 8) {
                    low |= (long) lower << (len << 3);
                } else if (len < 16) {
                    high |= (long) lower << ((len - 8) << 3);
                }
                word[len++] = lower;
            } else if (len > 0) {
                addWord(len, packable && len <= MAX_CACHED, low, high, logLik);
                any = true;
                len = 0;
                low = 0;
                high = 0;
                packable = true;
                if (lower != 0) {
                    packable = lower < 256;
                    low = lower;
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

    /** Adds the score of word[0, len) to logLik; {@code cacheable}: low and high hold the whole word. */
    private void addWord(int len, boolean cacheable, long low, long high, double[] logLik) {
        int slot = -1;
        if (cacheMask >= 0 && cacheable) {
            slot = slotOf(low, high);
            if (cachedWords[2 * slot] == low && cachedWords[2 * slot + 1] == high) {
                add(cachedScores, slot * languages, logLik);
                return;
            }
        }
        scoreWord(len);
        if (cacheable) {
            words.addTo(low, high, wordScore); // only words of <= 16 Latin-1 letters have a learned score
        }
        if (slot >= 0) {
            cachedWords[2 * slot] = low;
            cachedWords[2 * slot + 1] = high;
            System.arraycopy(wordScore, 0, cachedScores, slot * languages, languages);
        }
        add(wordScore, 0, logLik);
    }

    private void add(double[] from, int offset, double[] to) {
        for (int l = 0; l < languages; l++) {
            to[l] += from[offset + l];
        }
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

    private int slotOf(long low, long high) {
        long h = (low * 0x9E3779B97F4A7C15L) ^ (high * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h >>> 32) & cacheMask;
    }
}
