package dk.snaklib.experiment;

import dk.snaklib.tune.PromptTemplate;

import java.nio.file.Path;
import java.util.Map;

/**
 * Experiment 07 ({@code notebooks/07-weight-divergence.yaml}): weight divergence of the base model against each
 * checkpoint of notebook 03's continued pre-training, and of checkpoints against their instruction-tuned models, as
 * the study's {@code analyze/divergence} code measures it.
 *
 * @param topK    most and least changed vocabulary rows kept per embedding matrix (the study's {@code --top-k} 200)
 * @param threads tensors compared at once (the wall time depends on it, the numbers do not)
 * @param tuned   which continued checkpoints are instruction-tuned and compared with their tuned model
 */
public record WeightDivergenceSpec(int topK, int threads, Tuned tuned) {
    public static final String FILE = "07-weight-divergence.yaml";

    /**
     * @param template      prompt template of the tuning ({@link PromptTemplate#named}: concat, chat, alpaca, ...)
     * @param everyByPreset per preset, tune every k-th continued checkpoint (counted back from the last, which is
     *                      always tuned, so the notebook has at least one); a preset not named tunes every
     *                      checkpoint, as the study
     */
    public record Tuned(String template, Map<String, Integer> everyByPreset) {
        public Tuned {
            everyByPreset = Map.copyOf(everyByPreset);
            PromptTemplate.named(template); // an unknown template fails when the spec is read
            everyByPreset.forEach((p, k) -> {
                if (k < 1) {
                    throw new IllegalArgumentException("key \"tuned.every_by_preset." + p + "\": must be >= 1 (1: every checkpoint), got " + k);
                }
            });
        }

        public int every(String preset) {
            return everyByPreset.getOrDefault(preset, 1);
        }
    }

    public WeightDivergenceSpec {
        if (topK < 0 || threads < 1) {
            throw new IllegalArgumentException("key \"top_k\" must be >= 0 and \"threads\" >= 1, got " + topK + " and " + threads);
        }
        if (tuned == null) {
            throw new IllegalArgumentException("key \"tuned\" is missing");
        }
    }

    public static WeightDivergenceSpec read(Path file) {
        return SpecFile.read(file, WeightDivergenceSpec.class);
    }
}
