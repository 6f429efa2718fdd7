package dk.snaklib.eval;

import dk.snaklib.model.LlamaConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Scores one model on one dataset as v13 does: bootstrap the evaluated split with default_rng(4242), re-draw the
 * shots per iteration with seed 4242 + i, build and (per the tokenizer) strip the prompts, score each item, and
 * compute each iteration's metrics. Identical prompts reuse the first output, as v13's model cache does. The
 * iteration's few-shot part is run once (prefix cache) unless the spec turns that off; NER output is generated
 * under v13's JSON schema.
 */
final class DatasetEvaluator {
    private final ModelRunner runner;
    private final LabelTokens.Factory labels;
    private final EvalSpec spec;

    DatasetEvaluator(ModelRunner runner, LabelTokens.Factory labels, EvalSpec spec) {
        this.runner = runner;
        this.labels = labels;
        this.spec = spec;
    }

    DatasetRun run(DanishTask task, BenchmarkData data, String modelId, LlamaConfig config) {
        List<Example> split = spec.onlyValidationSplit() ? data.val() : data.test();
        int[][] idx = Bootstrap.indices(spec.iterations(), split.size());
        LabelTokens lt = labels.of(task);
        Map<String, Object> outputs = new HashMap<>();
        int truncatedBefore = runner.truncatedPrompts();
        int unparseable = 0;
        double[] itemScores = new double[split.size()];
        Arrays.fill(itemScores, Double.NaN);
        List<SequencedMap<String, Double>> raw = new ArrayList<>();
        int shotsDropped = 0;
        for (int it = 0; it < spec.iterations(); it++) {
            List<Example> shots = FewShotSampler.draw(task, data.train(), 4242L + it);
            if (spec.prefixCache()) {
                runner.usePrefix(PromptBuilder.fewShotPart(task, shots) + "\n\n");
            }
            List<Object> predictions = new ArrayList<>();
            for (int row : idx[it]) {
                String prompt = lt.prepare(PromptBuilder.prompt(task, shots, split.get(row)));
                boolean fewerShots = false;
                if (spec.overflow() == EvalSpec.Overflow.DROP_SHOTS && !runner.fits(prompt, task.maxGeneratedTokens())) {
                    List<Example> fewer = new ArrayList<>(shots);
                    while (!fewer.isEmpty() && !runner.fits(prompt, task.maxGeneratedTokens())) {
                        fewer.removeLast();
                        prompt = lt.prepare(PromptBuilder.prompt(task, fewer, split.get(row)));
                    }
                    fewerShots = true;
                }
                Object out = outputs.get(prompt);
                if (out == null) {
                    shotsDropped += fewerShots ? 1 : 0;   // counted per scored prompt, as truncations are
                    out = predict(task, lt, prompt, split.get(row));
                    if (out instanceof NerParser.Parsed p && !p.parseable()) {
                        unparseable++;
                    }
                    outputs.put(prompt, out);
                }
                predictions.add(out);
            }
            runner.clearPrefix();
            List<Example> items = Arrays.stream(idx[it]).mapToObj(split::get).toList();
            raw.add(metrics(task, items, predictions));
            if (it == 0) {
                for (int k = 0; k < items.size(); k++) {
                    itemScores[idx[0][k]] = itemScore(task, items.get(k), predictions.get(k));
                }
            }
        }
        List<String> absent = task.metrics().stream().filter(m -> m.equals("bertscore")).toList();
        int maxLength = spec.lengthWithGeneratedTokens()
                ? config.maxPositionEmbeddings() + task.maxGeneratedTokens() : config.maxPositionEmbeddings();
        BenchmarkResult record = new BenchmarkResult(task.name(), task.task(), List.of("da"), modelId, raw,
                BenchmarkResult.totals(task.metrics(), raw), config.parameterCount(), maxLength, config.vocabSize(),
                true, true, spec.onlyValidationSplit(), BenchmarkResult.VERSION);
        return new DatasetRun(record, itemScores, data.droppedTotal(), runner.truncatedPrompts() - truncatedBefore,
                shotsDropped, unparseable, absent);
    }

    private Object predict(DanishTask task, LabelTokens lt, String prompt, Example item) {
        return switch (task.type()) {
            case CLASSIFICATION -> runner.classify(prompt, lt, spec.labelRule());
            case NER -> NerParser.parse(runner.generate(prompt, task.maxGeneratedTokens(), JsonConstraint.NER),
                    item.tokens(), task);
            case QA, SUMMARIZATION -> runner.generate(prompt, task.maxGeneratedTokens());
        };
    }

    /** One iteration's metrics, under v13's raw names. */
    static SequencedMap<String, Double> metrics(DanishTask task, List<Example> items, List<Object> predictions) {
        SequencedMap<String, Double> m = new LinkedHashMap<>();
        switch (task.type()) {
            case CLASSIFICATION -> {
                int[] truth = new int[items.size()];
                int[] pred = new int[items.size()];
                for (int i = 0; i < truth.length; i++) {
                    truth[i] = task.taskLabels().indexOf(items.get(i).label().toLowerCase(Locale.ROOT));
                    pred[i] = (Integer) predictions.get(i);
                }
                m.put("mcc", ClassificationMetrics.mcc(truth, pred));
                String second = task.metrics().get(1);
                m.put(second, second.equals("macro_f1") ? ClassificationMetrics.macroF1(truth, pred)
                        : ClassificationMetrics.accuracy(truth, pred));
            }
            case NER -> {
                List<List<String>> gold = items.stream().map(Example::labels).toList();
                List<List<String>> pred = predictions.stream().map(p -> ((NerParser.Parsed) p).tags()).toList();
                NerMetrics.Scores s = NerMetrics.score(gold, pred, task.hasMisc());
                m.put("micro_f1_no_misc", s.microF1NoMisc());
                m.put("micro_f1", s.microF1());
            }
            case QA -> {
                List<SquadMetrics.Item> qa = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    qa.add(qaItem(items.get(i), (String) predictions.get(i)));
                }
                SquadMetrics.Scores s = SquadMetrics.score(qa);
                m.put("em", s.em());
                m.put("f1", s.f1());
            }
            case SUMMARIZATION -> m.put("rouge_l", RougeL.mean(items.stream().map(Example::targetText).toList(),
                    predictions.stream().map(p -> (String) p).toList()));
        }
        return m;
    }

    /** v13 lowercases and strips the prediction and lowercases the gold answers. */
    private static SquadMetrics.Item qaItem(Example e, String prediction) {
        return new SquadMetrics.Item(e.id(), PyStr.strip(prediction).toLowerCase(Locale.ROOT),
                e.answers().stream().map(a -> a.toLowerCase(Locale.ROOT)).toList());
    }

    private static double itemScore(DanishTask task, Example e, Object prediction) {
        return switch (task.type()) {
            case CLASSIFICATION -> task.taskLabels().indexOf(e.label().toLowerCase(Locale.ROOT)) == (Integer) prediction ? 1 : 0;
            case QA -> SquadMetrics.score(List.of(qaItem(e, (String) prediction))).f1() / 100;
            case SUMMARIZATION -> RougeL.fmeasure(e.targetText(), (String) prediction);
            case NER -> Double.NaN;
        };
    }
}
