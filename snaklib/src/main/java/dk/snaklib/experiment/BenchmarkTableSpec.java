package dk.snaklib.experiment;

import java.nio.file.Path;

/**
 * Experiment 08 ({@code notebooks/08-benchmark-table.yaml}): the study's table shape beside its published numbers.
 *
 * @param publishedScores the CSV of the study's published scores ({@link PublishedScores}), relative to the spec
 */
public record BenchmarkTableSpec(String publishedScores) {
    public static final String FILE = "08-benchmark-table.yaml";

    public static BenchmarkTableSpec read(Path file) {
        return SpecFile.read(file, BenchmarkTableSpec.class);
    }
}
