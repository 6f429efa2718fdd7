package dk.snaklib.corpus.debian;

import static dk.snaklib.corpus.debian.TextHash.sha1;

import dk.snaklib.corpus.pipeline.CharNgramLanguageId;
import dk.snaklib.corpus.pipeline.LanguageFilter;
import dk.snaklib.corpus.pipeline.LanguageIdEvaluation;
import dk.snaklib.corpus.pipeline.LearnedWords;
import dk.snaklib.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the language-ID data from unpacked Debian packages (see data-catalog/recipes/langid.sh): the learned word
 * counts ({@link LearnedWords}) from {@link LangidRecipe#TRAINING}, with their weight and smoothing chosen on
 * training pages held out of the counts; and the held-out evaluation set from {@link LangidRecipe#HELD_OUT},
 * packages the counts never saw, with every line that also occurs in the training text (any language, case and
 * spacing ignored), in two languages, or untranslated (equal to an English line) left out. Deterministic: files in
 * sorted order, lines chosen by a hash of their text.
 *
 * <p>Usage: {@code LangidDataBuilder UNPACKED_DIR VERSIONS_TSV WORDS_OUT BUNDLED_DIR}.
 */
public final class LangidDataBuilder {
    /** Held-out lines per language and package: of 10+ words, and of 5-9 words (for the per-length tables). */
    static final int LONG_LINES = 150;
    static final int SHORT_LINES = 50;
    /** Words seen fewer times than this over all training text are left out of the table. */
    static final int MIN_COUNT = 2;
    static final double[] WEIGHTS = {0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3};
    static final double[] ALPHAS = {0.1, 0.5, 2};
    private static final String HEADER = "language\tsource\tpackage\tversion\tlicence\tregister\tlines\twords\tchars\tfile\n";

    private final BundledCorpusBuilder reader;
    private final Map<String, String> versions;

    LangidDataBuilder(Path unpacked, Map<String, String> versions) {
        this.reader = new BundledCorpusBuilder(unpacked, versions);
        this.versions = versions;
    }

    public static void main(String[] args) throws IOException {
        UnpackedPackages packages = UnpackedPackages.fromArgs("LangidDataBuilder", args, "WORDS_OUT", "BUNDLED_DIR");
        new LangidDataBuilder(packages.dir(), packages.versions()).build(Path.of(args[2]), Path.of(args[3]));
    }

    /** A training page: its language, a key shared by the same page in every language, its paragraphs. */
    private record Page(String language, String key, List<String> paragraphs) {}

    void build(Path wordsOut, Path bundled) throws IOException {
        List<Page> training = new ArrayList<>();
        Set<String> english = new HashSet<>();
        for (RecipeSource s : LangidRecipe.TRAINING) {
            for (BundledCorpusBuilder.Doc d : reader.documents(s)) {
                training.add(new Page(s.language(), pageKey(s, d.id()), d.paragraphs()));
                if (s.language().equals("en")) {
                    english.addAll(d.paragraphs());
                }
            }
        }
        for (RecipeSource s : LangidRecipe.UNTRANSLATED_FILTER) {
            reader.documents(s).forEach(d -> english.addAll(d.paragraphs()));
        }
        // Untranslated leftovers are English, whatever package they sit in.
        Set<String> englishShingles = new HashSet<>();
        english.forEach(t -> englishShingles.addAll(shingles(t)));
        training.replaceAll(p -> p.language().equals("en") ? p : new Page(p.language(), p.key(),
                p.paragraphs().stream().filter(t -> !untranslated(t, english, englishShingles)).toList()));

        LearnedWords words = tuned(training);
        Map<String, List<String>> all = byLanguage(training, k -> true);
        LearnedWords table = LearnedWords.count(LangidRecipe.LANGUAGES, all, MIN_COUNT, words.weight(), words.alpha());
        byte[] tsv = table.toTsv().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.write(wordsOut, zstd(tsv));
        System.err.printf("learned words: %d, weight %s, alpha %s -> %s%n", table.size(), table.weight(), table.alpha(), wordsOut);

        Set<String> seen = new HashSet<>();
        all.values().forEach(lines -> lines.forEach(l -> seen.add(normal(l))));
        heldOut(seen, english, englishShingles, bundled);
    }

    /** Chooses weight and smoothing on one page in ten (the same page in every language), counted on the rest. */
    private LearnedWords tuned(List<Page> training) {
        Map<String, List<String>> fit = byLanguage(training, k -> !validation(k));
        List<LanguageIdEvaluation.Line> check = new ArrayList<>();
        byLanguage(training, LangidDataBuilder::validation).forEach((lang, lines) ->
                lines.forEach(l -> check.add(new LanguageIdEvaluation.Line(lang, l))));
        LearnedWords counts = LearnedWords.count(LangidRecipe.LANGUAGES, fit, MIN_COUNT, 0, 1);
        LearnedWords best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double alpha : ALPHAS) {
            for (double weight : WEIGHTS) {
                LearnedWords w = counts.with(weight, alpha);
                var filter = new LanguageFilter(new CharNgramLanguageId(LanguageFilter.DEFAULT_LANGUAGES, w),
                        LanguageFilter.DEFAULT_THRESHOLD, LanguageFilter.Mode.LINE);
                var r = LanguageIdEvaluation.run(filter, check);
                // Danish misses plus the others' false accepts, on 5+-word lines: what the filter gets wrong.
                double loss = 1 - r.danishRate("da", 5);
                for (String other : List.of("nb", "nn", "sv", "en", "de")) {
                    loss += r.danishRate(other, 5);
                }
                System.err.printf(Locale.ROOT, "tuning: alpha %.2f weight %.2f: da recall %.4f nb %.4f nn %.4f sv %.4f (loss %.4f)%n",
                        alpha, weight, r.danishRate("da", 5), r.danishRate("nb", 5), r.danishRate("nn", 5),
                        r.danishRate("sv", 5), loss);
                if (loss < bestLoss) {
                    bestLoss = loss;
                    best = w;
                }
            }
        }
        return best;
    }

    /** The page's id with its language taken out (folder "da", package "debian-edu-doc-da"), so translations share it. */
    private static String pageKey(RecipeSource s, String id) {
        StringBuilder key = new StringBuilder(s.name()).append(':');
        for (String segment : id.split("/")) {
            boolean language = segment.equals(s.pkg()) || segment.equals("da") || LangidRecipe.LANGUAGES.contains(segment);
            key.append(language ? "*" : segment).append('/');
        }
        return key.toString();
    }

    private static boolean validation(String pageKey) {
        return Math.floorMod(sha1(pageKey).hashCode(), 10) == 0;
    }

    private static Map<String, List<String>> byLanguage(List<Page> pages, java.util.function.Predicate<String> keep) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Page p : pages) {
            if (keep.test(p.key())) {
                out.computeIfAbsent(p.language(), k -> new ArrayList<>()).addAll(p.paragraphs());
            }
        }
        return out;
    }

    /** The held-out set and its manifest. */
    private void heldOut(Set<String> training, Set<String> english, Set<String> englishShingles, Path bundled)
            throws IOException {
        Map<RecipeSource, List<String>> lines = new LinkedHashMap<>();
        Map<String, Set<String>> languagesOf = new TreeMap<>(); // normal form -> languages it occurs in
        for (RecipeSource s : LangidRecipe.HELD_OUT) {
            List<String> kept = new ArrayList<>();
            for (BundledCorpusBuilder.Doc d : reader.documents(s)) {
                for (String p : d.paragraphs()) {
                    if (clean(p) && !training.contains(normal(p))) {
                        kept.add(p);
                    }
                }
            }
            if (s.language().equals("en")) {
                english.addAll(kept);
                kept.forEach(p -> englishShingles.addAll(shingles(p)));
            }
            lines.put(s, kept);
            kept.forEach(p -> languagesOf.computeIfAbsent(normal(p), k -> new java.util.TreeSet<>()).add(s.language()));
        }
        StringBuilder tsv = new StringBuilder("language\tpackage\ttext\n");
        StringBuilder manifest = new StringBuilder(HEADER);
        Set<String> taken = new HashSet<>();
        Map<String, List<String>> rows = new TreeMap<>(); // language TAB package -> its lines, in hash order
        Map<String, RecipeSource> sourceOf = new TreeMap<>();
        for (var e : lines.entrySet()) {
            RecipeSource s = e.getKey();
            List<String> unique = new ArrayList<>();
            for (String p : e.getValue()) {
                // one language only, not English left untranslated, each line once in the whole set
                if (languagesOf.get(normal(p)).size() == 1
                        && (s.language().equals("en") || !untranslated(p, english, englishShingles)) && taken.add(normal(p))) {
                    unique.add(p);
                }
            }
            String key = s.language() + "\t" + s.pkg();
            rows.computeIfAbsent(key, k -> new ArrayList<>()).addAll(unique);
            sourceOf.putIfAbsent(key, s);
        }
        for (var e : rows.entrySet()) {
            List<String> chosen = new ArrayList<>(sample(e.getValue(), 10, Integer.MAX_VALUE, LONG_LINES));
            chosen.addAll(sample(e.getValue(), 5, 9, SHORT_LINES));
            RecipeSource s = sourceOf.get(e.getKey());
            long words = 0;
            long chars = 0;
            for (String l : chosen) {
                tsv.append(e.getKey()).append('\t').append(l).append('\n');
                words += l.strip().split("\\s+").length;
                chars += l.length();
            }
            manifest.append(String.join("\t", s.language(), s.name(), s.pkg(), versions.getOrDefault(s.pkg(), "?"),
                    s.licence(), s.register(), Integer.toString(chosen.size()), Long.toString(words), Long.toString(chars),
                    "langid-heldout.tsv.zst")).append('\n');
        }
        AtomicFiles.write(bundled.resolve("langid-heldout.tsv.zst"), zstd(tsv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        AtomicFiles.writeString(bundled.resolve("langid-heldout-MANIFEST.tsv"), manifest.toString());
        System.err.print(manifest);
    }

    /**
     * English left untranslated: the line occurs in the English text, or half or more of its word 4-grams do (a
     * leftover paragraph whose cross-references were translated, e.g. "see Afsnit 2.3, "Dialogs and Docking"").
     * A translation shares almost no run of four words with English, so this needs no language model.
     */
    static boolean untranslated(String p, Set<String> english, Set<String> englishShingles) {
        if (english.contains(p)) {
            return true;
        }
        List<String> mine = shingles(p);
        if (mine.isEmpty()) {
            return false;
        }
        long shared = mine.stream().filter(englishShingles::contains).count();
        return 2 * shared >= mine.size();
    }

    /** Word 4-grams of a line, lower-cased, punctuation dropped. */
    static List<String> shingles(String p) {
        String[] w = p.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip().split(" ");
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 4 <= w.length; i++) {
            out.add(w[i] + " " + w[i + 1] + " " + w[i + 2] + " " + w[i + 3]);
        }
        return out;
    }

    /** Up to {@code limit} lines of min..max words, chosen by a hash of their text. */
    private static List<String> sample(List<String> lines, int min, int max, int limit) {
        TreeMap<String, String> byHash = new TreeMap<>();
        for (String l : lines) {
            int n = l.strip().split("\\s+").length;
            if (n >= min && n <= max && l.length() <= 1000) {
                byHash.put(sha1(l) + l, l);
            }
        }
        return byHash.values().stream().limit(limit).toList();
    }

    /** A message line that is prose: no markup, accelerators, placeholders or addresses, and some letters. */
    private static boolean clean(String p) {
        for (String bad : List.of("<", ">", "&", "_", "{", "}", "\\", "|", "@", "%", "$", "http", "\t")) {
            if (p.contains(bad)) {
                return false;
            }
        }
        return p.codePoints().filter(Character::isLetter).count() >= 3;
    }

    /** Case and spacing ignored, for telling whether a line occurs elsewhere. */
    static String normal(String p) {
        return p.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    /** zstd level 19 with a checksum, as the bundled corpus. */
    private static byte[] zstd(byte[] content) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zst = new com.github.luben.zstd.ZstdOutputStream(bytes).setLevel(19).setChecksum(true)) {
            zst.write(content);
        }
        return bytes.toByteArray();
    }
}
