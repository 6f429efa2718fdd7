package dk.snaklib.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Evaluation#run} scores.
 *
 * @param modelDir                  HF model folder (config.json, model.safetensors, tokenizer.json)
 * @param modelId                   the id written into records (defaults to the folder name, {@code base+adapter}
 *                                  with an adapter)
 * @param adapterDir                PEFT LoRA adapter folder attached over the model while scoring, or null
 * @param tasks                     dataset names (see {@link DanishTasks} and {@link BundledTasks})
 * @param dataDir                   folder holding one sub-folder per dataset with train/val/test files
 * @param onlyValidationSplit       score the val split instead of test (v13's --only-validation-split)
 * @param iterations                bootstrap iterations (v13: 10)
 * @param labelRule                 v13's top-10 rule (default) or the full-vocabulary variant
 * @param lengthWithGeneratedTokens record max_sequence_length as v13.0.0 (+ max generated tokens) or v13.1+
 * @param resultsFile               JSON lines file to append records to, or null
 * @param overflow                  what to do with a prompt longer than the context (v13: truncate from the left)
 * @param prefixCache               reuse the keys/values of the few-shot prefix shared by an iteration's prompts
 *                                  (same scores; off only to measure it)
 */
public record EvalSpec(Path modelDir, String modelId, Path adapterDir, List<String> tasks, Path dataDir,
        boolean onlyValidationSplit, int iterations, ModelRunner.LabelRule labelRule, boolean lengthWithGeneratedTokens,
        Path resultsFile, Overflow overflow, boolean prefixCache) {

    /** A prompt longer than the model's context minus the tokens to generate. */
    public enum Overflow {
        /** v13 (tokenizer {@code truncation_side="left"}): cut tokens from the start, keeping BOS. */
        TRUNCATE_LEFT,
        /**
         * Ours: leave out shots, last first, until the prompt fits (the prefix and the query are kept whole); cut from
         * the left only if the query alone is too long. Differs from v13, which keeps every shot's end and cuts the
         * prefix and the first shots mid-text.
         */
        DROP_SHOTS
    }

    public EvalSpec {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        tasks = List.copyOf(tasks);
        tasks.forEach(DanishTasks::byName);
        if (modelId == null && modelDir != null) {
            modelId = modelDir.getFileName().toString()
                    + (adapterDir == null ? "" : "+" + adapterDir.toAbsolutePath().normalize().getFileName());
        }
        if (overflow == null) {
            overflow = Overflow.TRUNCATE_LEFT;
        }
    }

    /** v13 defaults: test split, 10 iterations, top-10 label rule, v13.0.0 lengths, no results file, no adapter. */
    public static EvalSpec of(Path modelDir, List<String> tasks, Path dataDir) {
        return new EvalSpec(modelDir, null, null, tasks, dataDir, false, 10, ModelRunner.LabelRule.TOP10, true, null,
                Overflow.TRUNCATE_LEFT, true);
    }

    /** All {@link BundledTasks bundled} tasks of the repository checkout at {@code repoRoot}, v13 defaults otherwise. */
    public static EvalSpec bundled(Path modelDir, Path repoRoot) {
        return of(modelDir, BundledTasks.names(), BundledTasks.dataDir(repoRoot));
    }

    public EvalSpec withOnlyValidationSplit(boolean v) {
        return new EvalSpec(modelDir, modelId, adapterDir, tasks, dataDir, v, iterations, labelRule,
                lengthWithGeneratedTokens, resultsFile, overflow, prefixCache);
    }

    public EvalSpec withIterations(int n) {
        return new EvalSpec(modelDir, modelId, adapterDir, tasks, dataDir, onlyValidationSplit, n, labelRule,
                lengthWithGeneratedTokens, resultsFile, overflow, prefixCache);
    }

    public EvalSpec withLabelRule(ModelRunner.LabelRule rule) {
        return new EvalSpec(modelDir, modelId, adapterDir, tasks, dataDir, onlyValidationSplit, iterations, rule,
                lengthWithGeneratedTokens, resultsFile, overflow, prefixCache);
    }

    public EvalSpec withResultsFile(Path file) {
        return new EvalSpec(modelDir, modelId, adapterDir, tasks, dataDir, onlyValidationSplit, iterations, labelRule,
                lengthWithGeneratedTokens, file, overflow, prefixCache);
    }

    public EvalSpec withModelId(String id) {
        return new EvalSpec(modelDir, id, adapterDir, tasks, dataDir, onlyValidationSplit, iterations, labelRule,
                lengthWithGeneratedTokens, resultsFile, overflow, prefixCache);
    }

    /** Scores the model with this PEFT adapter attached (the default id becomes {@code model+adapter}). */
    public EvalSpec withAdapter(Path dir) {
        boolean defaultId = modelDir != null && modelId != null && modelId.equals(
                new EvalSpec(modelDir, null, adapterDir, tasks, dataDir, false, 1, labelRule, true, null, null, true).modelId());
        String id = defaultId ? null : modelId;   // a default id follows the adapter; an id the caller set stays
        return new EvalSpec(modelDir, id, dir, tasks, dataDir, onlyValidationSplit, iterations, labelRule,
                lengthWithGeneratedTokens, resultsFile, overflow, prefixCache);
    }

    public EvalSpec withTasks(List<String> names) {
        return new EvalSpec(modelDir, modelId, adapterDir, names, dataDir, onlyValidationSplit, iterations, labelRule,
                lengthWithGeneratedTokens, resultsFile, overflow, prefixCache);
    }

    public EvalSpec withOverflow(Overflow o) {
        return new EvalSpec(modelDir, modelId, adapterDir, tasks, dataDir, onlyValidationSplit, iterations, labelRule,
                lengthWithGeneratedTokens, resultsFile, o, prefixCache);
    }

    public EvalSpec withPrefixCache(boolean on) {
        return new EvalSpec(modelDir, modelId, adapterDir, tasks, dataDir, onlyValidationSplit, iterations, labelRule,
                lengthWithGeneratedTokens, resultsFile, overflow, on);
    }
}
