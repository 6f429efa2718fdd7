package dk.snaklib.analysis;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.train.TrainBenchmark;
import dk.snaklib.util.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Measures {@link Divergence#between} on two checkpoint folders, after one untimed comparison (the JIT's warm-up):
 * wall time per thread count (best of a few runs), and CPU time by module type. Without folders it writes two of a
 * model shape first: the initial weights and those plus a small random change (the SVDs cost about the same whatever
 * the values). What `snak bench divergence` runs.
 */
public final class DivergenceBenchmark {

    /** What one benchmark measured. */
    public record Result(String machine, String date, String what, long parameters, int tensors, int repeats,
                         Map<Integer, Double> secondsByThreads, Map<ModuleType, Double> tensorSecondsByModule) {
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "machine            %s%n", machine));
            sb.append(String.format(Locale.ROOT, "date               %s%n", date));
            sb.append(String.format(Locale.ROOT, "checkpoints        %s%n", what));
            sb.append(String.format(Locale.ROOT, "parameters         %,d in %d tensors%n", parameters, tensors));
            double total = tensorSecondsByModule.values().stream().mapToDouble(Double::doubleValue).sum();
            secondsByThreads.forEach((t, s) -> sb.append(String.format(Locale.ROOT,
                    "threads %-2d         %.3f s wall per comparison (best of %d)%n", t, s, repeats)));
            sb.append(String.format(Locale.ROOT, "CPU time           %.3f s per comparison (sum over the tensors; wall time above is stretched by other load)%n", total));
            sb.append("CPU time by module:\n");
            tensorSecondsByModule.forEach((m, s) -> sb.append(String.format(Locale.ROOT, "  %-10s %8.3f s  %5.1f%%%n",
                    m.name(), s, 100 * s / total)));
            return sb.toString();
        }
    }

    private DivergenceBenchmark() {}

    /** Two folders of {@code config}'s shape written under {@code work}, then measured. */
    public static Result run(LlamaConfig config, String name, List<Integer> threadCounts, int repeats, long seed, Path work) {
        Path a = work.resolve("a");
        Path b = work.resolve("b");
        writePair(config, seed, a, b);
        return run(a, b, name + " (initial weights vs + 5% random change)", threadCounts, repeats);
    }

    /** Measures the comparison of {@code a} with {@code b}. */
    public static Result run(Path a, Path b, String what, List<Integer> threadCounts, int repeats) {
        Map<Integer, Double> best = new LinkedHashMap<>();
        Divergence.between(a, b, Divergence.Options.defaults()); // untimed: the JIT's warm-up
        Divergence last = null;
        Divergence single = null;
        for (int t : threadCounts) {
            double fastest = Double.POSITIVE_INFINITY;
            for (int r = 0; r < repeats; r++) {
                last = Divergence.between(a, b, Divergence.Options.defaults().withThreads(t));
                fastest = Math.min(fastest, last.seconds());
                if (t == 1) {
                    single = last;
                }
            }
            best.put(t, fastest);
        }
        Divergence byModule = single != null ? single : last;
        Map<ModuleType, Double> seconds = new EnumMap<>(ModuleType.class);
        byModule.tensors().forEach(x -> seconds.merge(x.module(), x.cpuSeconds(), Double::sum));
        long params = byModule.tensors().stream().mapToLong(x -> java.util.Arrays.stream(x.shape()).reduce(1, (p, q) -> p * q)).sum();
        return new Result(TrainBenchmark.machine(), Instant.now().toString(), what, params, byModule.tensors().size(),
                repeats, best, seconds);
    }

    /** Initial weights of {@code config} into {@code a}; the same plus Gaussian noise of 5% of each tensor's std into {@code b}. */
    static void writePair(LlamaConfig config, long seed, Path a, Path b) {
        try (LlamaModel model = LlamaModel.initialize(config, seed, Device.cpu());
             NDManager nd = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Map<String, NDArray> base = model.weights();
            java.util.SequencedMap<String, NDArray> changed = new LinkedHashMap<>();
            Random rng = new Random(seed + 1);
            for (var e : base.entrySet()) {
                float[] w = e.getValue().toFloatArray();
                double mean = 0;
                for (float v : w) {
                    mean += v;
                }
                mean /= w.length;
                double var = 0;
                for (float v : w) {
                    var += (v - mean) * (v - mean);
                }
                double scale = 0.05 * Math.sqrt(var / w.length) + 1e-4;
                for (int i = 0; i < w.length; i++) {
                    w[i] += (float) (scale * rng.nextGaussian());
                }
                changed.put(e.getKey(), nd.create(w, e.getValue().getShape()));
            }
            clean(a);
            clean(b);
            HfCheckpoint.save(a, config, new LinkedHashMap<>(base), null, null);
            HfCheckpoint.save(b, config, changed, null, null);
        }
    }

    private static void clean(Path dir) {
        if (Files.exists(dir)) {
            AtomicFiles.deleteTree(dir);
        }
        try {
            Files.createDirectories(dir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Thread counts to try: 1, then each doubling up to the cores. */
    public static List<Integer> defaultThreadCounts() {
        List<Integer> out = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        for (int t = 1; t < cores; t *= 2) {
            out.add(t);
        }
        out.add(cores);
        return out;
    }
}
