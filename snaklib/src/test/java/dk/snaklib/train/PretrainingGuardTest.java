package dk.snaklib.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dk.snaklib.experiment.PretrainSpec;
import dk.snaklib.experiment.Preset;
import dk.snaklib.experiment.Pretraining;
import dk.snaklib.experiment.TrainingData;
import dk.snaklib.model.NoGrad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guards and interrupts through the whole recipe: {@link Pretraining#run(PretrainSpec)} on a tiny run. */
class PretrainingGuardTest {
    @TempDir
    Path work;

    @AfterEach
    void noHooks() {
        TrainingStep.hooks = TrainingStep.NO_HOOKS;
        Thread.interrupted();
    }

    private PretrainSpec spec(Path runDir, int steps, ByteArrayOutputStream log) throws Exception {
        Path text = Path.of(getClass().getResource("/text/danish.txt").toURI());
        return PretrainSpec.of(Preset.TINY, TrainingData.files(List.of(text)), runDir)
                .with(Map.of("steps", steps, "seq_len", 32, "micro_batch", 2, "warmup_steps", 1, "eval_every", 100,
                        "eval_batches", 1, "checkpoint_every", 2, "keep_checkpoints", 0, "vocab_size", 300))
                .log(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    /** Puts an infinite value into one gradient at the given steps (counted as the guard sees them). */
    private static void injectInfinityAt(Set<Integer> steps) {
        AtomicInteger step = new AtomicInteger();
        TrainingStep.hooks = new TrainingStep.Hooks() {
            @Override
            public void beforeGuard(Map<String, NDArray> gradients) {
                if (steps.contains(step.incrementAndGet())) {
                    try (NoGrad off = NoGrad.enter()) {
                        gradients.get("model.layers.0.self_attn.v_proj.weight").set(new NDIndex("0, 0"), Float.POSITIVE_INFINITY);
                    }
                }
            }
        };
    }

    @Test
    void injectedNonFiniteGradientsAreSkippedCountedLoggedAndThreeInARowStopTheRun() throws Exception {
        Path run = work.resolve("run");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        injectInfinityAt(Set.of(3, 5, 6, 7));
        IllegalStateException stop = assertThrows(IllegalStateException.class, () -> Pretraining.run(spec(run, 10, log)));
        assertTrue(stop.getMessage().contains("training stopped at step 7: 3 steps in a row"), stop.getMessage());

        List<MetricsLog.Row> rows = MetricsLog.read(run.resolve("metrics.csv"));
        assertEquals(7, rows.size(), "every step up to the stop is logged");
        for (MetricsLog.Row r : rows) {
            if (Set.of(3L, 5L, 6L, 7L).contains(r.step())) {
                assertTrue(r.skipped().contains("model.layers.0.self_attn.v_proj.weight"), r.skipped());
                assertTrue(Double.isInfinite(r.gradNorm()));
            } else {
                assertNull(r.skipped(), "step " + r.step());
                assertTrue(Double.isFinite(r.gradNorm()));
            }
        }
        String said = log.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("step 3 skipped, no update"), said);
        assertTrue(said.contains("4 skipped so far, 3 in a row"), said);
        // The optimizer counted only the applied steps: 1, 2, 4 (checkpoint at step 4 holds optimizer_step 3).
        String state = Files.readString(run.resolve("checkpoints/" + CheckpointStore.name(4) + "/training/state.json"));
        assertTrue(state.replace(" ", "").contains("\"optimizer_step\":3"), state);
    }

    @Test
    void anInterruptedRunCheckpointsItsLastStepAndASecondRunInTheSameJvmResumesIt() throws Exception {
        Path run = work.resolve("run");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AtomicInteger backwards = new AtomicInteger();
        TrainingStep.hooks = new TrainingStep.Hooks() {
            @Override
            public void beforeBackward() {
                if (backwards.incrementAndGet() == 3) {   // step 3 finishes; step 4 sees the flag before its first micro-batch
                    Thread.currentThread().interrupt();
                }
            }
        };
        TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class, () -> Pretraining.run(spec(run, 6, log)));
        assertTrue(e.getMessage().contains("after step 3"), e.getMessage());
        assertTrue(Files.isDirectory(run.resolve("checkpoints/" + CheckpointStore.name(3))), "checkpoint of the last completed step");
        TrainingStep.hooks = TrainingStep.NO_HOOKS;

        var resumed = Pretraining.run(spec(run, 6, new ByteArrayOutputStream()).resume(true));
        assertEquals(6, resumed.metrics().getLast().step());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), resumed.metrics().stream().map(MetricsLog.Row::step).toList());
    }
}
