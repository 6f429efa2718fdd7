package dk.snaklib.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.model.EngineArrays;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.util.Progress;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The reproducer for wrong gradient steps (docs/training.md, "Wrong gradient steps"): for each of many random
 * batches, the gradient is computed twice on the same weights and the two are compared bit for bit. Backward on
 * CPU is deterministic for a fixed thread count, so any difference is a defect, not noise. With
 * {@code gcBeforeBackward} the second computation forces a full garbage collection between forward and backward.
 */
public final class GradientCheck {
    /** What to check: model shape, batch, number of batches, and whether to force a collection before backward. */
    public record Settings(LlamaConfig model, int microBatch, int gradAccum, int seqLen, int batches,
                           boolean gcBeforeBackward, long seed) {}

    /**
     * What was found: batches checked, batches whose two gradients differed, batches with a non-finite gradient,
     * and per tensor how many batches it differed in.
     */
    public record Result(Settings settings, int checked, int differing, int nonFinite, Map<String, Integer> byTensor,
                         double seconds, String machine, int threads) {
        public String table() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "machine      %s, %d libtorch threads%n", machine, threads));
            s.append(String.format(Locale.ROOT, "model        %,d parameters, micro-batch %d x %d tokens, accumulation %d%n",
                    settings.model().parameterCount(), settings.microBatch(), settings.seqLen(), settings.gradAccum()));
            s.append(String.format(Locale.ROOT, "condition    %s%n", settings.gcBeforeBackward()
                    ? "full GC forced between forward and backward" : "as in training (no forced GC)"));
            s.append(String.format(Locale.ROOT, "batches      %d checked in %.1f s%n", checked, seconds));
            s.append(String.format(Locale.ROOT, "differing    %d (%.2f%%), %d with a non-finite gradient%n", differing,
                    100.0 * differing / Math.max(1, checked), nonFinite));
            byTensor.forEach((name, n) -> s.append(String.format(Locale.ROOT, "  %-45s %d%n", name, n)));
            return s.toString();
        }
    }

    private GradientCheck() {}

    public static Result run(Settings s) {
        long started = System.nanoTime();
        int differing = 0;
        int nonFinite = 0;
        Map<String, Integer> byTensor = new TreeMap<>();
        Progress progress = new Progress("gradient check", s.batches(), "batches");
        try (LlamaModel model = LlamaModel.initialize(s.model(), s.seed(), Device.cpu())) {
            model.setTrainable(true);
            Map<String, NDArray> params = model.weights();
            for (int b = 1; b <= s.batches(); b++) {
                TrainingStep.Batches batches = randomBatches(s, b);
                Map<String, float[]> reference = gradients(model, params, batches, s.gradAccum(), TrainingStep.NO_HOOKS);
                Map<String, float[]> again = gradients(model, params, batches, s.gradAccum(),
                        s.gcBeforeBackward() ? GarbageCollection.BEFORE_BACKWARD : TrainingStep.NO_HOOKS);
                boolean differs = false;
                boolean bad = false;
                for (var e : reference.entrySet()) {
                    float[] other = again.get(e.getKey());
                    if (!Arrays.equals(e.getValue(), other)) {
                        differs = true;
                        byTensor.merge(e.getKey(), 1, Integer::sum);
                    }
                    bad |= !allFinite(other) || !allFinite(e.getValue());
                }
                differing += differs ? 1 : 0;
                nonFinite += bad ? 1 : 0;
                progress.update(b, differing + " differing");
            }
        }
        return new Result(s, s.batches(), differing, nonFinite, byTensor, (System.nanoTime() - started) / 1e9,
                TrainBenchmark.machine(), TrainBenchmark.threads());
    }

    private static Map<String, float[]> gradients(LlamaModel model, Map<String, NDArray> params,
                                                  TrainingStep.Batches batches, int gradAccum, TrainingStep.Hooks hooks) {
        TrainingStep.Hooks previous = TrainingStep.hooks;
        TrainingStep.hooks = hooks;
        try (NDManager scratch = model.manager().newSubManager()) {
            TrainingStep.accumulateGradients(model, batches, gradAccum);
            Map<String, float[]> out = new TreeMap<>();
            TrainingStep.gradients(params, scratch).forEach((name, g) -> out.put(name, g.toFloatArray()));
            return out;
        } finally {
            TrainingStep.hooks = previous;
            TrainingStep.zeroGradients(params);
        }
    }

    /** Micro-batches of uniformly random tokens, the same for the same batch number. */
    private static TrainingStep.Batches randomBatches(Settings s, int batch) {
        return (micro, m) -> {
            SplittableRandom rng = new SplittableRandom(s.seed() * 1_000_003L + batch * 1_009L + micro);
            int n = s.microBatch() * s.seqLen();
            long[] in = new long[n];
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                in[i] = rng.nextInt(s.model().vocabSize());
                out[i] = rng.nextInt(s.model().vocabSize());
            }
            Shape shape = new Shape(s.microBatch(), s.seqLen());
            return new NDArray[] {EngineArrays.longs(m, in, shape), EngineArrays.longs(m, out, shape)};
        };
    }

    private static boolean allFinite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
