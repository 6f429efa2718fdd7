package dk.snaklib.tune;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.model.EngineArrays;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.train.AdamW;
import dk.snaklib.train.TrainConfig;
import dk.snaklib.train.TrainingStep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * LoRA tuning beside full fine-tuning on the same model and batch: tokens/s of the real {@link TrainingStep} (token
 * mean, clipping, AdamW) and memory. Each mode runs in a JVM of its own, so that its peak resident set size
 * (Linux VmHWM: JVM, libtorch's allocations and all) is its own and not the other's; the memory a mode needs beyond
 * the resting model is also counted exactly: 12 bytes per trainable value (gradient, and AdamW's two moments).
 */
public final class TuneBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one mode measured.
     *
     * @param mode            "lora" or "full"
     * @param parameters      the model's parameters
     * @param trainable       values that get a gradient and AdamW moments
     * @param stepSeconds     mean time of a measured step
     * @param stepSecondsStd  its standard deviation
     * @param tokensPerSecond tokens of a step / mean step time
     * @param restingRssMb    RSS with the model, adapter and optimizer built, before the first step
     * @param peakRssMb       peak RSS of the process (VmHWM) after the measured steps
     * @param stateMb         gradients + AdamW moments of the trainable values (12 bytes each), computed
     */
    public record Measurement(String mode, long parameters, long trainable, double stepSeconds, double stepSecondsStd,
                              double tokensPerSecond, long restingRssMb, long peakRssMb, double stateMb) {}

    /** Both modes, and where and when. */
    public record Result(String machine, String date, int threads, int sequencesPerStep, int seqLen, int measuredSteps,
                         Measurement lora, Measurement full) {
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("machine            %s%n", machine));
            sb.append(String.format("date               %s%n", date));
            sb.append(String.format("torch threads      %d%n", threads));
            sb.append(String.format("tokens per step    %,d (%d x %d), %d steps measured, each mode in its own JVM%n",
                    (long) sequencesPerStep * seqLen, sequencesPerStep, seqLen, measuredSteps));
            sb.append(String.format("%-6s %12s %12s %14s %10s %14s %12s %14s%n", "mode", "parameters", "trainable",
                    "step time s", "tokens/s", "resting RSS MB", "peak RSS MB", "grad+Adam MB"));
            for (Measurement m : List.of(lora, full)) {
                sb.append(String.format("%-6s %,12d %,12d %8.3f (%.3f) %10.0f %14d %12d %14.1f%n", m.mode(), m.parameters(),
                        m.trainable(), m.stepSeconds(), m.stepSecondsStd(), m.tokensPerSecond(), m.restingRssMb(),
                        m.peakRssMb(), m.stateMb()));
            }
            sb.append(String.format("LoRA / full: %.2fx the tokens/s, %.2fx the peak RSS, %.3fx the gradient+Adam state%n",
                    lora.tokensPerSecond() / full.tokensPerSecond(), (double) lora.peakRssMb() / full.peakRssMb(),
                    lora.stateMb() / full.stateMb()));
            return sb.toString();
        }
    }

    private TuneBenchmark() {}

    /** Runs {@code lora} then full fine-tuning, each in a child JVM with this JVM's class path and flags. */
    public static Result compare(LlamaConfig config, LoraConfig lora, TrainConfig train, int seqLen, int warmup, int steps) {
        Measurement l = child("lora", config, lora, train, seqLen, warmup, steps);
        Measurement f = child("full", config, lora, train, seqLen, warmup, steps);
        return new Result(machine(), Instant.now().toString(), ai.djl.pytorch.jni.JniUtils.getNumThreads(),
                train.sequencesPerStep(), seqLen, steps, l, f);
    }

    private static Measurement child(String mode, LlamaConfig config, LoraConfig lora, TrainConfig train, int seqLen,
                                     int warmup, int steps) {
        try {
            Path settings = Files.createTempFile("snak-bench-tune", ".json");
            Path configFile = Files.createTempFile("snak-bench-tune-config", ".json");
            config.write(configFile);
            Map<String, Object> s = Map.of("mode", mode, "config", configFile.toString(), "r", lora.r(),
                    "alpha", lora.loraAlpha(), "dropout", lora.loraDropout(), "targets", lora.targetModules().names(),
                    "train", train, "seq_len", seqLen, "warmup", warmup, "steps", steps);
            Files.writeString(settings, JSON.writeValueAsString(s));
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TuneBenchmark.class.getName(), settings.toString()));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            Files.deleteIfExists(settings);
            Files.deleteIfExists(configFile);
            if (code != 0) {
                throw new IllegalStateException("bench tune: the " + mode + " process failed with exit code " + code);
            }
            String last = out.strip().lines().reduce((a, b) -> b).orElse("");
            return JSON.readValue(last, Measurement.class);
        } catch (IOException e) {
            throw new UncheckedIOException("bench tune: cannot run the " + mode + " process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench tune interrupted", e);
        }
    }

    /** The child: one mode, measured; prints its {@link Measurement} as the last line of JSON. */
    public static void main(String[] args) throws Exception {
        var s = JSON.readTree(Path.of(args[0]).toFile());
        LlamaConfig config = LlamaConfig.read(Path.of(s.get("config").asText()));
        TrainConfig train = JSON.treeToValue(s.get("train"), TrainConfig.class);
        List<String> targets = new ArrayList<>();
        s.get("targets").forEach(t -> targets.add(t.asText()));
        LoraConfig lora = LoraConfig.of(s.get("r").asInt(), s.get("alpha").asDouble(), s.get("dropout").asDouble(),
                new TargetModules(targets, null));
        Measurement m = measure(s.get("mode").asText(), config, lora, train, s.get("seq_len").asInt(),
                s.get("warmup").asInt(), s.get("steps").asInt());
        System.out.println(JSON.writeValueAsString(m));
    }

    /** One mode in this process: random tokens (a fixed seed), {@code warmup} untimed steps, then {@code steps} timed. */
    public static Measurement measure(String mode, LlamaConfig config, LoraConfig lora, TrainConfig train, int seqLen,
                                      int warmup, int steps) {
        boolean full = mode.equals("full");
        try (LlamaModel model = LlamaModel.initialize(config, train.seed(), Device.cpu())) {
            LoraAdapter adapter = null;
            Map<String, NDArray> params;
            if (full) {
                model.setTrainable(true);
                params = model.weights();
            } else {
                adapter = LoraAdapter.create(model, lora, train.seed()).attach();
                adapter.train(train.seed());
                params = adapter.trainableParameters();
            }
            try (LoraAdapter a = adapter; AdamW optimizer = new AdamW(params, train.optimizer(), model.manager())) {
                long trainable = params.values().stream().mapToLong(NDArray::size).sum();
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
                    Shape shape = new Shape(train.microBatch(), seqLen);
                    return new NDArray[] {EngineArrays.longs(m, in, shape), EngineArrays.longs(m, out, shape)};
                };
                var norm = new TrainingStep.Normalisation.TokenMean((long) train.sequencesPerStep() * seqLen);
                long resting = rssMb("VmRSS:");
                List<Double> times = new ArrayList<>();
                for (int i = 0; i < warmup + steps; i++) {
                    if (a != null) {
                        a.dropoutSeed(i);
                    }
                    long t0 = System.nanoTime();
                    TrainingStep.run(model, optimizer, batches, train.gradAccum(), train.lr(), train.gradClip(), norm);
                    if (i >= warmup) {
                        times.add((System.nanoTime() - t0) / 1e9);
                    }
                }
                double mean = times.stream().mapToDouble(x -> x).average().orElse(Double.NaN);
                double var = times.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / Math.max(1, times.size() - 1);
                return new Measurement(mode, config.parameterCount(), trainable, mean, Math.sqrt(var),
                        (double) train.sequencesPerStep() * seqLen / mean, resting, rssMb("VmHWM:"), trainable * 12.0 / 1e6);
            }
        }
    }

    /** A /proc/self/status field in MB (VmRSS now, VmHWM the peak), or -1 where there is none. */
    static long rssMb(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    static String machine() {
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
}
