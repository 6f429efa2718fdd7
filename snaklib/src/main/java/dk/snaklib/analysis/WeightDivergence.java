package dk.snaklib.analysis;

import dk.snaklib.tokenizer.HfTokenizer;
import org.ejml.data.DMatrixRMaj;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The computation behind {@link Divergence#between}: checks that both sides hold the same tensors with the same
 * shapes before reading any, then compares tensor by tensor on a small pool of threads (largest SVDs first, so the
 * embeddings do not finish last), and returns the rows in the checkpoint's order.
 */
final class WeightDivergence {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private WeightDivergence() {}

    static Divergence compute(WeightSource a, WeightSource b, Divergence.Options options) {
        long started = System.nanoTime();
        WeightSource.checkSameTensors(a, b);
        List<String> names = new ArrayList<>(a.shapes().keySet());
        List<String> byCost = new ArrayList<>(names);
        byCost.sort(Comparator.comparingDouble((String n) -> -cost(a.shapes().get(n))));
        int threads = Math.max(1, Math.min(options.threads(), names.size()));
        Map<String, TensorDivergence> rows = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, double[]> rowL1 = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "divergence-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String n : byCost) {
                futures.add(pool.submit(() -> rows.put(n, compare(n, a, b, options, rowL1))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("divergence interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<TensorDivergence> ordered = names.stream().map(rows::get).toList();
        List<EmbeddingChange> embeddings = new ArrayList<>();
        Path tokenizerJson = a.tokenizer() != null ? a.tokenizer() : b.tokenizer();
        try (HfTokenizer tok = tokenizerJson == null ? null : HfTokenizer.load(tokenizerJson)) {
            for (String n : names) {
                if (rowL1.containsKey(n)) {
                    embeddings.add(EmbeddingChange.of(n, rowL1.get(n), options.topK(), tok));
                }
            }
        }
        return new Divergence(a.describe(), b.describe(), ordered, embeddings, (System.nanoTime() - started) / 1e9, threads);
    }

    private static double cost(long[] shape) {
        if (shape.length < 2) {
            return 1;
        }
        double m = shape[0];
        double n = shape[1];
        return m * n * Math.min(m, n);
    }

    /** One tensor: reads both sides, checks they are finite, computes the delta, the angles and the row L1s. */
    static TensorDivergence compare(String name, WeightSource a, WeightSource b, Divergence.Options options,
                                    Map<String, double[]> rowL1) {
        long t0 = CPU.getCurrentThreadCpuTime();
        long[] shape = a.shapes().get(name);
        if (shape.length > 2) {
            throw a.problem(name, "has " + shape.length + " dimensions: principal angles need a matrix");
        }
        float[] wa = a.floats(name);
        float[] wb = b.floats(name);
        checkFinite(wa, name, a);
        checkFinite(wb, name, b);
        double sum = 0;
        for (int i = 0; i < wa.length; i++) {
            sum += Math.abs(wa[i] - wb[i]); // float32 difference, as the study's numpy arrays
        }
        double delta = wa.length == 0 ? Double.NaN : sum / wa.length;
        ModuleType type = ModuleType.of(name);
        int layer = ModuleType.layerOf(name);
        if (shape.length < 2) {
            return new TensorDivergence(name, layer, type, shape, delta, Double.NaN, 0, 0, 0, (CPU.getCurrentThreadCpuTime() - t0) / 1e9);
        }
        int rows = Math.toIntExact(shape[0]);
        int cols = Math.toIntExact(shape[1]);
        if (type == ModuleType.EMB || type == ModuleType.LMH) {
            rowL1.put(name, EmbeddingChange.rowL1(wa, wb, rows, cols));
        }
        DMatrixRMaj qa = PrincipalAngles.orthOf(matrix(wa, rows, cols), options.eps());
        DMatrixRMaj qb = PrincipalAngles.orthOf(matrix(wb, rows, cols), options.eps());
        double[] angles = PrincipalAngles.radiansOfBases(qa, qb);
        return new TensorDivergence(name, layer, type, shape, delta, PrincipalAngles.meanDegrees(angles), angles.length,
                qa.numCols, qb.numCols, (CPU.getCurrentThreadCpuTime() - t0) / 1e9);
    }

    static DMatrixRMaj matrix(float[] w, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        double[] d = m.data;
        for (int i = 0; i < w.length; i++) {
            d[i] = w[i];
        }
        return m;
    }

    private static void checkFinite(float[] w, String name, WeightSource in) {
        for (int i = 0; i < w.length; i++) {
            if (!Float.isFinite(w[i])) {
                throw in.problem(name, "has a non-finite value (" + w[i] + ") at element " + i
                        + ": divergence needs finite weights");
            }
        }
    }
}
