package dk.snaklib.corpus.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Word counts per language, learned from Debian packages by data-catalog/recipes/langid.sh (the packages are
 * listed in {@code dk.snaklib.corpus.debian.LangidRecipe}): the second expert of the language ID beside Lingua's
 * character n-grams. Danish and Bokmål share most letter sequences, but not their most frequent words ("af"/"av",
 * "efter"/"etter", "nu"/"nå", "bliver"/"blir"), which the word counts tell apart.
 *
 * <p>A word is what the scorer scores: a run of letters, lower-cased, here only runs of at most 16 Latin-1
 * letters (longer and other words get no word score; the character model still scores them). Each known word
 * adds, per language, {@code weight * log(P_l(w) / mean_k P_k(w))} to that language's log-likelihood, with
 * {@code P_l(w) = (count_l(w) + alpha) / (total_l + alpha * V)}: a word equally common everywhere adds nothing,
 * and a language without counts (a candidate outside {@link #languages()}) always gets 0. {@code weight} and
 * {@code alpha} are chosen by the recipe on text held out of the counts.
 *
 * <p>File: zstd-compressed TSV; line 1 {@code #weight W alpha A}, line 2 {@code word} and the language codes,
 * line 3 {@code *total*} and the word totals per language (counted before rare words were pruned), then one word
 * per line with its counts, sorted.
 */
public final class LearnedWords {
    /** The table bundled with snaklib, built by data-catalog/recipes/langid.sh. */
    public static final String RESOURCE = "/dk/snaklib/corpus/pipeline/langid-words.tsv.zst";
    static final int MAX_LETTERS = 16;
    private static volatile LearnedWords bundled;

    private final List<String> languages;
    private final double weight;
    private final double alpha;
    private final long[] totals;
    private final Map<String, long[]> counts; // sorted, so writing is deterministic

    public LearnedWords(List<String> languages, double weight, double alpha, long[] totals, Map<String, long[]> counts) {
        if (totals.length != languages.size()) {
            throw new IllegalArgumentException(totals.length + " totals for " + languages.size() + " languages");
        }
        if (!(weight >= 0) || !(alpha > 0) || Double.isInfinite(weight) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("weight must be >= 0 and alpha > 0, both finite; got " + weight + ", " + alpha);
        }
        this.languages = List.copyOf(languages);
        this.weight = weight;
        this.alpha = alpha;
        this.totals = totals.clone();
        this.counts = new TreeMap<>(counts);
    }

    /** The bundled table (read once). */
    public static LearnedWords bundled() {
        LearnedWords b = bundled;
        if (b == null) {
            synchronized (LearnedWords.class) {
                if (bundled == null) {
                    try (InputStream in = LearnedWords.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("no " + RESOURCE + " on the class path (built by data-catalog/recipes/langid.sh)");
                        }
                        bundled = read(new com.github.luben.zstd.ZstdInputStream(in), RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + RESOURCE, e);
                    }
                }
                b = bundled;
            }
        }
        return b;
    }

    public List<String> languages() {
        return languages;
    }

    public double weight() {
        return weight;
    }

    public double alpha() {
        return alpha;
    }

    public int size() {
        return counts.size();
    }

    /** The same counts with another weight and smoothing (the recipe's tuning). */
    public LearnedWords with(double weight, double alpha) {
        return new LearnedWords(languages, weight, alpha, totals, counts);
    }

    /** Calls {@code action} with each word of {@code text} that the table can hold, in order. */
    public static void forEachWord(String text, Consumer<String> action) {
        StringBuilder w = new StringBuilder();
        boolean fits = true;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                char lower = Character.toLowerCase(c);
                fits &= lower < 256;
                w.append(lower);
            } else if (!w.isEmpty()) {
                if (fits && w.length() <= MAX_LETTERS) {
                    action.accept(w.toString());
                }
                w.setLength(0);
                fits = true;
            }
        }
    }

    /** Per-language values for {@code candidates} (0 for a language without counts), packed for the scorer. */
    WordTable table(List<String> candidates) {
        int[] column = candidates.stream().mapToInt(languages::indexOf).toArray();
        double v = counts.size();
        double[] logDenominator = new double[languages.size()];
        for (int l = 0; l < languages.size(); l++) {
            logDenominator[l] = Math.log(totals[l] + alpha * v);
        }
        WordTable table = new WordTable(candidates.size(), counts.size());
        double[] logP = new double[languages.size()];
        float[] row = new float[candidates.size()];
        counts.forEach((word, c) -> {
            double mean = 0;
            for (int l = 0; l < logP.length; l++) {
                logP[l] = Math.log(c[l] + alpha) - logDenominator[l];
                mean += Math.exp(logP[l]) / logP.length;
            }
            double logMean = Math.log(mean);
            for (int i = 0; i < row.length; i++) {
                row[i] = column[i] < 0 ? 0 : (float) (weight * (logP[column[i]] - logMean));
            }
            table.put(word, row);
        });
        return table;
    }

    /** The file's text (see the class comment): the same counts give the same bytes. */
    public String toTsv() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "#weight %s alpha %s\n", weight, alpha));
        sb.append("word");
        languages.forEach(l -> sb.append('\t').append(l));
        sb.append("\n*total*");
        for (long t : totals) {
            sb.append('\t').append(t);
        }
        sb.append('\n');
        counts.forEach((word, c) -> {
            sb.append(word);
            for (long n : c) {
                sb.append('\t').append(n);
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    /** Parses {@link #toTsv()}'s format; {@code name} is for messages. */
    public static LearnedWords read(InputStream in, String name) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String first = r.readLine();
        String[] head = first == null ? new String[0] : first.split(" ");
        if (head.length != 4 || !head[0].equals("#weight") || !head[2].equals("alpha")) {
            throw new IOException(name + " line 1: expected \"#weight W alpha A\", got " + first);
        }
        String[] columns = String.valueOf(r.readLine()).split("\t");
        if (columns.length < 2 || !columns[0].equals("word")) {
            throw new IOException(name + " line 2: expected \"word\" and language codes, got " + String.join(" ", columns));
        }
        List<String> languages = List.of(columns).subList(1, columns.length);
        String[] total = String.valueOf(r.readLine()).split("\t");
        if (!total[0].equals("*total*")) {
            throw new IOException(name + " line 3: expected the *total* row");
        }
        long[] totals = numbers(total, languages.size(), name, 3);
        Map<String, long[]> counts = new TreeMap<>();
        int lineNo = 3;
        for (String line; (line = r.readLine()) != null; ) {
            String[] f = line.split("\t");
            counts.put(f[0], numbers(f, languages.size(), name, ++lineNo));
        }
        try {
            return new LearnedWords(languages, Double.parseDouble(head[1]), Double.parseDouble(head[3]), totals, counts);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + " line 1: " + e.getMessage(), e);
        }
    }

    private static long[] numbers(String[] f, int n, String name, int lineNo) throws IOException {
        if (f.length != n + 1) {
            throw new IOException(name + " line " + lineNo + ": expected " + (n + 1) + " tab-separated fields, got " + f.length);
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = Long.parseLong(f[i + 1]);
            } catch (NumberFormatException e) {
                throw new IOException(name + " line " + lineNo + ": count \"" + f[i + 1] + "\" is not a whole number");
            }
            if (out[i] < 0) {
                throw new IOException(name + " line " + lineNo + ": negative count " + out[i]);
            }
        }
        return out;
    }

    /** Counts words per language from lines of text (the recipe's builder); prunes words seen fewer than minCount times. */
    public static LearnedWords count(List<String> languages, Map<String, ? extends Iterable<String>> textByLanguage,
            int minCount, double weight, double alpha) {
        Map<String, long[]> counts = new TreeMap<>();
        long[] totals = new long[languages.size()];
        textByLanguage.forEach((lang, lines) -> {
            int l = languages.indexOf(lang);
            if (l < 0) {
                throw new IllegalArgumentException("text in " + lang + ", not one of " + languages);
            }
            for (String line : lines) {
                forEachWord(line, w -> {
                    counts.computeIfAbsent(w, k -> new long[languages.size()])[l]++;
                    totals[l]++;
                });
            }
        });
        List<String> rare = new ArrayList<>();
        counts.forEach((w, c) -> {
            if (java.util.Arrays.stream(c).sum() < minCount) {
                rare.add(w);
            }
        });
        rare.forEach(counts::remove);
        return new LearnedWords(languages, weight, alpha, totals, counts);
    }
}
