package dk.snaklib.eval;

/**
 * Significance tests between two models: the leaderboard's one-sided Welch test on the raw bootstrap scores
 * (scipy's ttest_ind(alternative="greater", equal_var=False)), and paired tests on per-item scores of the same
 * items (paired bootstrap and sign-flip permutation), drawn with numpy's PCG64 so a Python script can repeat them.
 */
public final class Significance {
    /** Observed mean difference a - b and the one-sided p-value that a is not better than b. */
    public record Paired(double meanDifference, double pValue, int resamples) {}

    private Significance() {}

    /** One-sided Welch t-test p-value for mean(a) > mean(b). */
    public static double welchGreater(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double va = variance(a, ma) / a.length;
        double vb = variance(b, mb) / b.length;
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return ma > mb ? 0 : ma == mb ? Double.NaN : 1;
        }
        double t = (ma - mb) / se;
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        return StudentT.survival(t, df);
    }

    /** Paired bootstrap: share of item resamples whose mean difference is <= 0 (items where either is NaN skipped). */
    public static Paired pairedBootstrap(double[] a, double[] b, int resamples, long seed) {
        double[] d = differences(a, b);
        NumpyRandom rng = new NumpyRandom(seed);
        int notBetter = 0;
        for (int r = 0; r < resamples; r++) {
            long[] idx = rng.integers(0, d.length, d.length);
            double sum = 0;
            for (long i : idx) {
                sum += d[(int) i];
            }
            if (sum <= 0) {
                notBetter++;
            }
        }
        return new Paired(mean(d), (double) notBetter / resamples, resamples);
    }

    /** Sign-flip permutation test: share of random sign flips with a mean difference >= the observed one. */
    public static Paired pairedPermutation(double[] a, double[] b, int resamples, long seed) {
        double[] d = differences(a, b);
        double observed = mean(d);
        NumpyRandom rng = new NumpyRandom(seed);
        int atLeast = 0;
        for (int r = 0; r < resamples; r++) {
            long[] signs = rng.integers(0, 2, d.length);
            double sum = 0;
            for (int i = 0; i < d.length; i++) {
                sum += signs[i] == 0 ? -d[i] : d[i];
            }
            if (sum / d.length >= observed - 1e-12) {
                atLeast++;
            }
        }
        return new Paired(observed, (atLeast + 1.0) / (resamples + 1.0), resamples);
    }

    private static double[] differences(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired tests need the same items: " + a.length + " vs " + b.length);
        }
        return java.util.stream.IntStream.range(0, a.length).filter(i -> !Double.isNaN(a[i]) && !Double.isNaN(b[i]))
                .mapToDouble(i -> a[i] - b[i]).toArray();
    }

    static double mean(double[] v) {
        if (v.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s / (v.length - 1);
    }
}
