package dk.snaklib.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.model.EngineArrays;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures training speed: the fp32 matmul throughput of this machine, then steps of the real training step
 * ({@link TrainingStep}) on a model of the given shape. MFU is the model's FLOP/s over that measured matmul peak.
 */
public final class TrainBenchmark {

    /** What one benchmark run measured, and where. */
    public record Result(String machine, String date, int threads, long parameters, int seqLen, int sequencesPerStep,
                         int measuredSteps, double matmulGflops, double stepSeconds, double stepSecondsStd,
                         double tokensPerSecond, double modelGflopsPerToken, double modelGflops, double mfu,
                         long peakRssMb, long peakHeapMb) {

        public String table() {
            return String.join("\n",
                    String.format("machine            %s", machine),
                    String.format("date               %s", date),
                    String.format("torch threads      %d", threads),
                    String.format("parameters         %,d", parameters),
                    String.format("tokens per step    %,d (%d x %d)", (long) sequencesPerStep * seqLen, sequencesPerStep, seqLen),
                    String.format("steps measured     %d", measuredSteps),
                    String.format("step time          %.3f s (std %.3f)", stepSeconds, stepSecondsStd),
                    String.format("tokens/s           %.0f", tokensPerSecond),
                    String.format("model GFLOP/token  %.4f (6N + 12*L*d*T)", modelGflopsPerToken),
                    String.format("model GFLOP/s      %.1f", modelGflops),
                    String.format("matmul peak        %.1f GFLOP/s (fp32, measured now)", matmulGflops),
                    String.format("MFU                %.1f%%", 100 * mfu),
                    String.format("peak memory        %d MB RSS, %d MB Java heap", peakRssMb, peakHeapMb));
        }
    }

    private TrainBenchmark() {}

    /** fp32 matmul throughput in GFLOP/s: best of several timed n x n products. */
    public static double matmulGflops(int n, int repeats) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n), DataType.FLOAT32);
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n), DataType.FLOAT32);
            double best = 0;
            for (int r = 0; r < repeats + 1; r++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // forces completion (lazy devices)
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (r > 0) { // the first run pays for thread start-up
                    best = Math.max(best, 2.0 * n * n * n / s / 1e9);
                }
            }
            return best;
        }
    }

    /**
     * Training FLOPs per token in the PaLM convention: 6 per matmul parameter (forward 2, backward 4; embedding
     * lookups are not matmuls, lm_head is) plus 12 * layers * attention width * sequence length for attention.
     */
    public static double flopsPerToken(LlamaConfig c, int seqLen) {
        long d = c.hiddenSize();
        long attnWidth = (long) c.numAttentionHeads() * c.headDim();
        long perLayer = d * attnWidth * 2 + d * (long) c.numKeyValueHeads() * c.headDim() * 2 + 3 * d * c.intermediateSize();
        long matmulParams = c.numHiddenLayers() * perLayer + (long) c.vocabSize() * d;
        return 6.0 * matmulParams + 12.0 * c.numHiddenLayers() * attnWidth * seqLen;
    }

    public static Result run(LlamaConfig config, TrainConfig train, int seqLen, int warmupSteps, int steps) {
        double peak = matmulGflops(2048, 8);
        try (LlamaModel model = LlamaModel.initialize(config, train.seed(), Device.cpu());
             AdamW optimizer = new AdamW(model.weights(), train.optimizer(), model.manager())) {
            model.setTrainable(true);
            Random rng = new Random(train.seed());
            long[][] data = new long[train.gradAccum()][train.microBatch() * (seqLen + 1)];
            for (long[] row : data) {
                Arrays.setAll(row, i -> rng.nextInt(config.vocabSize()));
            }
            TrainingStep.Batches batches = (micro, m) -> {
                long[] in = new long[train.microBatch() * seqLen];
                long[] out = new long[train.microBatch() * seqLen];
                for (int b = 0; b < train.microBatch(); b++) {
                    System.arraycopy(data[micro], b * (seqLen + 1), in, b * seqLen, seqLen);
                    System.arraycopy(data[micro], b * (seqLen + 1) + 1, out, b * seqLen, seqLen);
                }
                Shape s = new Shape(train.microBatch(), seqLen);
                return new NDArray[] {EngineArrays.longs(m, in, s), EngineArrays.longs(m, out, s)};
            };
            List<Double> times = new ArrayList<>();
            Progress progress = new Progress("bench train", warmupSteps + steps, "steps");
            progress.update(0, "matmul peak " + Math.round(peak) + " GFLOP/s");
            for (int i = 0; i < warmupSteps + steps; i++) {
                long t0 = System.nanoTime();
                TrainingStep.run(model, optimizer, batches, train.gradAccum(), train.lr(), train.gradClip());
                if (i >= warmupSteps) {
                    times.add((System.nanoTime() - t0) / 1e9);
                }
                progress.update(i + 1, i < warmupSteps ? "warm-up" : "measuring");
            }
            double mean = times.stream().mapToDouble(x -> x).average().orElse(Double.NaN);
            double var = times.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / Math.max(1, times.size() - 1);
            long tokens = (long) train.sequencesPerStep() * seqLen;
            double tps = tokens / mean;
            double gflopsPerToken = flopsPerToken(config, seqLen) / 1e9;
            double modelGflops = gflopsPerToken * tps;
            return new Result(machine(), Instant.now().toString(), threads(), config.parameterCount(), seqLen,
                    train.sequencesPerStep(), steps, peak, mean, Math.sqrt(var), tps, gflopsPerToken, modelGflops,
                    modelGflops / peak, peakRssMb(),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
    }

    static int threads() {
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    /** CPU model and core count, from /proc where there is one. */
    public static String machine() {
        String cpu = System.getProperty("os.arch");
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: the architecture name will do
        }
        return String.format("%s, %d cores, %s %s, Java %s, PyTorch %s", cpu, Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"),
                Engine.getEngine("PyTorch").getVersion());
    }

    /** Peak resident set size (VmHWM) in MB, or -1 where /proc is missing. */
    static long peakRssMb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }
}
