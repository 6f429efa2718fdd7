package dk.snaklib.experiment;

import java.nio.file.Path;
import java.util.Map;

/**
 * Experiment 03 ({@code notebooks/03-continued-pretraining.yaml}): continued pre-training of the base model on the
 * Danish corpus, and per-source perplexity over its checkpoints.
 *
 * @param mixture   per-source weights and token budgets of the Danish corpus
 * @param overrides per preset, the preset values the continued run replaces
 * @param heldOut   the held-out Danish text scored at every checkpoint
 */
public record ContinuedPretrainingSpec(Mixture mixture, Map<String, Map<String, Object>> overrides, HeldOut heldOut) {
    public static final String FILE = "03-continued-pretraining.yaml";

    /**
     * @param weights      corpus source -> weight (2 repeats, 0.5 halves, 0 leaves out); empty: every source once
     * @param tokenBudgets corpus source -> most tokens packed from it; empty: no budgets
     */
    public record Mixture(Map<String, Double> weights, Map<String, Long> tokenBudgets) {
        public Mixture {
            weights = Map.copyOf(weights);
            tokenBudgets = Map.copyOf(tokenBudgets);
        }
    }

    /**
     * @param documentsPerSource held-out documents scored per source at each checkpoint
     * @param maxTokens          tokens of a document scored at most (longer ones are cut)
     */
    public record HeldOut(int documentsPerSource, int maxTokens) {
        public HeldOut {
            if (documentsPerSource < 1 || maxTokens < 2) {
                throw new IllegalArgumentException("key \"held_out\": documents_per_source must be >= 1 and max_tokens >= 2, got "
                        + documentsPerSource + " and " + maxTokens);
            }
        }
    }

    public static ContinuedPretrainingSpec read(Path file) {
        ContinuedPretrainingSpec s = SpecFile.read(file, ContinuedPretrainingSpec.class);
        return new ContinuedPretrainingSpec(s.mixture, PresetOverrides.check(s.overrides, file), s.heldOut);
    }
}
