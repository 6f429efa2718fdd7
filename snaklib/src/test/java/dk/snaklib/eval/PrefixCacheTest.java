package dk.snaklib.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.model.HfModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The few-shot prefix cache gives the same logits (1e-5), the same generations and the same records as no cache. */
class PrefixCacheTest {
    @TempDir
    static Path tmp;
    static Path modelDir;
    static Path data;

    @BeforeAll
    static void build() throws Exception {
        Path tok = TinyEvalModels.tokenizer(tmp, 400);
        modelDir = TinyEvalModels.model(tmp.resolve("tiny"), tok, 400, 2048, 11);
        data = TinyEvalModels.subset(tmp.resolve("data"), 16, BundledTasks.SCALA, BundledTasks.TITLES);
    }

    @Test
    void logitsAndGenerationsAgreeWithAndWithoutThePrefix() throws Exception {
        DanishTask task = BundledTasks.SCALA;
        BenchmarkData data = BenchmarkData.load(TinyEvalModels.BUNDLED.resolve(task.name()), task);
        List<Example> shots = FewShotSampler.draw(task, data.train(), 4242);
        try (HfModel model = HfModel.open(modelDir); ModelRunner runner = new ModelRunner(model.model(), model.tokenizer())) {
            LabelTokens lt = LabelTokens.of(task, model.tokenizer());
            double worst = 0;
            for (int row = 0; row < 4; row++) {
                String prompt = lt.prepare(PromptBuilder.prompt(task, shots, data.val().get(row)));
                long[] ids = runner.promptIds(prompt, 1);
                double[] plain = runner.nextLogProbs(ids);
                String plainText = runner.generate(prompt, 12);
                runner.usePrefix(PromptBuilder.fewShotPart(task, shots) + "\n\n");
                double[] cached = runner.nextLogProbs(ids);
                String cachedText = runner.generate(prompt, 12);
                runner.clearPrefix();
                for (int v = 0; v < plain.length; v++) {
                    worst = Math.max(worst, Math.abs(plain[v] - cached[v]));
                }
                assertEquals(plainText, cachedText, "greedy generation with and without the prefix");
            }
            assertTrue(worst < 1e-5, "max |log-prob difference| " + worst);
            long[] counts = runner.counts();
            assertTrue(counts[2] < counts[1], "the cache fed fewer tokens: " + counts[2] + " of " + counts[1]);
        }
    }

    @Test
    void recordsAreIdenticalAndTheBenchSaysSo() {
        EvalSpec spec = EvalSpec.of(modelDir, List.of(BundledTasks.SCALA.name(), BundledTasks.TITLES.name()), data)
                .withIterations(2).withOnlyValidationSplit(true);
        EvalBenchmark.Result r = EvalBenchmark.run(spec.withTasks(List.of(BundledTasks.SCALA.name())), 1);
        assertTrue(r.identicalRecords(), r.firstDifference());
        EvalBenchmark.Run off = r.runs().get(0);
        EvalBenchmark.Run on = r.runs().get(1);
        assertEquals(off.prompts(), on.prompts());
        assertEquals(off.promptTokens(), on.promptTokens());
        assertTrue(on.fedTokens() * 3 < off.fedTokens(), "12 shots are most of each prompt: " + on.fedTokens() + " vs " + off.fedTokens());
        try (HfModel model = HfModel.open(modelDir)) {
            var a = Evaluation.run(spec.withPrefixCache(false), model).records();
            var b = Evaluation.run(spec, model).records();
            assertEquals(a.stream().map(x -> x.toJson().toString()).toList(), b.stream().map(x -> x.toJson().toString()).toList());
        }
    }
}
