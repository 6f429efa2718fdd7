package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.ErrorPolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link CorpusPipeline#run} does: which sources to read, which steps to run with which settings, where to
 * write. A null step config switches that step off. Steps run in this order: study rules, normalise, language ID,
 * quality, exact dedup, MinHash dedup.
 *
 * @param sources         the inputs, read in order; dedup spans all of them
 * @param outputDir       gets corpus/SOURCE.parquet, rejects.parquet, bad-records.tsv, stats.tsv
 * @param policy          bad input: fail fast, or skip and keep aside
 * @param studyRules      the study's per-source extraction rules ({@link StudyRules})
 * @param linePerDocument split every document into lines, like the study's one-document-per-line files
 * @param normalize       NFC and whitespace ({@link Normalizer})
 * @param language        language ID settings, or null
 * @param quality         Gopher rules, or null (the study used none)
 * @param exactDedup      drop exact duplicates
 * @param minhash         near-dedup settings, or null
 */
public record PipelineSpec(List<Source> sources, Path outputDir, ErrorPolicy policy, boolean studyRules,
        boolean linePerDocument, boolean normalize, Language language, GopherQualityFilter.Config quality,
        boolean exactDedup, MinHashDeduplicator.Config minhash) {

    /**
     * One source: its catalog name (unique in a pipeline: it names the output files), its format (see
     * {@link dk.snaklib.corpus.read.Readers}) and its files. A source whose readers yield no document is an error
     * unless {@code allowEmpty} (pipeline file: {@code allow_empty: true} on the source).
     */
    public record Source(String name, String format, List<Path> inputs, boolean allowEmpty) {
        public Source {
            inputs = List.copyOf(inputs);
        }

        public Source(String name, String format, List<Path> inputs) {
            this(name, format, inputs, false);
        }
    }

    /** Language ID: ISO codes of the candidates, Danish threshold, per document or per line. */
    public record Language(List<String> languages, double threshold, LanguageFilter.Mode mode) implements java.io.Serializable {
        public static Language study() {
            return new Language(LanguageFilter.DEFAULT_LANGUAGES, LanguageFilter.DEFAULT_THRESHOLD, LanguageFilter.Mode.LINE);
        }
    }

    public PipelineSpec {
        sources = List.copyOf(sources);
        for (int i = 0; i < sources.size(); i++) {
            for (int j = i + 1; j < sources.size(); j++) {
                if (sources.get(i).name().equals(sources.get(j).name())) {
                    throw new IllegalArgumentException("sources " + (i + 1) + " and " + (j + 1) + " are both named \""
                            + sources.get(i).name() + "\" (" + sources.get(i) + ", " + sources.get(j)
                            + "); each source needs its own name, which names its output files");
                }
            }
        }
    }

    /** The study's pipeline: its extraction rules, one document per line, language ID per line (> 0.6), MinHash. */
    public static PipelineSpec study(List<Source> sources, Path outputDir) {
        return new PipelineSpec(sources, outputDir, ErrorPolicy.SKIP, true, true, true, Language.study(), null, true,
                MinHashDeduplicator.Config.study());
    }

    public PipelineSpec withQuality(GopherQualityFilter.Config q) {
        return new PipelineSpec(sources, outputDir, policy, studyRules, linePerDocument, normalize, language, q, exactDedup, minhash);
    }

    public PipelineSpec withLanguage(Language l) {
        return new PipelineSpec(sources, outputDir, policy, studyRules, linePerDocument, normalize, l, quality, exactDedup, minhash);
    }

    public PipelineSpec withMinhash(MinHashDeduplicator.Config m) {
        return new PipelineSpec(sources, outputDir, policy, studyRules, linePerDocument, normalize, language, quality, exactDedup, m);
    }

    public PipelineSpec withPolicy(ErrorPolicy p) {
        return new PipelineSpec(sources, outputDir, p, studyRules, linePerDocument, normalize, language, quality, exactDedup, minhash);
    }

    public PipelineSpec withLinePerDocument(boolean lines) {
        return new PipelineSpec(sources, outputDir, policy, studyRules, lines, normalize, language, quality, exactDedup, minhash);
    }
}
