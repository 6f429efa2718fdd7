package dk.snaklib.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Evaluation#run} scores.
 *
 * @param modelDir                  HF model folder (config.json, model.safetensors, tokenizer.json)
 * @param modelId                   the id written into records (defaults to the folder name)
 * @param tasks                     dataset names (see {@link DanishTasks})
 * @param dataDir                   folder holding one sub-folder per dataset with train/val/test files
 * @param onlyValidationSplit       score the val split instead of test (v13's --only-validation-split)
 * @param iterations                bootstrap iterations (v13: 10)
 * @param labelRule                 v13's top-10 rule (default) or the full-vocabulary variant
 * @param lengthWithGeneratedTokens record max_sequence_length as v13.0.0 (+ max generated tokens) or v13.1+
 * @param resultsFile               JSON lines file to append records to, or null
 */
public record EvalSpec(Path modelDir, String modelId, List<String> tasks, Path dataDir, boolean onlyValidationSplit,
        int iterations, ModelRunner.LabelRule labelRule, boolean lengthWithGeneratedTokens, Path resultsFile) {
    public EvalSpec {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        tasks.forEach(DanishTasks::byName);
        if (modelId == null && modelDir != null) {
            modelId = modelDir.getFileName().toString();
        }
    }

    /** v13 defaults: test split, 10 iterations, top-10 label rule, v13.0.0 lengths, no results file. */
    public static EvalSpec of(Path modelDir, List<String> tasks, Path dataDir) {
        return new EvalSpec(modelDir, null, tasks, dataDir, false, 10, ModelRunner.LabelRule.TOP10, true, null);
    }

    public EvalSpec withOnlyValidationSplit(boolean v) {
        return new EvalSpec(modelDir, modelId, tasks, dataDir, v, iterations, labelRule, lengthWithGeneratedTokens, resultsFile);
    }

    public EvalSpec withIterations(int n) {
        return new EvalSpec(modelDir, modelId, tasks, dataDir, onlyValidationSplit, n, labelRule, lengthWithGeneratedTokens, resultsFile);
    }

    public EvalSpec withLabelRule(ModelRunner.LabelRule rule) {
        return new EvalSpec(modelDir, modelId, tasks, dataDir, onlyValidationSplit, iterations, rule, lengthWithGeneratedTokens, resultsFile);
    }

    public EvalSpec withResultsFile(Path file) {
        return new EvalSpec(modelDir, modelId, tasks, dataDir, onlyValidationSplit, iterations, labelRule, lengthWithGeneratedTokens, file);
    }

    public EvalSpec withModelId(String id) {
        return new EvalSpec(modelDir, id, tasks, dataDir, onlyValidationSplit, iterations, labelRule, lengthWithGeneratedTokens, resultsFile);
    }
}
