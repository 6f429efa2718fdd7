package dk.snaklib.eval;

import java.util.List;

/** v13's aggregate of the per-iteration scores: mean and 1.96 * std(ddof=1) / sqrt(n), the 95% CI half-width. */
public final class Bootstrap {
    /** Mean and standard-error-based half-width, on the metric's own scale. */
    public record Summary(double mean, double se) {}

    private Bootstrap() {}

    public static Summary summarize(List<Double> values) {
        int n = values.size();
        if (n == 0) {
            throw new IllegalArgumentException("no iteration scores to summarize");
        }
        double mean = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("non-finite iteration score " + v + " in " + values);
            }
            mean += v;
        }
        mean /= n;
        if (n == 1) {
            return new Summary(mean, Double.NaN);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(ss / (n - 1));
        return new Summary(mean, 1.96 * std / Math.sqrt(n));
    }

    /** The bootstrap rows of a split of {@code n} items: v13's default_rng(4242).integers(0, n, (iterations, n)). */
    public static int[][] indices(int iterations, int n) {
        return new NumpyRandom(4242).bootstrapIndices(iterations, n);
    }
}
