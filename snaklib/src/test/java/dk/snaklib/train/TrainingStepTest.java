package dk.snaklib.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.model.EngineArrays;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.NoGrad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingStepTest {
    private static final LlamaConfig TINY = LlamaConfig.of(97, 32, 64, 2, 4, 2, 64);
    private static final int SEQ = 16;

    @AfterEach
    void noHooks() {
        TrainingStep.hooks = TrainingStep.NO_HOOKS;
        Thread.interrupted();
    }

    /** Eight random sequences as micro-batches of {@code size}: the same tokens whatever the split. */
    private static TrainingStep.Batches batches(int size) {
        SplittableRandom rng = new SplittableRandom(11);
        long[] tokens = new long[8 * (SEQ + 1)];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(TINY.vocabSize());
        }
        return (micro, m) -> {
            long[] in = new long[size * SEQ];
            long[] out = new long[size * SEQ];
            for (int b = 0; b < size; b++) {
                int seq = micro * size + b;
                System.arraycopy(tokens, seq * (SEQ + 1), in, b * SEQ, SEQ);
                System.arraycopy(tokens, seq * (SEQ + 1) + 1, out, b * SEQ, SEQ);
            }
            Shape shape = new Shape(size, SEQ);
            return new NDArray[] {EngineArrays.longs(m, in, shape), EngineArrays.longs(m, out, shape)};
        };
    }

    private static Map<String, float[]> gradients(LlamaModel model, TrainingStep.Batches batches, int accum) {
        try (NDManager scratch = model.manager().newSubManager()) {
            TrainingStep.accumulateGradients(model, batches, accum);
            Map<String, float[]> out = new TreeMap<>();
            TrainingStep.gradients(model.weights(), scratch).forEach((n, g) -> out.put(n, g.toFloatArray()));
            return out;
        } finally {
            TrainingStep.zeroGradients(model.weights());
        }
    }

    private static Map<String, float[]> snapshot(Map<String, NDArray> arrays) {
        Map<String, float[]> out = new TreeMap<>();
        arrays.forEach((n, a) -> out.put(n, a.toFloatArray()));
        return out;
    }

    private static void assertSame(Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((n, e) -> assertArrayEquals(e, actual.get(n), what + ": " + n));
    }

    @Test
    void gradientsAreTheSameWhenGarbageIsCollectedBetweenForwardAndBackward() {
        try (LlamaModel model = LlamaModel.initialize(TINY, 5, Device.cpu())) {
            model.setTrainable(true);
            Map<String, float[]> plain = gradients(model, batches(4), 2);
            TrainingStep.hooks = GarbageCollection.BEFORE_BACKWARD;
            Map<String, float[]> collected = gradients(model, batches(4), 2);
            assertSame(plain, collected, "gradient after a GC between forward and backward");
        }
    }

    @Test
    void accumulatingTwoMicroBatchesOfFourEqualsOneOfEight() {
        try (LlamaModel model = LlamaModel.initialize(TINY, 5, Device.cpu())) {
            model.setTrainable(true);
            Map<String, float[]> whole = gradients(model, batches(8), 1);
            Map<String, float[]> accumulated = gradients(model, batches(4), 2);
            whole.forEach((n, g) -> {
                float[] a = accumulated.get(n);
                double maxDiff = 0;
                double maxRef = 1e-30;
                for (int i = 0; i < g.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a[i] - g[i]));
                    maxRef = Math.max(maxRef, Math.abs(g[i]));
                }
                assertTrue(maxDiff / maxRef < 1e-5, n + ": relative difference " + maxDiff / maxRef);
            });
        }
    }

    @Test
    void aNonFiniteGradientSkipsTheUpdateAndLeavesWeightsAndMomentsAsTheyWere() {
        try (LlamaModel model = LlamaModel.initialize(TINY, 5, Device.cpu());
             AdamW optimizer = new AdamW(model.weights(), AdamW.Settings.defaults(), model.manager())) {
            model.setTrainable(true);
            TrainingStep.Outcome first = TrainingStep.run(model, optimizer, batches(8), 1, 1e-3, 1.0);
            assertTrue(first.applied());
            Map<String, float[]> weights = snapshot(model.weights());
            Map<String, float[]> moments = snapshot(optimizer.state());

            String victim = "model.layers.1.mlp.up_proj.weight";
            TrainingStep.hooks = new TrainingStep.Hooks() {
                @Override
                public void beforeGuard(Map<String, NDArray> gradients) {
                    try (NoGrad off = NoGrad.enter()) {
                        gradients.get(victim).set(new ai.djl.ndarray.index.NDIndex("0, 0"), Float.POSITIVE_INFINITY);
                    }
                }
            };
            TrainingStep.Outcome bad = TrainingStep.run(model, optimizer, batches(8), 1, 1e-3, 1.0);
            assertFalse(bad.applied());
            assertTrue(Double.isInfinite(bad.gradNorm()));
            assertTrue(Double.isFinite(bad.loss()));
            assertTrue(bad.skipped().contains(victim), bad.skipped());
            assertSame(weights, snapshot(model.weights()), "weight after a skipped step");
            assertSame(moments, snapshot(optimizer.state()), "moment after a skipped step");
            assertEquals(1, optimizer.stepCount());

            TrainingStep.hooks = TrainingStep.NO_HOOKS;
            TrainingStep.Outcome next = TrainingStep.run(model, optimizer, batches(8), 1, 1e-3, 1.0);
            assertNull(next.skipped());
            assertEquals(2, optimizer.stepCount());
            assertTrue(Double.isFinite(next.gradNorm()));
        }
    }

    @Test
    void aNonFiniteLossSkipsTheUpdate() {
        try (LlamaModel model = LlamaModel.initialize(TINY, 5, Device.cpu());
             AdamW optimizer = new AdamW(model.weights(), AdamW.Settings.defaults(), model.manager())) {
            try (NoGrad off = NoGrad.enter()) {
                model.weights().get("model.norm.weight").set(new ai.djl.ndarray.index.NDIndex("0"), Float.NaN);
            }
            model.setTrainable(true);
            TrainingStep.Outcome out = TrainingStep.run(model, optimizer, batches(8), 1, 1e-3, 1.0);
            assertNotNull(out.skipped());
            assertTrue(out.skipped().startsWith("loss NaN"), out.skipped());
            assertEquals(0, optimizer.stepCount());
        }
    }

    @Test
    void anInterruptStopsBetweenMicroBatchesAndReleasesTheGradientCollector() {
        try (LlamaModel model = LlamaModel.initialize(TINY, 5, Device.cpu());
             AdamW optimizer = new AdamW(model.weights(), AdamW.Settings.defaults(), model.manager())) {
            model.setTrainable(true);
            Thread.currentThread().interrupt();
            assertThrows(TrainingInterruptedException.class,
                    () -> TrainingStep.run(model, optimizer, batches(4), 2, 1e-3, 1.0));
            assertEquals(0, optimizer.stepCount());
            Thread.interrupted();
            // DJL allows one collector per process: a second step would fail if the first had not released it.
            assertTrue(TrainingStep.run(model, optimizer, batches(4), 2, 1e-3, 1.0).applied());
        }
    }
}
