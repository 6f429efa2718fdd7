package dk.snaklib.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregates over result records: the study's overall score (mean over tasks of the mean primary score of their
 * datasets) and the ScandEval leaderboard's rank score (python/generate_leaderboard.py, SCANDEVAL.md section 9):
 * per dataset, models ranked by a chain of one-sided Welch tests, a significant step adding (anchor - model)/sigma;
 * a model's language score is the mean over tasks of its mean dataset rank. Lower rank is better.
 */
public final class Leaderboard {
    private Leaderboard() {}

    /** Primary score (totals' scale) of one record, or NaN when absent (BERTScore not computed). */
    public static double primary(BenchmarkResult r) {
        String metric = DanishTasks.byName(r.dataset()).primaryMetric();
        return r.total().getOrDefault("test_" + metric, Double.NaN);
    }

    /** Per model: mean over tasks of the mean primary score of that task's datasets (absent scores skipped). */
    public static Map<String, Double> overallScores(List<BenchmarkResult> records) {
        return aggregate(records, Leaderboard::primaryByDataset);
    }

    /** Per model: the leaderboard's rank score over the datasets in the records. */
    public static Map<String, Double> rankScores(List<BenchmarkResult> records) {
        return aggregate(records, Leaderboard::ranksByDataset);
    }

    private interface PerDataset {
        Map<String, Map<String, Double>> apply(List<BenchmarkResult> records);  // dataset -> model -> value
    }

    private static Map<String, Double> aggregate(List<BenchmarkResult> records, PerDataset perDataset) {
        Map<String, Map<String, Double>> byDataset = perDataset.apply(records);
        Map<String, Map<String, List<Double>>> byModelTask = new TreeMap<>();
        for (var d : byDataset.entrySet()) {
            String task = DanishTasks.byName(d.getKey()).task();
            for (var m : d.getValue().entrySet()) {
                byModelTask.computeIfAbsent(m.getKey(), k -> new TreeMap<>())
                        .computeIfAbsent(task, k -> new ArrayList<>()).add(m.getValue());
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        byModelTask.forEach((model, tasks) -> out.put(model, tasks.values().stream()
                .mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                .average().orElse(Double.NaN)));
        return out;
    }

    private static Map<String, Map<String, Double>> primaryByDataset(List<BenchmarkResult> records) {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        for (BenchmarkResult r : records) {
            double p = primary(r);
            if (!Double.isNaN(p)) {
                out.computeIfAbsent(r.dataset(), k -> new TreeMap<>()).put(r.model(), p);
            }
        }
        return out;
    }

    private static Map<String, Map<String, Double>> ranksByDataset(List<BenchmarkResult> records) {
        Map<String, List<BenchmarkResult>> byDataset = new TreeMap<>();
        for (BenchmarkResult r : records) {
            if (!Double.isNaN(primary(r))) {
                byDataset.computeIfAbsent(r.dataset(), k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, Map<String, Double>> out = new TreeMap<>();
        byDataset.forEach((dataset, rs) -> out.put(dataset, ranks(rs)));
        return out;
    }

    /** The rank of each model on one dataset. */
    static Map<String, Double> ranks(List<BenchmarkResult> records) {
        List<BenchmarkResult> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingDouble(Leaderboard::primary).reversed());
        double[] means = sorted.stream().mapToDouble(Leaderboard::primary).toArray();
        double m = Significance.mean(means);
        double sigma = Math.sqrt(java.util.Arrays.stream(means).map(x -> (x - m) * (x - m)).sum() / means.length);
        Map<String, Double> out = new LinkedHashMap<>();
        double rank = 1;
        BenchmarkResult anchor = sorted.getFirst();
        out.put(anchor.model(), rank);
        for (BenchmarkResult r : sorted.subList(1, sorted.size())) {
            double p = Significance.welchGreater(scaledRaw(anchor), scaledRaw(r));
            if (p < 0.05) {
                rank += (primary(anchor) - primary(r)) / sigma;
                anchor = r;
            }
            out.put(r.model(), rank);
        }
        return out;
    }

    /** Raw primary values, x100 when all are <= 1 (as the leaderboard script does). */
    private static double[] scaledRaw(BenchmarkResult r) {
        double[] v = r.rawValues(DanishTasks.byName(r.dataset()).primaryMetric());
        boolean fraction = java.util.Arrays.stream(v).allMatch(x -> x <= 1);
        return fraction ? java.util.Arrays.stream(v).map(x -> x * 100).toArray() : v;
    }
}
