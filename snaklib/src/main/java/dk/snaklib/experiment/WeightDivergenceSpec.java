package dk.snaklib.experiment;

import java.nio.file.Path;

/**
 * Experiment 07 ({@code notebooks/07-weight-divergence.yaml}): weight divergence of the base model against each
 * checkpoint of notebook 03's continued pre-training, as the study's {@code analyze/divergence} code measures it.
 *
 * @param topK    most and least changed vocabulary rows kept per embedding matrix (the study's {@code --top-k} 200)
 * @param threads tensors compared at once (the wall time depends on it, the numbers do not)
 */
public record WeightDivergenceSpec(int topK, int threads) {
    public static final String FILE = "07-weight-divergence.yaml";

    public WeightDivergenceSpec {
        if (topK < 0 || threads < 1) {
            throw new IllegalArgumentException("key \"top_k\" must be >= 0 and \"threads\" >= 1, got " + topK + " and " + threads);
        }
    }

    public static WeightDivergenceSpec read(Path file) {
        return SpecFile.read(file, WeightDivergenceSpec.class);
    }
}
