package dk.snaklib.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.github.luben.zstd.ZstdInputStream;
import dk.snaklib.cli.SnakCli;
import dk.snaklib.model.EngineArrays;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.HfModel;
import dk.snaklib.model.NoGrad;
import dk.snaklib.train.AdamW;
import dk.snaklib.train.TrainingStep;
import dk.snaklib.tune.LoraAdapter;
import dk.snaklib.tune.LoraConfig;
import dk.snaklib.tune.PeftAdapterFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny base model and the same model after a short continued pre-training on real Danish text (the bundled
 * Debian Edu manual, which no bundled task uses), compared on bundled tasks with the same draws; and the same base
 * scored with a LoRA adapter (library and {@code snak eval --adapter}).
 */
class ComparisonTest {
    @TempDir
    static Path tmp;
    static Path base;
    static Path cpt;
    static double[] losses;
    static Path data;
    static final List<String> TASKS = List.of(BundledTasks.SCALA.name(), BundledTasks.SYNONYMS.name());

    @BeforeAll
    static void build() throws Exception {
        Path tok = TinyEvalModels.tokenizer(tmp, 400);
        data = TinyEvalModels.subset(tmp.resolve("data"), 48, BundledTasks.SCALA, BundledTasks.SYNONYMS);
        base = TinyEvalModels.model(tmp.resolve("base"), tok, 400, 2048, 3);
        cpt = tmp.resolve("cpt");
        try (HfModel m = HfModel.open(base);
             AdamW opt = new AdamW(m.model().weights(), AdamW.Settings.defaults(), m.model().manager())) {
            long[] ids = m.tokenizer().encodeLongs(String.join("\n", manual()));
            int seq = 64;
            int batch = 8;
            SplittableRandom rng = new SplittableRandom(1);
            m.model().setTrainable(true);
            losses = new double[120];
            for (int step = 0; step < losses.length; step++) {
                long[] in = new long[batch * seq];
                long[] out = new long[batch * seq];
                for (int b = 0; b < batch; b++) {
                    int at = rng.nextInt(ids.length - seq - 1);
                    System.arraycopy(ids, at, in, b * seq, seq);
                    System.arraycopy(ids, at + 1, out, b * seq, seq);
                }
                losses[step] = TrainingStep.run(m.model(), opt, (i, mm) -> new NDArray[] {
                        EngineArrays.longs(mm, in, new Shape(batch, seq)), EngineArrays.longs(mm, out, new Shape(batch, seq))},
                        1, 3e-3, 1.0).loss();
            }
            m.model().setTrainable(false);
            HfCheckpoint.save(cpt, m.model().config(), new LinkedHashMap<String, NDArray>(m.model().weights()), tok, null);
        }
    }

    static List<String> manual() throws Exception {
        Path f = TinyEvalModels.REPO.resolve("data-catalog/bundled/da/debian-edu-manual.jsonl.zst");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        try (var in = new BufferedReader(new InputStreamReader(new ZstdInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
            return in.lines().map(l -> {
                try {
                    return mapper.readTree(l).get("text").asText();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    @Test
    void continuedPretrainingVersusBaseWithTheSameDrawsAndPairedTests() {
        assertTrue(losses[losses.length - 1] < losses[0] - 0.5, "the continued pre-training learned: " + Arrays.toString(losses));
        EvalSpec a = EvalSpec.of(cpt, TASKS, data).withIterations(2).withOnlyValidationSplit(true);
        EvalSpec b = EvalSpec.of(base, TASKS, data).withIterations(2).withOnlyValidationSplit(true);
        Comparison c = Evaluation.compare(a, b);
        assertEquals(2, c.datasets().size());
        for (int i = 0; i < 2; i++) {
            double[] sa = c.a().runs().get(i).itemScores();
            double[] sb = c.b().runs().get(i).itemScores();
            for (int k = 0; k < sa.length; k++) {
                assertEquals(Double.isNaN(sa[k]), Double.isNaN(sb[k]), "same bootstrap rows scored, row " + k);
            }
            Comparison.Dataset d = c.datasets().get(i);
            assertEquals("mcc", d.metric());
            assertTrue(d.pairedBootstrap().pValue() >= 0 && d.pairedBootstrap().pValue() <= 1);
            assertTrue(d.permutation().pValue() > 0 && d.permutation().pValue() <= 1);
            assertEquals(d.separated(), d.scoreA() - d.seA() > d.scoreB() + d.seB());
        }
        List<String> verdicts = c.verdicts();
        assertTrue(verdicts.getFirst().startsWith("bundled-scala-da (mcc): cpt "), verdicts.getFirst());
        assertTrue(verdicts.stream().allMatch(v -> v.contains("by more than the confidence intervals")
                || v.contains("is NOT shown above")), verdicts.toString());
        assertEquals(2, c.table().rowCount());
        var other = assertThrows(IllegalArgumentException.class, () -> Evaluation.compare(a, b.withIterations(3)));
        assertTrue(other.getMessage().contains("iterations 2 vs 3"), other.getMessage());
    }

    @Test
    void anAdapterIsAttachedForTheRunOnlyAndNamedInTheRecord() throws Exception {
        Path adapterDir = tmp.resolve("lora-da");
        try (HfModel m = HfModel.open(base);
             LoraAdapter lora = LoraAdapter.create(m.model(), LoraConfig.study().withBaseModel(base.toString()), 9)) {
            try (NoGrad off = NoGrad.enter(); NDManager s = m.model().manager().newSubManager()) {
                lora.layers().values().forEach(l -> l.b().set(s.randomNormal(l.b().getShape()).toFloatArray()));
            }
            PeftAdapterFiles.save(adapterDir, lora);
        }
        EvalSpec plain = EvalSpec.of(base, List.of(BundledTasks.SYNONYMS.name()), data)
                .withIterations(1).withOnlyValidationSplit(true)
                .withLabelRule(ModelRunner.LabelRule.FULL_VOCABULARY);   // a random model's labels are rarely in its top 10
        try (HfModel m = HfModel.open(base)) {
            Evaluation.Result without = Evaluation.run(plain, m);
            Evaluation.Result with = Evaluation.run(plain.withAdapter(adapterDir), m);
            assertNull(m.model().adapter(), "detached after the run");
            assertEquals("base+lora-da", with.records().getFirst().model());
            assertTrue(with.notes().stream().anyMatch(n -> n.contains("LoRA adapter")), with.notes().toString());
            assertNotEquals(Arrays.toString(without.runs().getFirst().itemScores()),
                    Arrays.toString(with.runs().getFirst().itemScores()), "the adapter changes the predictions");
        }
        Path results = tmp.resolve("results.jsonl");
        assertEquals(0, SnakCli.run("eval", "--model", base.toString(), "--adapter", adapterDir.toString(), "--tasks",
                BundledTasks.SCALA.name(), "--data", data.toString(), "--iterations", "1",
                "--only-validation-split", "--results", results.toString()));
        assertEquals("base+lora-da", ResultsFile.read(results).records().getFirst().model());
    }
}
