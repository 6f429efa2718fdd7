package dk.snaklib.corpus.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Language identification as a character trigram language model per language, scored in one pass: the text's
 * log-likelihood under each language's model (trigram, backing off to bigram and unigram within each word), and
 * the posterior over the candidate languages by Bayes' rule with equal priors, i.e. a softmax of the
 * log-likelihoods. The models are the n-gram tables that ship with Lingua (Apache-2.0), whose own detector
 * reports only relative scores (the top language always 1.0) and runs at well under 1 MB/s; this scorer gives a
 * probability, so the study's "Danish with probability > 0.6" has its meaning, and keeps pace with the pipeline.
 */
public final class CharNgramLanguageId {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Log-probability for an n-gram no model knows, per character: a strong but finite penalty. */
    private static final float UNSEEN = (float) Math.log(1e-6);

    private final List<String> languages; // ISO 639-1 codes
    private final LongTable[] orders = new LongTable[3]; // unigram, bigram, trigram tables: key -> log-prob per language

    /** Loads the models of the given ISO 639-1 codes (e.g. da, nb, nn, sv, en, de) from Lingua's jar. */
    public CharNgramLanguageId(List<String> isoCodes) {
        this.languages = List.copyOf(isoCodes);
        for (int n = 1; n <= 3; n++) {
            orders[n - 1] = new LongTable(languages.size());
            for (int l = 0; l < languages.size(); l++) {
                load(orders[n - 1], l, languages.get(l), n);
            }
        }
    }

    public List<String> languages() {
        return languages;
    }

    /** Posterior probability per language (in {@link #languages()} order), summing to 1; uniform for no letters. */
    public double[] probabilities(String text) {
        int k = languages.size();
        double[] logLik = new double[k];
        char[] word = new char[64]; // the current word, lower-cased; longer words are scored in 64-char pieces
        int len = 0;
        boolean any = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetter(c) && len < word.length) {
                word[len++] = Character.toLowerCase(c);
            } else if (len > 0) {
                scoreWord(word, len, logLik);
                any = true;
                len = 0;
                if (Character.isLetter(c)) {
                    word[len++] = Character.toLowerCase(c);
                }
            }
        }
        double[] p = new double[k];
        if (!any) {
            Arrays.fill(p, 1.0 / k);
            return p;
        }
        double max = Arrays.stream(logLik).max().orElse(0);
        double sum = 0;
        for (int l = 0; l < k; l++) {
            p[l] = Math.exp(logLik[l] - max);
            sum += p[l];
        }
        for (int l = 0; l < k; l++) {
            p[l] /= sum;
        }
        return p;
    }

    /** Adds log P(word) under each language: each character predicted from up to two before it in the word. */
    private void scoreWord(char[] w, int len, double[] logLik) {
        for (int i = 0; i < len; i++) {
            int n = Math.min(3, i + 1);
            // Most trigrams are known to every candidate language: only then are the lower orders skipped.
            float[] tri = n == 3 ? orders[2].get(key(w, i - 2, 3)) : null;
            boolean complete = tri != null && allKnown(tri);
            float[] bi = !complete && n >= 2 ? orders[1].get(key(w, i - 1, 2)) : null;
            float[] uni = !complete ? orders[0].get(key(w, i, 1)) : null;
            for (int l = 0; l < logLik.length; l++) {
                float lp = tri != null && !Float.isNaN(tri[l]) ? tri[l]
                        : bi != null && !Float.isNaN(bi[l]) ? bi[l]
                        : uni != null && !Float.isNaN(uni[l]) ? uni[l] : UNSEEN;
                logLik[l] += lp;
            }
        }
    }

    private static boolean allKnown(float[] row) {
        for (float v : row) {
            if (Float.isNaN(v)) {
                return false;
            }
        }
        return true;
    }

    private static long key(char[] s, int from, int n) {
        long k = n;
        for (int i = from; i < from + n; i++) {
            k = (k << 16) | s[i];
        }
        return k;
    }

    private static long key(CharSequence s, int from, int n) {
        long k = n; // the order in the low bits keeps "a" and "\0a" apart
        for (int i = from; i < from + n; i++) {
            k = (k << 16) | s.charAt(i);
        }
        return k;
    }

    /** Reads Lingua's {"language":..., "ngrams": {"num/den": "ng1 ng2 ..."}} into the table for one language. */
    private static void load(LongTable table, int lang, String iso, int n) {
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
                                table.put(key(ngram, 0, n), lang, lp);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Open-addressing map from a packed n-gram to one log-probability per language (NaN where unknown). */
    static final class LongTable {
        private final int languages;
        private long[] keys = new long[1 << 12];
        private float[][] rows = new float[1 << 12][];
        private int size;

        LongTable(int languages) {
            this.languages = languages;
        }

        float[] get(long key) {
            int mask = keys.length - 1;
            for (int i = mix(key) & mask; rows[i] != null; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    return rows[i];
                }
            }
            return null;
        }

        void put(long key, int lang, float value) {
            float[] row = get(key);
            if (row == null) {
                if (2 * (size + 1) > keys.length) {
                    grow();
                }
                row = new float[languages];
                Arrays.fill(row, Float.NaN);
                insert(key, row);
                size++;
            }
            row[lang] = value;
        }

        private void insert(long key, float[] row) {
            int mask = keys.length - 1;
            int i = mix(key) & mask;
            while (rows[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            rows[i] = row;
        }

        private void grow() {
            long[] oldKeys = keys;
            float[][] oldRows = rows;
            keys = new long[oldKeys.length * 2];
            rows = new float[oldRows.length * 2][];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldRows[i] != null) {
                    insert(oldKeys[i], oldRows[i]);
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
