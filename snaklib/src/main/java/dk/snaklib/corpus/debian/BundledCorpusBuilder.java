package dk.snaklib.corpus.debian;

import static dk.snaklib.corpus.debian.TextHash.sha1;

import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.util.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Builds the bundled corpus from unpacked Debian packages (see data-catalog/recipes/bundled-corpus.sh):
 * {@code LANG/SOURCE.jsonl.zst} with one document per page/section/man page/catalogue, a MANIFEST.tsv with package
 * versions, licences and sizes, and {@code langid-test.tsv.zst}, lines of 10+ words per language held out from
 * the corpus. Paragraphs that occur verbatim in the English packages are untranslated leftovers and are left
 * out of the other languages. The output depends only on the package contents: files are read in sorted order
 * and nothing time-dependent is written.
 *
 * <p>Usage: {@code BundledCorpusBuilder UNPACKED_DIR VERSIONS_TSV OUT_DIR}; UNPACKED_DIR has one folder per
 * package, VERSIONS_TSV lines "package TAB version".
 */
public final class BundledCorpusBuilder {
    /** Lines per language in the language-ID test set. */
    static final int TEST_LINES = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Doc(String id, String path, List<String> paragraphs) {}

    private final Path unpacked;
    private final Map<String, String> versions;

    BundledCorpusBuilder(Path unpacked, Map<String, String> versions) {
        this.unpacked = unpacked;
        this.versions = versions;
    }

    public static void main(String[] args) throws IOException {
        UnpackedPackages packages = UnpackedPackages.fromArgs("BundledCorpusBuilder", args, "OUT_DIR");
        new BundledCorpusBuilder(packages.dir(), packages.versions()).build(Path.of(args[2]));
    }

    void build(Path out) throws IOException {
        Map<RecipeSource, List<Doc>> corpus = new LinkedHashMap<>();
        for (RecipeSource s : BundledCorpusRecipe.CORPUS) {
            corpus.put(s, documents(s));
            System.err.printf("%s/%s: %d documents%n", s.language(), s.name(), corpus.get(s).size());
        }
        Set<String> english = new HashSet<>();
        corpus.forEach((s, docs) -> {
            if (s.language().equals("en")) {
                docs.forEach(d -> english.addAll(d.paragraphs()));
            }
        });
        Map<String, Integer> untranslated = new TreeMap<>();
        for (var e : corpus.entrySet()) {
            if (!e.getKey().language().equals("en")) {
                e.setValue(dropUntranslated(e.getValue(), english, untranslated, key(e.getKey())));
            }
        }
        // The language-ID test set: Danish lines are taken out of the corpus, so they are truly held out.
        Map<String, List<String>> test = new TreeMap<>();
        Set<String> heldOut = new HashSet<>();
        for (String lang : List.of("da", "en")) {
            List<String> lines = new ArrayList<>();
            corpus.forEach((s, docs) -> {
                if (s.language().equals(lang)) {
                    docs.forEach(d -> lines.addAll(d.paragraphs()));
                }
            });
            test.put(lang, sample(lines));
            if (lang.equals("da")) {
                heldOut.addAll(test.get(lang));
            }
        }
        Map<String, List<String>> other = new TreeMap<>();
        for (RecipeSource s : BundledCorpusRecipe.LANGID_TEST) {
            List<Doc> docs = dropUntranslated(documents(s), english, untranslated, key(s));
            docs.forEach(d -> other.computeIfAbsent(s.language(), k -> new ArrayList<>()).addAll(d.paragraphs()));
        }
        other.forEach((lang, lines) -> test.put(lang, sample(lines)));

        StringBuilder manifest = new StringBuilder(
                "language\tsource\tpackage\tversion\tlicence\tregister\tdocuments\twords\tchars\tuntranslated_paragraphs_dropped\tfile\n");
        for (var e : corpus.entrySet()) {
            RecipeSource s = e.getKey();
            List<Doc> docs = e.getValue().stream().map(d -> new Doc(d.id(), d.path(),
                    d.paragraphs().stream().filter(p -> !heldOut.contains(p)).toList()))
                    .filter(d -> !d.paragraphs().isEmpty()).toList();
            Path file = out.resolve(s.language()).resolve(s.name() + ".jsonl.zst");
            long[] size = write(file, s, docs);
            manifest.append(String.join("\t", s.language(), s.name(), s.pkg(), versions.getOrDefault(s.pkg(), "?"),
                    s.licence(), s.register(), Long.toString(docs.size()), Long.toString(size[0]), Long.toString(size[1]),
                    Integer.toString(untranslated.getOrDefault(key(s), 0)), out.relativize(file).toString())).append('\n');
        }
        AtomicFiles.writeString(out.resolve("MANIFEST.tsv"), manifest.toString());
        StringBuilder tsv = new StringBuilder("language\ttext\n");
        test.forEach((lang, lines) -> lines.forEach(l -> tsv.append(lang).append('\t').append(l).append('\n')));
        writeZstd(out.resolve("langid-test.tsv.zst"), tsv.toString());
        System.err.print(manifest);
    }

    private static String key(RecipeSource s) {
        return s.language() + "/" + s.name();
    }

    /** Up to TEST_LINES distinct lines of 10+ words, chosen by a hash of their text (stable across runs). */
    static List<String> sample(List<String> lines) {
        TreeMap<String, String> byHash = new TreeMap<>();
        for (String l : lines) {
            if (l.split("\\s+").length >= 10 && l.length() <= 1000) {
                byHash.put(sha1(l) + l, l);
            }
        }
        return byHash.values().stream().limit(TEST_LINES).toList();
    }

    private static List<Doc> dropUntranslated(List<Doc> docs, Set<String> english, Map<String, Integer> counts, String key) {
        List<Doc> out = new ArrayList<>();
        for (Doc d : docs) {
            List<String> kept = d.paragraphs().stream().filter(p -> !english.contains(p) || !hasLetters(p)).toList();
            counts.merge(key, d.paragraphs().size() - kept.size(), Integer::sum);
            if (!kept.isEmpty()) {
                out.add(new Doc(d.id(), d.path(), kept));
            }
        }
        return out;
    }

    private static boolean hasLetters(String s) {
        return s.codePoints().filter(Character::isLetter).count() >= 3;
    }

    List<Doc> documents(RecipeSource s) throws IOException {
        Path root = unpacked.resolve(s.pkg());
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + s.glob());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(p -> matcher.matches(root.relativize(p))).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no files match " + s.glob() + " in " + root);
        }
        List<Doc> docs = new ArrayList<>();
        for (Path f : files) {
            String rel = root.relativize(f).toString();
            switch (s.kind()) {
                case "html" -> docs.add(new Doc(rel, rel, HtmlText.paragraphs(f, s.content(), s.remove())));
                case "html-sections" -> docs.addAll(sections(f, rel, s));
                case "man" -> docs.add(new Doc(rel, rel, ManPageText.paragraphs(gunzip(f))));
                case "mo", "mo-original" -> docs.add(new Doc(rel, rel, messages(f, s.kind().equals("mo"))));
                default -> throw new IllegalArgumentException("unknown kind " + s.kind());
            }
        }
        return docs.stream().filter(d -> !d.paragraphs().isEmpty()).toList();
    }

    /** One document per matched element, without the text of nested matches (they are documents of their own). */
    private static List<Doc> sections(Path f, String rel, RecipeSource s) throws IOException {
        var page = Jsoup.parse(f.toFile(), "UTF-8");
        page.select("script, style").remove();
        List<Doc> out = new ArrayList<>();
        int i = 0;
        for (Element e : page.select(s.content())) {
            Element copy = e.clone();
            copy.select(s.content()).stream().filter(x -> x != copy).forEach(Element::remove);
            Element title = e.selectFirst("h1, h2, h3, h4");
            if (!s.remove().isEmpty()) {
                copy.select(s.remove()).remove();
            }
            List<String> paragraphs = new ArrayList<>();
            if (title != null) {
                paragraphs.add(title.text().strip());
            }
            paragraphs.addAll(HtmlText.paragraphs(copy));
            out.add(new Doc(rel + "#" + (++i), rel, paragraphs.stream().filter(p -> !p.isEmpty()).distinct().toList()));
        }
        return out;
    }

    private static List<String> messages(Path f, boolean translations) throws IOException {
        Set<String> seen = new java.util.LinkedHashSet<>();
        for (MoFile.Message m : MoFile.read(f, Files.readAllBytes(f))) {
            if (translations && m.translation().equals(m.original())) {
                continue; // untranslated
            }
            for (String line : (translations ? m.translation() : m.original()).split("\n")) {
                String t = line.replace("~", "").replaceAll("\\s+", " ").strip();
                if (hasLetters(t) && !t.contains("%") && !t.contains("$")) {
                    seen.add(t);
                }
            }
        }
        return List.copyOf(seen);
    }

    private static String gunzip(Path f) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(f))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes documents as JSON lines (id, text, package, version, path), zstd-compressed; returns words and chars. */
    private long[] write(Path file, RecipeSource s, List<Doc> docs) {
        StringBuilder sb = new StringBuilder();
        long words = 0;
        long chars = 0;
        for (Doc d : docs) {
            String text = String.join("\n", d.paragraphs());
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", s.language() + "/" + s.name() + ":" + d.id());
            row.put("text", text);
            row.put("package", s.pkg());
            row.put("version", versions.getOrDefault(s.pkg(), "?"));
            row.put("path", d.path());
            try {
                sb.append(JSON.writeValueAsString(row)).append('\n');
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            words += text.isBlank() ? 0 : text.strip().split("\\s+").length;
            chars += text.length();
        }
        writeZstd(file, sb.toString());
        return new long[] {words, chars};
    }

    /**
     * zstd level 19 with a content checksum: as small as xz -9 here, but decoded about ten times faster (zstd-jni is
     * native, xz-java is not), which matters because every pipeline run starts by decoding these files.
     */
    private static void writeZstd(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            var bytes = new java.io.ByteArrayOutputStream();
            try (OutputStream zst = new com.github.luben.zstd.ZstdOutputStream(bytes).setLevel(19).setChecksum(true);
                    Writer w = new java.io.OutputStreamWriter(zst, StandardCharsets.UTF_8)) {
                w.write(content);
            }
            AtomicFiles.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
