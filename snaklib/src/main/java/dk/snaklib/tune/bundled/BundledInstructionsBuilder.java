package dk.snaklib.tune.bundled;

import static dk.snaklib.corpus.debian.TextHash.sha1;

import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.corpus.HeldOutPartition.Split;
import dk.snaklib.corpus.HeldOutPartition;
import dk.snaklib.corpus.debian.HelpPage;
import dk.snaklib.corpus.debian.MoFile;
import dk.snaklib.corpus.debian.UnpackedPackages;
import dk.snaklib.corpus.debian.WordLists;
import dk.snaklib.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the bundled Danish instruction set from unpacked Debian packages (data-catalog/recipes/bundled-instructions.sh):
 * {@code train.jsonl.zst} and {@code held-out.jsonl.zst} ({@link dk.snaklib.tune.InstructionFormat#PAIRS}) and a
 * MANIFEST.tsv. Pairs of six {@link PairKind}s, every input and answer quoted from a package (only the fixed
 * instruction sentences of {@link PairKind} are ours). Each pair takes the split of its unit
 * ({@link HeldOutPartition}); EVAL units are left out (reserved for evaluation tasks), and a pair quoting a
 * paragraph that also occurs in a unit of a stronger split (EVAL over HELD_OUT over TRAIN) is dropped, so no
 * source paragraph is shared across splits. Files are read in sorted order and nothing time-dependent is written:
 * the same package versions give byte-identical output.
 *
 * <p>Usage: {@code BundledInstructionsBuilder UNPACKED_DIR VERSIONS_TSV OUT_DIR}.
 */
public final class BundledInstructionsBuilder {
    /** Training pairs kept per kind at most (the smallest by a hash of their id), to keep the kinds balanced. */
    static final int TRAIN_PER_KIND = 4000;
    /** Held-out pairs kept per kind at most: an eighth of the training cap, like the 80/10 split itself. */
    static final int HELD_OUT_PER_KIND = TRAIN_PER_KIND / 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HELP_DA = "libreoffice-help-da";
    private static final String HELP_EN = "libreoffice-help-en-us";
    private static final String L10N = "libreoffice-l10n-da";
    private static final String MYTHES = "mythes-da";
    private static final String FREEDICT = "dict-freedict-dan-eng";
    /** Licence of each package's text (from its debian/copyright). */
    static final Map<String, String> LICENCES = Map.of(HELP_DA, "MPL-2.0", HELP_EN, "MPL-2.0", L10N, "MPL-2.0",
            MYTHES, "LGPL-2.1 or GPL-2 or MPL-1.1", FREEDICT, "GPL-3+");

    private final Path unpacked;
    private final Map<String, String> versions;
    private final List<BundledPair> pairs = new ArrayList<>();
    /** Every source text seen, with the strongest split of a unit it occurs in. */
    private final Map<String, Split> owner = new HashMap<>();

    BundledInstructionsBuilder(Path unpacked, Map<String, String> versions) {
        this.unpacked = unpacked;
        this.versions = versions;
    }

    public static void main(String[] args) throws IOException {
        UnpackedPackages packages = UnpackedPackages.fromArgs("BundledInstructionsBuilder", args, "OUT_DIR");
        new BundledInstructionsBuilder(packages.dir(), packages.versions()).build(Path.of(args[2]));
    }

    void build(Path out) throws IOException {
        helpPairs();
        uiPairs();
        wordPairs();
        Map<Split, List<BundledPair>> bySplit = new EnumMap<>(Split.class);
        Map<PairKind, int[]> dropped = new EnumMap<>(PairKind.class);
        for (BundledPair p : pairs) {
            Split s = HeldOutPartition.of(p.unit());
            boolean clean = p.paragraphs().stream().allMatch(t -> owner.get(t) == s);
            if (s != Split.EVAL && !clean) {
                dropped.computeIfAbsent(p.kind(), k -> new int[1])[0]++;
            } else {
                bySplit.computeIfAbsent(s, k -> new ArrayList<>()).add(p);
            }
        }
        StringBuilder manifest = new StringBuilder("kind\tpackage\tversion\tlicence\ttrain\theld_out\teval_pairs_left_out"
                + "\tdropped_shared_paragraph\ttemplate\n");
        Map<Split, List<BundledPair>> kept = new EnumMap<>(Split.class);
        kept.put(Split.TRAIN, capped(bySplit.getOrDefault(Split.TRAIN, List.of()), TRAIN_PER_KIND));
        kept.put(Split.HELD_OUT, capped(bySplit.getOrDefault(Split.HELD_OUT, List.of()), HELD_OUT_PER_KIND));
        for (PairKind k : PairKind.values()) {
            String pkg = pkgOf(k);
            manifest.append(String.join("\t", k.id, pkg, versions.getOrDefault(pkg, "?"), LICENCES.get(pkg),
                    count(kept.get(Split.TRAIN), k), count(kept.get(Split.HELD_OUT), k),
                    count(bySplit.getOrDefault(Split.EVAL, List.of()), k),
                    Integer.toString(dropped.getOrDefault(k, new int[1])[0]), k.template.replace("\n", "\\n"))).append('\n');
        }
        write(out.resolve("train.jsonl.zst"), kept.get(Split.TRAIN), Split.TRAIN);
        write(out.resolve("held-out.jsonl.zst"), kept.get(Split.HELD_OUT), Split.HELD_OUT);
        AtomicFiles.writeString(out.resolve("MANIFEST.tsv"), manifest.toString());
        System.err.print(manifest);
    }

    private static String pkgOf(PairKind k) {
        return switch (k) {
            case UI_TRANSLATION -> L10N;
            case SYNONYMS -> MYTHES;
            case WORD_TRANSLATION -> FREEDICT;
            default -> HELP_DA;
        };
    }

    private static String count(List<BundledPair> list, PairKind k) {
        return Long.toString(list.stream().filter(p -> p.kind() == k).count());
    }

    /** At most {@code cap} of each kind, chosen and ordered by a hash of the id (which also mixes the kinds). */
    private static List<BundledPair> capped(List<BundledPair> list, int cap) {
        List<BundledPair> sorted = list.stream().sorted(Comparator.comparing((BundledPair p) -> sha1(p.id()))).toList();
        Map<PairKind, Integer> n = new EnumMap<>(PairKind.class);
        List<BundledPair> out = new ArrayList<>();
        for (BundledPair p : sorted) {
            if (n.merge(p.kind(), 1, Integer::sum) <= cap) {
                out.add(p);
            }
        }
        return out;
    }

    private void see(String text, String unit) {
        owner.merge(text, HeldOutPartition.of(unit), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    private Map<String, String> provenance(String pkg, String path) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("package", pkg);
        m.put("version", versions.getOrDefault(pkg, "?"));
        m.put("path", path);
        m.put("licence", LICENCES.get(pkg));
        return m;
    }

    /** Translations, titles and answers from the Danish help aligned with the English by file and block id. */
    private void helpPairs() throws IOException {
        Path daRoot = unpacked.resolve(HELP_DA);
        Path enRoot = unpacked.resolve(HELP_EN);
        Path daHelp = daRoot.resolve("usr/share/libreoffice/help/da");
        Path enHelp = enRoot.resolve("usr/share/libreoffice/help/en-US");
        List<Path> files;
        try (Stream<Path> s = Files.walk(daHelp.resolve("text"))) {
            files = s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
        Map<String, Boolean> englishSeen = new HashMap<>();
        for (Path daFile : files) {
            String rel = daHelp.relativize(daFile).toString();
            Path enFile = enHelp.resolve(rel);
            String daPath = daRoot.relativize(daFile).toString();
            String unit = HeldOutPartition.helpPageUnit("libreoffice-help", daPath);
            HelpPage da = HelpPage.read(daFile, daPath);
            HelpPage en = Files.exists(enFile) ? HelpPage.read(enFile, enRoot.relativize(enFile).toString()) : null;
            da.blocks().forEach(b -> see(b.text(), unit));
            if (en != null) {
                en.blocks().forEach(b -> see(b.text(), unit));
                Map<String, String> enById = new HashMap<>();
                en.blocks().forEach(b -> enById.putIfAbsent(b.id(), b.text()));
                for (HelpPage.Block b : da.blocks()) {
                    String english = enById.get(b.id());
                    if (english == null || english.equals(b.text()) || b.heading() || b.text().length() < 20
                            || b.text().length() > 1000 || english.split(" ").length < 3
                            || englishSeen.putIfAbsent(english, true) != null) {
                        continue;
                    }
                    Map<String, String> prov = provenance(HELP_DA, daPath);
                    prov.put("source_package", HELP_EN);
                    prov.put("source_version", versions.getOrDefault(HELP_EN, "?"));
                    prov.put("source_path", en.path());
                    pairs.add(new BundledPair(PairKind.HELP_TRANSLATION, unit, b.id(), PairKind.HELP_TRANSLATION.prompt(english),
                            b.text(), List.of(english, b.text()), prov));
                }
            }
            sectionPairs(da, unit);
        }
    }

    private void sectionPairs(HelpPage page, String unit) {
        List<HelpPage.Section> sections = page.sections().stream().filter(s -> !s.paragraphs().isEmpty()
                && s.paragraphs().size() <= 8 && s.body().length() >= 40 && s.body().length() <= 1500
                && s.heading().text().length() <= 120 && !s.body().contains(s.heading().text())).toList();
        for (HelpPage.Section s : sections) {
            List<String> quoted = new ArrayList<>(s.paragraphs().stream().map(HelpPage.Block::text).toList());
            quoted.add(s.heading().text());
            pairs.add(new BundledPair(PairKind.SECTION_TITLE, unit, s.heading().id(), PairKind.SECTION_TITLE.prompt(s.body()),
                    s.heading().text(), quoted, provenance(HELP_DA, page.path())));
        }
        if (sections.size() < 2 || sections.size() > 8) {
            return;
        }
        String text = String.join("\n", sections.stream().map(s -> s.heading().text() + "\n" + s.body()).toList());
        if (text.length() > 3000) {
            return;
        }
        List<String> quoted = new ArrayList<>();
        sections.forEach(s -> {
            quoted.add(s.heading().text());
            s.paragraphs().forEach(b -> quoted.add(b.text()));
        });
        for (HelpPage.Section s : sections) {
            pairs.add(new BundledPair(PairKind.ANSWER_FROM_TEXT, unit, s.heading().id(),
                    PairKind.ANSWER_FROM_TEXT.prompt(text, s.heading().text()), s.body(), quoted, provenance(HELP_DA, page.path())));
        }
    }

    /** English -> Danish interface messages, each English message once (its first catalogue in sorted order). */
    private void uiPairs() throws IOException {
        Path root = unpacked.resolve(L10N);
        List<Path> files;
        try (Stream<Path> s = Files.walk(root.resolve("usr/lib/libreoffice/program/resource/da/LC_MESSAGES"))) {
            files = s.filter(p -> p.toString().endsWith(".mo")).sorted().toList();
        }
        Map<String, Boolean> seen = new HashMap<>();
        for (Path f : files) {
            String path = root.relativize(f).toString();
            for (MoFile.Message m : MoFile.read(f, Files.readAllBytes(f))) {
                String en = clean(m.original());
                String da = clean(m.translation());
                if (en.contains("\n") || da.contains("\n") || en.equals(da) || HelpPage.letters(en) < 3
                        || HelpPage.letters(da) < 3 || en.contains("%") || en.contains("$") || en.length() > 300
                        || seen.putIfAbsent(en, true) != null) {
                    continue;
                }
                String unit = "ui-messages:" + en;
                see(en, unit);
                see(da, unit);
                pairs.add(new BundledPair(PairKind.UI_TRANSLATION, unit, "msgid " + sha1(en).substring(0, 12),
                        PairKind.UI_TRANSLATION.prompt(en), da, List.of(en, da), provenance(L10N, path)));
            }
        }
    }

    /** Interface strings without the accelerator marker (~) and with spaces collapsed. */
    private static String clean(String s) {
        return s.replace("~", "").replaceAll("[ \\t\\u00A0]+", " ").strip();
    }

    private void wordPairs() {
        Path mythes = unpacked.resolve(MYTHES);
        String datPath = "usr/share/mythes/th_da_DK.dat";
        for (WordLists.Entry e : WordLists.thesaurus(mythes.resolve(datPath))) {
            if (e.answers().isEmpty() || HelpPage.letters(e.word()) < 2) {
                continue;
            }
            String answer = String.join(", ", e.answers().subList(0, Math.min(8, e.answers().size())));
            String unit = "mythes-da:" + e.word();
            String entry = e.word() + "|" + answer;
            see(entry, unit);
            pairs.add(new BundledPair(PairKind.SYNONYMS, unit, e.where(), PairKind.SYNONYMS.prompt(e.word()), answer,
                    List.of(entry), provenance(MYTHES, datPath)));
        }
        Path freedict = unpacked.resolve(FREEDICT);
        String index = "usr/share/dictd/freedict-dan-eng.index";
        String dict = "usr/share/dictd/freedict-dan-eng.dict.dz";
        for (WordLists.Entry e : WordLists.dictd(freedict.resolve(index), freedict.resolve(dict))) {
            if (e.answers().isEmpty()) {
                continue;
            }
            String answer = String.join("; ", e.answers());
            String unit = "freedict-dan-eng:" + e.word();
            String entry = e.word() + "|" + answer;
            see(entry, unit);
            pairs.add(new BundledPair(PairKind.WORD_TRANSLATION, unit, e.where(), PairKind.WORD_TRANSLATION.prompt(e.word()),
                    answer, List.of(entry), provenance(FREEDICT, dict)));
        }
    }

    private void write(Path file, List<BundledPair> list, Split split) {
        StringBuilder sb = new StringBuilder();
        for (BundledPair p : list) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", p.id());
            row.put("inputs", p.inputs());
            row.put("targets", p.targets());
            row.put("kind", p.kind().id);
            row.put("split", split == Split.TRAIN ? "train" : "held-out");
            row.put("unit", p.unit());
            row.put("element", p.element());
            row.putAll(p.provenance());
            try {
                sb.append(JSON.writeValueAsString(row)).append('\n');
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            var bytes = new java.io.ByteArrayOutputStream();
            try (var zst = new com.github.luben.zstd.ZstdOutputStream(bytes).setLevel(19).setChecksum(true)) {
                zst.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            AtomicFiles.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
