package dk.snaklib.eval.bundled;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdInputStream;
import dk.snaklib.corpus.HeldOutPartition;
import dk.snaklib.corpus.debian.HelpPage;
import dk.snaklib.corpus.debian.WordLists;
import dk.snaklib.eval.BundledTasks;
import dk.snaklib.eval.DanishTask;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.PythonRandom;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Builds the bundled Danish evaluation tasks ({@link BundledTasks}) from unpacked Debian packages
 * (data-catalog/recipes/bundled-eval.sh). Only units that {@link HeldOutPartition} puts in EVAL are used (help pages,
 * thesaurus and dictionary entries): the bundled instruction set leaves those units out and drops any pair quoting
 * a paragraph that occurs in one, so no source paragraph is shared with its training or held-out split. Inside
 * EVAL, whole units go to one split (test first, then val, then train, in the order of a hash of the unit), so the
 * few-shot pool never shares a page with the scored items. Every row names its package, version, file, element,
 * unit and licence; help-derived rows also say whether their source paragraph is in the bundled pre-training
 * corpus ({@code in_bundled_corpus}). Files are read in sorted order and nothing time-dependent is written, so the
 * same package versions give byte-identical output.
 *
 * <p>The same sentence can also stand in a unit of another split (shared help paragraphs reworded, interface
 * messages that repeat a help sentence), which the paragraph rule does not catch; so the builder also reads the
 * instruction set itself and leaves out every item with a sentence that occurs in it.
 *
 * <p>Usage: {@code BundledTasksBuilder UNPACKED_DIR VERSIONS_TSV CORPUS_DA_DIR INSTRUCTIONS_DIR OUT_DIR}.
 */
public final class BundledTasksBuilder {
    /** Sentences (scala: two rows each) or items per split, in train / val / test order. */
    static final int[] SCALA_SENTENCES = {64, 64, 128};
    static final int[] MC_ITEMS = {64, 64, 256};
    static final int[] TITLE_ITEMS = {32, 32, 64};
    static final List<String> SPLITS = List.of("train", "val", "test");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HELP_DA = "libreoffice-help-da";
    private static final String MYTHES = "mythes-da";
    private static final String FREEDICT = "dict-freedict-dan-eng";
    static final Map<String, String> LICENCES = Map.of(HELP_DA, "MPL-2.0", MYTHES, "LGPL-2.1 or GPL-2 or MPL-1.1",
            FREEDICT, "GPL-3+");

    /** One unit's candidate items (a page's sentences, one dictionary entry). */
    private record Group(String unit, List<Map<String, Object>> items) {}

    private final Path unpacked;
    private final Map<String, String> versions;
    private final Set<String> corpusParagraphs;
    private final Set<String> instructionSentences;
    private int sharedWithInstructions;
    private final StringBuilder manifest = new StringBuilder(
            "dataset\ttask\tpackage\tversion\tlicence\ttrain\tval\ttest\trows_in_bundled_corpus\tbuilt_from\n");

    BundledTasksBuilder(Path unpacked, Map<String, String> versions, Set<String> corpusParagraphs,
            Set<String> instructionSentences) {
        this.unpacked = unpacked;
        this.versions = versions;
        this.corpusParagraphs = corpusParagraphs;
        this.instructionSentences = instructionSentences;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: BundledTasksBuilder UNPACKED_DIR VERSIONS_TSV CORPUS_DA_DIR INSTRUCTIONS_DIR OUT_DIR");
            System.exit(2);
        }
        Map<String, String> versions = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            String[] f = line.split("\t");
            if (f.length == 2) {
                versions.put(f[0], f[1]);
            }
        }
        new BundledTasksBuilder(Path.of(args[0]), versions, corpusParagraphs(Path.of(args[2])),
                instructionSentences(Path.of(args[3]))).build(Path.of(args[4]));
    }

    /** Every line of the instruction set's inputs and targets, and every sentence of those lines. */
    static Set<String> instructionSentences(Path dir) throws IOException {
        Set<String> out = new HashSet<>();
        for (String file : List.of("train.jsonl.zst", "held-out.jsonl.zst")) {
            try (var in = new BufferedReader(new InputStreamReader(new ZstdInputStream(Files.newInputStream(dir.resolve(file))),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    var row = JSON.readTree(line);
                    for (String field : List.of("inputs", "targets")) {
                        row.path(field).asText("").lines().forEach(l -> {
                            out.add(l.strip());
                            out.addAll(DanishSentences.split(l));
                        });
                    }
                }
            }
        }
        return out;
    }

    /** Whether any sentence of {@code text} (or a line of it) is in the instruction set; counted when so. */
    private boolean inInstructions(String text) {
        for (String line : text.split("\n")) {
            if (instructionSentences.contains(line.strip())
                    || DanishSentences.split(line).stream().anyMatch(instructionSentences::contains)) {
                sharedWithInstructions++;
                return true;
            }
        }
        return false;
    }

    /** Every paragraph (line of a document's text) of the bundled Danish corpus. */
    static Set<String> corpusParagraphs(Path daDir) throws IOException {
        Set<String> out = new HashSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(daDir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl.zst")).sorted().toList();
        }
        for (Path f : files) {
            try (var in = new BufferedReader(new InputStreamReader(new ZstdInputStream(Files.newInputStream(f)),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        JSON.readTree(line).path("text").asText("").lines().forEach(p -> out.add(p.strip()));
                    }
                }
            }
        }
        return out;
    }

    void build(Path out) throws IOException {
        List<HelpPage> pages = evalHelpPages();
        write(out, BundledTasks.SCALA, scala(pages), "help sentences of EVAL pages; corrupted by a neighbour flip or a word deletion");
        write(out, BundledTasks.TITLES, titles(pages), "help sections of EVAL pages (1-8 paragraphs) -> their heading");
        write(out, BundledTasks.CONTINUATION, continuation(pages), "help sentence -> its next sentence, 3 next sentences of other pages as distractors");
        write(out, BundledTasks.SYNONYMS, synonyms(), "EVAL thesaurus headword -> its first synonym, 3 other entries' synonyms as distractors");
        write(out, BundledTasks.TRANSLATION, translation(), "EVAL dictionary headword -> its first English translation, 3 others as distractors");
        manifest.append("# candidate items left out because a sentence of theirs is in the instruction set: ")
                .append(sharedWithInstructions).append('\n');
        AtomicFiles.writeString(out.resolve("MANIFEST.tsv"), manifest.toString());
        System.err.print(manifest);
    }

    /** The Danish help pages whose unit is in EVAL, in path order. */
    private List<HelpPage> evalHelpPages() throws IOException {
        Path root = unpacked.resolve(HELP_DA);
        Path help = root.resolve("usr/share/libreoffice/help/da");
        List<Path> files;
        try (Stream<Path> s = Files.walk(help.resolve("text"))) {
            files = s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
        List<HelpPage> out = new ArrayList<>();
        for (Path f : files) {
            String path = root.relativize(f).toString();
            if (HeldOutPartition.of(unitOf(path)) == HeldOutPartition.Split.EVAL) {
                out.add(HelpPage.read(f, path));
            }
        }
        return out;
    }

    private static String unitOf(String helpPath) {
        return HeldOutPartition.helpPageUnit("libreoffice-help", helpPath);
    }

    /** Split rows: each sentence once as itself (correct) and once corrupted (incorrect), as ScaLA's prepare_df. */
    private List<List<Map<String, Object>>> scala(List<HelpPage> pages) {
        PythonRandom rng = new PythonRandom(4242);
        Set<String> seen = new HashSet<>();
        List<Group> groups = new ArrayList<>();
        for (HelpPage page : pages) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (HelpPage.Block b : page.blocks()) {
                if (b.heading()) {
                    continue;
                }
                for (String sentence : DanishSentences.split(b.text())) {
                    List<String> tokens = DanishSentences.acceptable(sentence);
                    if (tokens == null || !seen.add(sentence) || inInstructions(sentence)) {
                        continue;
                    }
                    ScalaCorruption.Corrupted bad = ScalaCorruption.corrupt(tokens, rng);
                    if (bad == null || bad.text().equals(sentence)) {
                        continue;
                    }
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("sentence", sentence);
                    item.put("corrupted", bad);
                    item.put("prov", provenance(HELP_DA, page.path(), b.id(), unitOf(page.path()), b.text()));
                    items.add(item);
                }
            }
            groups.add(new Group(unitOf(page.path()), items));
        }
        List<List<Map<String, Object>>> splits = fill(groups, SCALA_SENTENCES);
        List<List<Map<String, Object>>> rows = new ArrayList<>();
        for (List<Map<String, Object>> split : splits) {
            List<Map<String, Object>> r = new ArrayList<>();
            for (Map<String, Object> item : split) {
                ScalaCorruption.Corrupted bad = (ScalaCorruption.Corrupted) item.get("corrupted");
                r.add(row(item, "text", item.get("sentence"), "label", "correct", "corruption_type", null));
                r.add(row(item, "text", bad.text(), "label", "incorrect", "corruption_type", bad.type()));
            }
            new PythonRandom(4242).shuffle(r);   // ScaLA: df.sample(frac=1.0, random_state=4242)
            rows.add(r);
        }
        return rows;
    }

    /**
     * Section paragraphs -> heading, filtered as the instruction set's title pairs (a short heading not in the body),
     * without the fixed labels of reference pages that end in a colon.
     */
    private List<List<Map<String, Object>>> titles(List<HelpPage> pages) {
        Set<String> seen = new HashSet<>();
        List<Group> groups = new ArrayList<>();
        for (HelpPage page : pages) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (HelpPage.Section s : page.sections()) {
                String body = s.body();
                if (s.paragraphs().isEmpty() || s.paragraphs().size() > 8 || body.length() < 40 || body.length() > 1500
                        || s.heading().text().length() > 120 || body.contains(s.heading().text())
                        || s.heading().text().endsWith(":") || !seen.add(body) || inInstructions(body)) {   // "Syntaks:", "Parametre:": labels, not titles
                    continue;
                }
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("text", body);
                item.put("target_text", s.heading().text());
                boolean inCorpus = s.paragraphs().stream().allMatch(p -> corpusParagraphs.contains(p.text()));
                Map<String, Object> prov = provenance(HELP_DA, page.path(), s.heading().id(), unitOf(page.path()), null);
                prov.put("in_bundled_corpus", inCorpus);
                item.put("prov", prov);
                items.add(item);
            }
            groups.add(new Group(unitOf(page.path()), items));
        }
        return fill(groups, TITLE_ITEMS).stream().map(split -> split.stream()
                .map(i -> row(i, "text", i.get("text"), "target_text", i.get("target_text"))).toList()).toList();
    }

    /** A sentence and the sentence after it in the same paragraph; distractors are next sentences of other pages. */
    private List<List<Map<String, Object>>> continuation(List<HelpPage> pages) {
        Set<String> seen = new HashSet<>();
        List<Group> groups = new ArrayList<>();
        for (HelpPage page : pages) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (HelpPage.Block b : page.blocks()) {
                List<String> sentences = DanishSentences.split(b.text());
                for (int k = 0; k + 1 < sentences.size(); k++) {
                    String ctx = sentences.get(k);
                    String next = sentences.get(k + 1);
                    if (b.heading() || words(ctx) < 4 || words(next) < 4 || ctx.length() > 250 || next.length() > 250
                            || !seen.add(ctx) || !seen.add(next) || inInstructions(ctx) || inInstructions(next)) {
                        continue;
                    }
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("question", ctx);
                    item.put("answer", next);
                    item.put("prov", provenance(HELP_DA, page.path(), b.id(), unitOf(page.path()), b.text()));
                    items.add(item);
                    k++;   // a sentence is a context or an ending, never both
                }
            }
            groups.add(new Group(unitOf(page.path()), items));
        }
        return multipleChoice(fill(groups, MC_ITEMS), i -> (String) i.get("question"), i -> Set.of(), 1);
    }

    private List<List<Map<String, Object>>> synonyms() {
        String datPath = "usr/share/mythes/th_da_DK.dat";
        List<Group> groups = new ArrayList<>();
        for (WordLists.Entry e : WordLists.thesaurus(unpacked.resolve(MYTHES).resolve(datPath))) {
            String unit = "mythes-da:" + e.word();
            if (e.answers().isEmpty() || HelpPage.letters(e.word()) < 2
                    || HeldOutPartition.of(unit) != HeldOutPartition.Split.EVAL) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("question", "Hvilket ord eller udtryk betyder omtrent det samme som »" + e.word() + "«?");
            item.put("answer", e.answers().getFirst());
            item.put("exclude", lower(e.answers(), e.word()));
            item.put("prov", provenance(MYTHES, datPath, e.where(), unit, null));
            groups.add(new Group(unit, List.of(item)));
        }
        return multipleChoice(fill(groups, MC_ITEMS), i -> (String) i.get("question"), this::excluded, 2);
    }

    private List<List<Map<String, Object>>> translation() {
        Path root = unpacked.resolve(FREEDICT);
        String index = "usr/share/dictd/freedict-dan-eng.index";
        String dict = "usr/share/dictd/freedict-dan-eng.dict.dz";
        List<Group> groups = new ArrayList<>();
        for (WordLists.Entry raw : WordLists.dictd(root.resolve(index), root.resolve(dict))) {
            // numbered senses ("1. abolish, abrogate") lose their number
            WordLists.Entry e = new WordLists.Entry(raw.word(), raw.answers().stream()
                    .map(a -> a.replaceFirst("^\\d+\\.\\s*", "")).filter(a -> !a.isEmpty()).toList(), raw.where());
            String unit = "freedict-dan-eng:" + e.word();
            if (e.answers().isEmpty() || HeldOutPartition.of(unit) != HeldOutPartition.Split.EVAL
                    || e.answers().getFirst().equalsIgnoreCase(e.word())) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("question", "Hvad hedder det danske ord »" + e.word() + "« på engelsk?");
            item.put("answer", e.answers().getFirst());
            item.put("exclude", lower(e.answers(), e.word()));
            item.put("prov", provenance(FREEDICT, dict, e.where(), unit, null));
            groups.add(new Group(unit, List.of(item)));
        }
        return multipleChoice(fill(groups, MC_ITEMS), i -> (String) i.get("question"), this::excluded, 3);
    }

    @SuppressWarnings("unchecked")
    private Set<String> excluded(Map<String, Object> item) {
        return (Set<String>) item.get("exclude");
    }

    private static Set<String> lower(List<String> answers, String word) {
        Set<String> out = new HashSet<>();
        answers.forEach(a -> out.add(a.toLowerCase(Locale.ROOT)));
        out.add(word.toLowerCase(Locale.ROOT));
        return out;
    }

    /**
     * The v13 MC layout ({@code question\nSvarmuligheder:\na. ...\nd. ...}): the item's answer at a random letter,
     * three other items' answers of the same split as distractors (never one of the item's own answers).
     */
    private static List<List<Map<String, Object>>> multipleChoice(List<List<Map<String, Object>>> splits,
            Function<Map<String, Object>, String> question, Function<Map<String, Object>, Set<String>> exclude, long seed) {
        List<List<Map<String, Object>>> out = new ArrayList<>();
        for (List<Map<String, Object>> split : splits) {
            PythonRandom rng = new PythonRandom(seed);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < split.size(); i++) {
                Map<String, Object> item = split.get(i);
                String answer = (String) item.get("answer");
                Set<String> taken = new HashSet<>(exclude.apply(item));
                taken.add(answer.toLowerCase(Locale.ROOT));
                List<String> options = new ArrayList<>();
                for (int tries = 0; options.size() < 3; tries++) {
                    if (tries > 10_000) {
                        throw new IllegalStateException("too few distinct answers for distractors in a split of " + split.size());
                    }
                    int j = rng.randbelow(split.size());
                    String d = (String) split.get(j).get("answer");
                    if (j != i && taken.add(d.toLowerCase(Locale.ROOT))) {
                        options.add(d);
                    }
                }
                int correct = rng.randbelow(4);
                options.add(correct, answer);
                StringBuilder text = new StringBuilder(question.apply(item)).append("\nSvarmuligheder:");
                for (int k = 0; k < 4; k++) {
                    text.append('\n').append((char) ('a' + k)).append(". ").append(options.get(k).replace('\n', ' '));
                }
                rows.add(row(item, "text", text.toString(), "label", String.valueOf((char) ('a' + correct))));
            }
            out.add(rows);
        }
        return out;
    }

    /**
     * Whole units into splits: units in the order of sha256(unit), filling test, then val, then train up to
     * {@code sizes} (train / val / test); a unit's items stay in one split (any past the target are left out).
     */
    static List<List<Map<String, Object>>> fill(List<Group> groups, int[] sizes) {
        List<Group> ordered = groups.stream().filter(g -> !g.items().isEmpty())
                .sorted(Comparator.comparing((Group g) -> sha256(g.unit()))).toList();
        List<List<Map<String, Object>>> out = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int s = 2;
        for (Group g : ordered) {
            if (s < 0) {
                break;
            }
            List<Map<String, Object>> split = out.get(s);
            for (Map<String, Object> item : g.items()) {
                if (split.size() < sizes[s]) {
                    split.add(item);
                }
            }
            if (split.size() >= sizes[s]) {
                s--;
            }
        }
        if (s >= 0) {
            throw new IllegalStateException("not enough EVAL items: " + SPLITS.get(s) + " has " + out.get(s).size()
                    + " of " + sizes[s]);
        }
        return out;
    }

    private Map<String, Object> provenance(String pkg, String path, String element, String unit, String paragraph) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("package", pkg);
        m.put("version", versions.getOrDefault(pkg, "?"));
        m.put("path", path);
        m.put("element", element);
        m.put("unit", unit);
        m.put("licence", LICENCES.get(pkg));
        if (paragraph != null) {
            m.put("in_bundled_corpus", corpusParagraphs.contains(paragraph));
        }
        return m;
    }

    /** A split row: the task's fields, then the item's provenance. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(Map<String, Object> item, Object... kv) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            r.put((String) kv[i], kv[i + 1]);
        }
        r.putAll((Map<String, Object>) item.get("prov"));
        return r;
    }

    private void write(Path out, DanishTask task, List<List<Map<String, Object>>> splits, String builtFrom) throws IOException {
        Path dir = out.resolve(task.name());
        int inCorpus = 0;
        String pkg = null;
        int[] n = new int[3];
        for (int s = 0; s < 3; s++) {
            StringBuilder sb = new StringBuilder();
            for (Map<String, Object> r : splits.get(s)) {
                sb.append(JSON.writeValueAsString(r)).append('\n');
                pkg = (String) r.get("package");
                if (Boolean.TRUE.equals(r.get("in_bundled_corpus"))) {
                    inCorpus++;
                }
            }
            n[s] = splits.get(s).size();
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve(SPLITS.get(s) + ".jsonl"), sb.toString());
        }
        manifest.append(String.join("\t", task.name(), task.task(), pkg, versions.getOrDefault(pkg, "?"),
                LICENCES.get(pkg), Integer.toString(n[0]), Integer.toString(n[1]), Integer.toString(n[2]),
                Integer.toString(inCorpus), builtFrom)).append('\n');
    }

    private static long words(String s) {
        return DanishSentences.tokens(s).stream().filter(DanishSentences::isWord).count();
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
