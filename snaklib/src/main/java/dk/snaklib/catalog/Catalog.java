package dk.snaklib.catalog;

import dk.snaklib.corpus.pipeline.PipelineSpec;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The data catalog: every {@code *.yaml} in the entry folders of a data-catalog folder ({@code sources/},
 * {@code bundled-sources/}, {@code instructions/}, {@code benchmarks/}), one dataset each. Entry points for
 * {@code snak catalog list} ({@link #table()}) and {@code snak catalog show NAME} ({@link #describe(String)}), and
 * for pipelines ({@link #source(String, Path)}).
 */
public final class Catalog {
    private static final Set<String> KNOWN = Set.of("name", "title", "kind", "language", "format", "files", "where",
            "licence", "citation", "extraction", "study");
    private static final Set<String> KINDS = Set.of("pretraining-source", "bundled-source", "base-source",
            "instruction-set", "benchmark");

    private final Map<String, CatalogEntry> entries;

    private Catalog(Map<String, CatalogEntry> entries) {
        this.entries = entries;
    }

    /** The folders of a data catalog that hold entries (pipelines/ and recipes/ do not). */
    public static final List<String> ENTRY_FOLDERS = List.of("sources", "bundled-sources", "instructions", "benchmarks");

    /** Loads every entry under {@code dir} (e.g. {@code data-catalog/}), sorted by folder and name. */
    public static Catalog load(Path dir) {
        List<Path> files = new ArrayList<>();
        for (String folder : ENTRY_FOLDERS) {
            Path sub = dir.resolve(folder);
            if (!Files.isDirectory(sub)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(sub)) {
                s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + sub, e);
            }
        }
        Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        for (Path f : files) {
            CatalogEntry e = parse(f);
            CatalogEntry twin = entries.put(e.name(), e);
            if (twin != null) {
                throw new BadInputException(f, "name \"" + e.name() + "\" is also used by " + twin.file());
            }
        }
        return new Catalog(entries);
    }

    static CatalogEntry parse(Path f) {
        Object root;
        try (Reader r = Files.newBufferedReader(f)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        } catch (RuntimeException e) {
            throw new BadInputException(f, "not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new BadInputException(f, "expected a mapping of fields at the top");
        }
        String kind = required(f, map, "kind");
        if (!KINDS.contains(kind)) {
            throw new BadInputException(f, "field \"kind\" is \"" + kind + "\"; expected one of " + KINDS);
        }
        Object filesField = map.get("files");
        List<String> files = new ArrayList<>();
        if (filesField instanceof List<?> l) {
            l.forEach(x -> files.add(String.valueOf(x)));
        } else if (filesField != null) {
            files.add(String.valueOf(filesField));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!KNOWN.contains(String.valueOf(k))) {
                extra.put(String.valueOf(k), v);
            }
        });
        return new CatalogEntry(required(f, map, "name"), optional(map, "title"), kind, required(f, map, "language"),
                required(f, map, "format"), List.copyOf(files), optional(map, "where"), required(f, map, "licence"),
                optional(map, "citation"), optional(map, "extraction"), Boolean.TRUE.equals(map.get("study")), extra, f);
    }

    private static String required(Path f, Map<?, ?> map, String key) {
        Object v = map.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            throw new BadInputException(f, "field \"" + key + "\" missing");
        }
        return String.valueOf(v);
    }

    private static String optional(Map<?, ?> map, String key) {
        Object v = map.get(key);
        return v == null ? "" : String.valueOf(v);
    }

    public List<CatalogEntry> entries() {
        return List.copyOf(entries.values());
    }

    public List<CatalogEntry> byKind(String kind) {
        return entries.values().stream().filter(e -> e.kind().equals(kind)).toList();
    }

    public CatalogEntry get(String name) {
        CatalogEntry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no catalog entry \"" + name + "\"; known: " + entries.keySet());
        }
        return e;
    }

    /** One line per entry: name, kind, language, format, licence (for {@code snak catalog list}). */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format("%-34s %-18s %-4s %-14s %s%n", "NAME", "KIND", "LANG", "FORMAT", "LICENCE"));
        for (CatalogEntry e : entries.values()) {
            sb.append(String.format("%-34s %-18s %-4s %-14s %s%n", e.name(), e.kind(), e.language(), e.format(), e.licence()));
        }
        return sb.toString();
    }

    /** Every field of one entry (for {@code snak catalog show NAME}). */
    public String describe(String name) {
        CatalogEntry e = get(name);
        StringBuilder sb = new StringBuilder();
        sb.append(e.name()).append(": ").append(e.title()).append('\n');
        line(sb, "kind", e.kind());
        line(sb, "language", e.language());
        line(sb, "format", e.format());
        line(sb, "files", String.join(", ", e.files()));
        line(sb, "where", e.where());
        line(sb, "licence", e.licence());
        line(sb, "citation", e.citation());
        line(sb, "extraction", e.extraction());
        line(sb, "study", Boolean.toString(e.study()));
        e.extra().forEach((k, v) -> line(sb, k, String.valueOf(v)));
        line(sb, "entry", e.file().toString());
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        if (!value.isEmpty()) {
            sb.append(String.format("  %-11s %s%n", key + ":", value));
        }
    }

    /**
     * The pipeline source for a readable entry, its file globs resolved under {@code dataRoot} (sorted); fails
     * naming the entry and the patterns when nothing matches, so a missing download is obvious.
     */
    public PipelineSpec.Source source(String name, Path dataRoot) {
        CatalogEntry e = get(name);
        if (!dk.snaklib.corpus.read.Readers.formats().contains(e.format())) {
            throw new IllegalArgumentException("catalog entry \"" + name + "\" has format " + e.format() + ", not a corpus format");
        }
        return new PipelineSpec.Source(name, e.format(), files(name, dataRoot));
    }

    /**
     * The files of an entry, its paths and globs resolved under {@code dataRoot} (each pattern's matches sorted,
     * patterns in the entry's order); fails naming the entry, the patterns and where to get them when nothing
     * matches. Used for corpus sources and for instruction sets alike.
     */
    public List<Path> files(String name, Path dataRoot) {
        CatalogEntry e = get(name);
        List<Path> inputs = new ArrayList<>();
        for (String pattern : e.files()) {
            Path direct = dataRoot.resolve(pattern);
            if (!pattern.contains("*") && Files.exists(direct)) {
                inputs.add(direct);
                continue;
            }
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            try (Stream<Path> s = Files.walk(dataRoot)) {
                s.filter(p -> m.matches(dataRoot.relativize(p))).sorted().forEach(inputs::add);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot list " + dataRoot, ex);
            }
        }
        if (inputs.isEmpty()) {
            throw new BadInputException(dataRoot, "no files of catalog entry \"" + name + "\" (" + e.files()
                    + "); get them from: " + e.where());
        }
        return inputs;
    }
}
