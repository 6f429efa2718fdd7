package dk.snaklib.eval;

import dk.snaklib.model.HfModel;
import dk.snaklib.tune.LoraAdapter;
import dk.snaklib.tune.PeftAdapterFiles;
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
    /**
     * The runs, one per dataset, what was said about them, and the model's work.
     *
     * @param prompts      prompts scored by the model (identical prompts reuse the first output and are not counted)
     * @param promptTokens their tokens
     * @param fedTokens    tokens actually fed to the model (the rest came from the prefix cache)
     */
    public record Result(List<DatasetRun> runs, List<String> notes, long prompts, long promptTokens, long fedTokens) {
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

    /**
     * Scores an already open model (the spec's modelDir is then only used for the default id). The spec's adapter,
     * if any, is attached for the run and detached after it.
     */
    public static Result run(EvalSpec spec, HfModel model) {
        List<String> notes = new ArrayList<>();
        LoraAdapter adapter = null;
        if (spec.adapterDir() != null) {
            PeftAdapterFiles.Loaded loaded = PeftAdapterFiles.load(spec.adapterDir(), model.model());
            notes.addAll(loaded.notes());
            adapter = loaded.adapter().attach();
            notes.add("scored with the LoRA adapter " + spec.adapterDir() + " attached (" + adapter.modules().size()
                    + " modules); num_model_parameters counts the base model");
        }
        try (ModelRunner runner = new ModelRunner(model.model(), model.tokenizer())) {
            Map<String, LabelTokens> rules = new HashMap<>();
            LabelTokens.Factory labels = task -> rules.computeIfAbsent(task.name(), n -> LabelTokens.of(task, model.tokenizer()));
            DatasetEvaluator evaluator = new DatasetEvaluator(runner, labels, spec);
            List<DatasetRun> runs = new ArrayList<>();
            for (String name : spec.tasks()) {
                DanishTask task = DanishTasks.byName(name);
                BenchmarkData data = BenchmarkData.load(spec.dataDir().resolve(name), task);
                DatasetRun run = evaluator.run(task, data, spec.modelId(), model.model().config());
                runs.add(run);
                notes.addAll(notes(name, data, run));
                if (spec.resultsFile() != null) {
                    ResultsFile.append(spec.resultsFile(), run.record());
                }
            }
            long[] counts = runner.counts();
            return new Result(runs, notes, counts[0], counts[1], counts[2]);
        } finally {
            if (adapter != null) {
                adapter.close();
            }
        }
    }

    private static List<String> notes(String name, BenchmarkData data, DatasetRun run) {
        List<String> notes = new ArrayList<>();
        if (run.droppedEmpty() > 0) {
            notes.add(name + ": dropped " + run.droppedEmpty() + " empty rows (train " + data.dropped()[0]
                    + ", val " + data.dropped()[1] + ", test " + data.dropped()[2] + "), as v13 does");
        }
        if (run.shotsDroppedPrompts() > 0) {
            notes.add(name + ": " + run.shotsDroppedPrompts() + " prompts were longer than the context and got fewer "
                    + "shots (drop-shots option; v13 truncates from the left instead)");
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
        return notes;
    }

    /**
     * Scores two models (e.g. a continued-pre-trained checkpoint and its base) on the same tasks with the same draws
     * (same data, split and iterations, so the same bootstrap rows and shots) and tests each dataset's difference.
     */
    public static Comparison compare(EvalSpec a, EvalSpec b) {
        Comparison.requireSameDraws(a, b);
        return Comparison.of(run(a), run(b));
    }
}
