package dk.snaklib.experiment;

import java.nio.file.Path;

/**
 * Experiment 01 ({@code notebooks/01-corpus.yaml}): which corpus pipeline makes the Danish corpus.
 *
 * @param pipeline the pipeline YAML (relative to the spec file), e.g. the study's pipeline on the bundled corpus;
 *                 its {@code output:} is ignored: the corpus is an artifact in the store
 */
public record CorpusSpec(String pipeline) {
    public static final String FILE = "01-corpus.yaml";

    public static CorpusSpec read(Path file) {
        return SpecFile.read(file, CorpusSpec.class);
    }
}
