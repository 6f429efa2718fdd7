package dk.snaklib.experiment;

import dk.snaklib.eval.DanishTasks;
import dk.snaklib.util.BadInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Experiment 06 ({@code notebooks/06-source-mixtures.yaml}): leave-one-source-out continued pre-training. The base
 * model is continued once on the full Danish mixture and once without each source, all at the same scale, and each
 * run is scored on the bundled Danish tasks and on every source's held-out text.
 *
 * @param sources            corpus sources left out one at a time; empty: every source of the corpus
 * @param overrides          per preset, the preset values every run of this experiment replaces
 * @param evaluation         the bundled tasks scored and their bootstrap iterations
 * @param evaluationByPreset per preset, an evaluation that replaces {@code evaluation} whole
 * @param heldOut            the held-out Danish text scored per source at each run's final checkpoint
 */
public record SourceMixturesSpec(List<String> sources, Map<String, Map<String, Object>> overrides, Evaluation evaluation,
                                 Map<String, Evaluation> evaluationByPreset, ContinuedPretrainingSpec.HeldOut heldOut) {
    public static final String FILE = "06-source-mixtures.yaml";

    /**
     * @param tasks      bundled task names (ScandEval v13 configurations, docs/evaluation.md), scored on their
     *                   validation split
     * @param iterations bootstrap iterations per task (v13: 10); at least 2, so each score has an interval
     */
    public record Evaluation(List<String> tasks, int iterations) {
        public Evaluation {
            tasks = List.copyOf(tasks);
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException("key \"tasks\": name at least one bundled task");
            }
            tasks.forEach(DanishTasks::byName);
            if (iterations < 2) {
                throw new IllegalArgumentException("key \"iterations\": at least 2 (an interval needs two), got " + iterations);
            }
        }
    }

    public SourceMixturesSpec {
        sources = List.copyOf(sources);
        evaluationByPreset = Map.copyOf(evaluationByPreset);
    }

    /** The evaluation at {@code preset}: its own entry in {@code evaluation_by_preset}, else {@code evaluation}. */
    public Evaluation evaluationFor(String preset) {
        return evaluationByPreset.getOrDefault(preset, evaluation);
    }

    public static SourceMixturesSpec read(Path file) {
        SourceMixturesSpec s = SpecFile.read(file, SourceMixturesSpec.class);
        if (s.sources.stream().distinct().count() != s.sources.size()) {
            throw new BadInputException(file, "key \"sources\": a source is named twice in " + s.sources);
        }
        return new SourceMixturesSpec(s.sources, PresetOverrides.check(s.overrides, file), s.evaluation, s.evaluationByPreset,
                s.heldOut);
    }
}
