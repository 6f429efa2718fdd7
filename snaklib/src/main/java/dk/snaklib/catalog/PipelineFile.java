package dk.snaklib.catalog;

import dk.snaklib.corpus.ErrorPolicy;
import dk.snaklib.corpus.pipeline.GopherQualityFilter;
import dk.snaklib.corpus.pipeline.LanguageFilter;
import dk.snaklib.corpus.pipeline.MinHashDeduplicator;
import dk.snaklib.corpus.pipeline.PipelineSpec;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A pipeline YAML file ({@code snak corpus run PIPELINE.yaml}) -> {@link PipelineSpec}. Starts from the study's
 * settings; every key overrides one. Relative paths are resolved against the YAML file's folder.
 * <pre>
 * output: ../../runs/corpus-bundled        # required
 * data_root: ..                            # where catalog entries' files are looked up (default: the file's folder)
 * policy: skip                             # skip | fail-fast
 * study_rules: true
 * line_per_document: true
 * normalize: true
 * language: {languages: [da, nb, nn, sv, en, de], threshold: 0.6, mode: line}   # or: false
 * quality: false                           # or: true (Gopher's values)
 * exact_dedup: true
 * minhash: {permutations: 64, threshold: 0.85, ngram: 5, seed: 42}             # or: false
 * sources:
 *   - catalog: bundled-da-manpages         # format and files from data-catalog/
 *   - {name: notes, format: lines, files: [notes.txt.gz]}
 *   - {catalog: reddit, allow_empty: true}    # no documents from this source is not an error
 * </pre>
 * Source names must be unique (they name the output files): a repeated name is refused naming both entries.
 */
public final class PipelineFile {
    private static final Set<String> KEYS = Set.of("output", "data_root", "policy", "study_rules", "line_per_document",
            "normalize", "language", "quality", "exact_dedup", "minhash", "sources");

    private PipelineFile() {}

    /** Loads {@code yaml}; catalog sources are looked up in {@code catalog}. */
    public static PipelineSpec load(Path yaml, Catalog catalog) {
        Map<?, ?> m = read(yaml);
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new BadInputException(yaml, "unknown key \"" + k + "\"; known: " + KEYS);
            }
        }
        Path dir = yaml.toAbsolutePath().getParent();
        if (m.get("output") == null) {
            throw new BadInputException(yaml, "key \"output\" missing (the run's output folder)");
        }
        Path dataRoot = dir.resolve(String.valueOf(m.containsKey("data_root") ? m.get("data_root") : ".")).normalize();
        List<PipelineSpec.Source> sources = sources(yaml, m.get("sources"), catalog, dataRoot);
        PipelineSpec spec = PipelineSpec.study(sources, dir.resolve(String.valueOf(m.get("output"))).normalize());
        ErrorPolicy policy = switch (String.valueOf(m.containsKey("policy") ? m.get("policy") : "skip")) {
            case "skip" -> ErrorPolicy.SKIP;
            case "fail-fast" -> ErrorPolicy.FAIL_FAST;
            default -> throw new BadInputException(yaml, "policy must be skip or fail-fast, not " + m.get("policy"));
        };
        return new PipelineSpec(spec.sources(), spec.outputDir(), policy,
                bool(yaml, m, "study_rules", spec.studyRules()), bool(yaml, m, "line_per_document", spec.linePerDocument()),
                bool(yaml, m, "normalize", spec.normalize()), language(yaml, m.get("language"), spec.language()),
                quality(yaml, m.get("quality")), bool(yaml, m, "exact_dedup", spec.exactDedup()),
                minhash(yaml, m.get("minhash"), spec.minhash()));
    }

    private static Map<?, ?> read(Path yaml) {
        try (Reader r = Files.newBufferedReader(yaml)) {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            if (root instanceof Map<?, ?> m) {
                return m;
            }
            throw new BadInputException(yaml, "expected a mapping of settings at the top");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yaml, e);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new BadInputException(yaml, "not valid YAML: " + e.getMessage(), e);
        }
    }

    private static List<PipelineSpec.Source> sources(Path yaml, Object field, Catalog catalog, Path dataRoot) {
        if (!(field instanceof List<?> list) || list.isEmpty()) {
            throw new BadInputException(yaml, "key \"sources\" must list at least one source");
        }
        List<PipelineSpec.Source> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> s)) {
                throw new BadInputException(yaml, "each source is a mapping (catalog: NAME, or name/format/files)");
            }
            boolean allowEmpty = bool(yaml, s, "allow_empty", false);
            PipelineSpec.Source source;
            if (s.get("catalog") != null) {
                PipelineSpec.Source c = catalog.source(String.valueOf(s.get("catalog")), dataRoot);
                source = new PipelineSpec.Source(c.name(), c.format(), c.inputs(), allowEmpty);
            } else if (s.get("name") != null && s.get("format") != null && s.get("files") instanceof List<?> files) {
                source = new PipelineSpec.Source(String.valueOf(s.get("name")), String.valueOf(s.get("format")),
                        files.stream().map(f -> dataRoot.resolve(String.valueOf(f))).toList(), allowEmpty);
            } else {
                throw new BadInputException(yaml, "source " + s + ": give catalog: NAME, or name, format and files");
            }
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).name().equals(source.name())) {
                    throw new BadInputException(yaml, "sources " + (i + 1) + " and " + (out.size() + 1) + " are both named \""
                            + source.name() + "\" (" + list.get(i) + " and " + s + "); each source needs its own name, "
                            + "which names its output files corpus/NAME.parquet");
                }
            }
            out.add(source);
        }
        return out;
    }

    private static boolean bool(Path yaml, Map<?, ?> m, String key, boolean dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new BadInputException(yaml, "key \"" + key + "\" must be true or false, not " + v);
    }

    private static PipelineSpec.Language language(Path yaml, Object v, PipelineSpec.Language dflt) {
        if (v == null || Boolean.TRUE.equals(v)) {
            return dflt;
        }
        if (Boolean.FALSE.equals(v)) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new BadInputException(yaml, "key \"language\" must be false or a mapping");
        }
        List<String> langs = m.get("languages") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : dflt.languages();
        double threshold = m.get("threshold") instanceof Number n ? n.doubleValue() : dflt.threshold();
        LanguageFilter.Mode mode = m.get("mode") == null ? dflt.mode()
                : LanguageFilter.Mode.valueOf(String.valueOf(m.get("mode")).toUpperCase(Locale.ROOT));
        return new PipelineSpec.Language(langs, threshold, mode);
    }

    private static GopherQualityFilter.Config quality(Path yaml, Object v) {
        if (v == null || Boolean.FALSE.equals(v)) {
            return null;
        }
        if (Boolean.TRUE.equals(v)) {
            return GopherQualityFilter.Config.gopher();
        }
        throw new BadInputException(yaml, "key \"quality\" must be true (Gopher's values) or false");
    }

    private static MinHashDeduplicator.Config minhash(Path yaml, Object v, MinHashDeduplicator.Config dflt) {
        if (v == null || Boolean.TRUE.equals(v)) {
            return dflt;
        }
        if (Boolean.FALSE.equals(v)) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new BadInputException(yaml, "key \"minhash\" must be false or a mapping");
        }
        return new MinHashDeduplicator.Config(
                m.get("permutations") instanceof Number n ? n.intValue() : dflt.numPerm(),
                m.get("threshold") instanceof Number t ? t.doubleValue() : dflt.threshold(),
                m.get("ngram") instanceof Number g ? g.intValue() : dflt.ngram(),
                m.get("seed") instanceof Number s ? s.longValue() : dflt.seed());
    }
}
