package dk.snaklib.eval;

import dk.snaklib.model.HfModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The benchmark recipe: {@code Evaluation.run(spec)} scores a model on ScandEval v13's Danish datasets and returns
 * the records (appended to the spec's results file when it names one) and a table of the totals.
 */
public final class Evaluation {
    /** The runs, one per dataset, and what was said about them. */
    public record Result(List<DatasetRun> runs, List<String> notes) {
        public List<BenchmarkResult> records() {
            return runs.stream().map(DatasetRun::record).toList();
        }

        /** One row per dataset x metric: dataset, metric, score, se (totals' scale). */
        public Table table() {
            StringColumn dataset = StringColumn.create("dataset");
            StringColumn metric = StringColumn.create("metric");
            DoubleColumn score = DoubleColumn.create("score");
            DoubleColumn se = DoubleColumn.create("se");
            for (BenchmarkResult r : records()) {
                for (var e : r.total().entrySet()) {
                    if (!e.getKey().endsWith("_se")) {
                        dataset.append(r.dataset());
                        metric.append(e.getKey().substring("test_".length()));
                        score.append(e.getValue());
                        se.append(r.total().getOrDefault(e.getKey() + "_se", Double.NaN));
                    }
                }
            }
            return Table.create("scandeval", dataset, metric, score, se);
        }
    }

    private Evaluation() {}

    public static Result run(EvalSpec spec) {
        try (HfModel model = HfModel.open(spec.modelDir())) {
            return run(spec, model);
        }
    }

    /** Scores an already open model (the spec's modelDir is then only used for the default id). */
    public static Result run(EvalSpec spec, HfModel model) {
        ModelRunner runner = new ModelRunner(model.model(), model.tokenizer());
        Map<String, LabelTokens> rules = new HashMap<>();
        LabelTokens.Factory labels = task -> rules.computeIfAbsent(task.name(), n -> LabelTokens.of(task, model.tokenizer()));
        DatasetEvaluator evaluator = new DatasetEvaluator(runner, labels, spec);
        List<DatasetRun> runs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String name : spec.tasks()) {
            DanishTask task = DanishTasks.byName(name);
            BenchmarkData data = BenchmarkData.load(spec.dataDir().resolve(name), task);
            DatasetRun run = evaluator.run(task, data, spec.modelId(), model.model().config());
            runs.add(run);
            if (run.droppedEmpty() > 0) {
                notes.add(name + ": dropped " + run.droppedEmpty() + " empty rows (train " + data.dropped()[0]
                        + ", val " + data.dropped()[1] + ", test " + data.dropped()[2] + "), as v13 does");
            }
            if (run.truncatedPrompts() > 0) {
                notes.add(name + ": " + run.truncatedPrompts() + " prompts were longer than the context and were "
                        + "truncated from the left, as v13 does");
            }
            if (run.unparseableOutputs() > 0) {
                notes.add(name + ": " + run.unparseableOutputs() + " outputs were not a JSON dict of lists and were "
                        + "scored as no entities");
            }
            if (!run.absentMetrics().isEmpty()) {
                notes.add(name + ": " + run.absentMetrics() + " not computed (needs a scoring model); reported as absent");
            }
            if (spec.resultsFile() != null) {
                ResultsFile.append(spec.resultsFile(), run.record());
            }
        }
        return new Result(runs, notes);
    }
}
