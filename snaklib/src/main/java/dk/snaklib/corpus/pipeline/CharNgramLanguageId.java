package dk.snaklib.corpus.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Language identification as a character trigram language model per language, scored in one pass: the text's
 * log-likelihood under each language's model (trigram, backing off to bigram and unigram within each word), and
 * the posterior over the candidate languages by Bayes' rule with equal priors, i.e. a softmax of the
 * log-likelihoods. The models are the n-gram tables that ship with Lingua (Apache-2.0), whose own detector
 * reports only relative scores (the top language always 1.0) and runs at well under 1 MB/s; this scorer gives a
 * probability, so the study's "Danish with probability > 0.6" has its meaning, and keeps pace with the pipeline.
 * The three orders sit in one packed {@link NgramTable} with the back-off resolved when it is built, and
 * {@link LanguageScorer} does the scoring (one look-up per character, or one per repeated word). Each word also
 * adds its learned word score ({@link LearnedWords}, counted from Debian packages): the characters of Danish and
 * Bokmål are too alike for the character model alone on short lines.
 */
public final class CharNgramLanguageId {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Log-probability for an n-gram no model knows, per character: a strong but finite penalty. */
    static final float UNSEEN = (float) Math.log(1e-6);
    /** Built tables by language list: loading Lingua's JSON takes seconds, the table is immutable and shared. */
    private static final Map<List<String>, NgramTable> TABLES = new ConcurrentHashMap<>();

    /** Learned word tables by language list, for the bundled {@link LearnedWords}. */
    private static final Map<List<String>, WordTable> BUNDLED_WORDS = new ConcurrentHashMap<>();

    private final List<String> languages; // ISO 639-1 codes
    private final NgramTable table;
    private final WordTable words;

    /**
     * Loads the models of the given ISO 639-1 codes (e.g. da, nb, nn, sv, en, de) from Lingua's jar, with the
     * bundled learned word scores ({@link LearnedWords#bundled()}).
     */
    public CharNgramLanguageId(List<String> isoCodes) {
        this.languages = List.copyOf(isoCodes);
        this.table = TABLES.computeIfAbsent(languages, CharNgramLanguageId::build);
        this.words = BUNDLED_WORDS.computeIfAbsent(languages, l -> LearnedWords.bundled().table(l));
    }

    /** The same character model with other learned word scores (the recipe tunes them with this). */
    public CharNgramLanguageId(List<String> isoCodes, LearnedWords learned) {
        this.languages = List.copyOf(isoCodes);
        this.table = TABLES.computeIfAbsent(languages, CharNgramLanguageId::build);
        this.words = learned.table(languages);
    }

    public List<String> languages() {
        return languages;
    }

    /** Posterior probability per language (in {@link #languages()} order), summing to 1; uniform for no letters. */
    public double[] probabilities(String text) {
        return new LanguageScorer(table, words, languages.size(), 0).probabilities(text);
    }

    /** A scorer that remembers the scores of recent words: faster on running text; one per thread. */
    LanguageScorer scorer() {
        return scorer(LanguageScorer.DEFAULT_CACHE_SLOTS);
    }

    /** A scorer with a word cache of {@code cacheSlots} (a power of two, or 0 for none). */
    LanguageScorer scorer(int cacheSlots) {
        return new LanguageScorer(table, words, languages.size(), cacheSlots);
    }

    /**
     * One table for all orders, each n-gram's row already backed off: where a language lacks a trigram, its
     * value is that language's bigram of the trigram's last two chars, else its unigram of the last char, else
     * {@link #UNSEEN}; bigram rows back off to the unigram the same way. So the scorer looks up the trigram at a
     * position and only when no language knows it the bigram, then the unigram: the same per-language values as
     * looking up all three orders, with one look-up for most characters.
     */
    private static NgramTable build(List<String> languages) {
        List<Map<Long, float[]>> raw = new ArrayList<>(); // per order: key -> value per language, NaN where unknown
        for (int n = 1; n <= 3; n++) {
            Map<Long, float[]> order = new HashMap<>();
            for (int l = 0; l < languages.size(); l++) {
                load(order, languages.size(), l, languages.get(l), n);
            }
            raw.add(order);
        }
        Map<Long, float[]> resolved = new HashMap<>();
        for (int n = 1; n <= 3; n++) {
            for (var e : raw.get(n - 1).entrySet()) {
                float[] lower = backoff(resolved, e.getKey(), n); // resolved already: the orders go up
                float[] row = e.getValue().clone();
                for (int l = 0; l < row.length; l++) {
                    if (Float.isNaN(row[l])) {
                        row[l] = lower != null ? lower[l] : UNSEEN;
                    }
                }
                resolved.put(e.getKey(), row);
            }
        }
        return new NgramTable(languages.size(), resolved);
    }

    /** The resolved row an n-gram backs off to: its last n-1 chars if known, else its last n-2...; else null. */
    private static float[] backoff(Map<Long, float[]> resolved, long key, int n) {
        for (int m = n; m > 1; m--) {
            key = shorter(key, m);
            float[] row = resolved.get(key);
            if (row != null) {
                return row;
            }
        }
        return null;
    }

    /** The key of the n-gram without its first char (its last n-1 chars), e.g. "abc" -> "bc". */
    private static long shorter(long key, int n) {
        long chars = key & ((1L << (16 * (n - 1))) - 1);
        return ((long) (n - 1) << (16 * (n - 1))) | chars;
    }

    /** Reads Lingua's {"language":..., "ngrams": {"num/den": "ng1 ng2 ..."}} into the table for one language. */
    private static void load(Map<Long, float[]> order, int languages, int lang, String iso, int n) {
        String name = new String[] {"unigrams", "bigrams", "trigrams"}[n - 1];
        String resource = "/language-models/" + iso + "/" + name + ".json";
        try (InputStream in = CharNgramLanguageId.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no language model " + resource + " on the class path (Lingua jar)");
            }
            try (JsonParser p = JSON.getFactory().createParser(in)) {
                boolean inNgrams = false;
                for (JsonToken t; (t = p.nextToken()) != null; ) {
                    if (t == JsonToken.FIELD_NAME && p.currentName().equals("ngrams")) {
                        inNgrams = true;
                    } else if (inNgrams && t == JsonToken.FIELD_NAME) {
                        String fraction = p.currentName();
                        p.nextToken();
                        int slash = fraction.indexOf('/');
                        float lp = (float) Math.log(Double.parseDouble(fraction.substring(0, slash))
                                / Double.parseDouble(fraction.substring(slash + 1)));
                        for (String ngram : p.getText().split(" ")) {
                            if (ngram.length() == n) {
                                order.computeIfAbsent(NgramTable.key(ngram, 0, n), k -> nanRow(languages))[lang] = lp;
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static float[] nanRow(int languages) {
        float[] row = new float[languages];
        Arrays.fill(row, Float.NaN);
        return row;
    }

    /** Probabilities by ISO code, for display. */
    public Map<String, Double> probabilityMap(String text) {
        double[] p = probabilities(text);
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            m.put(languages.get(i), p[i]);
        }
        return m;
    }
}
