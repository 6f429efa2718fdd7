package dk.snaklib.corpus.pipeline;

/**
 * Bands x rows for MinHash LSH at a Jaccard threshold, chosen like datasketch/text-dedup (which the study used):
 * the split of {@code numPerm} hash values that minimises the equally weighted areas of false positives (pairs
 * below the threshold that still share a band) and false negatives (pairs above it that share none).
 *
 * @param bands          number of bands b
 * @param rows           hash values per band r (b * r <= numPerm)
 * @param falsePositive  area of P(candidate) = 1 - (1 - s^r)^b over s in [0, threshold]
 * @param falseNegative  area of 1 - P(candidate) over s in [threshold, 1]
 */
public record LshParameters(int bands, int rows, double falsePositive, double falseNegative) {

    /** Found parameters by (threshold, numPerm): the search integrates thousands of curves, tens of milliseconds. */
    private static final java.util.Map<java.util.List<Object>, LshParameters> FOUND =
            new java.util.concurrent.ConcurrentHashMap<>();

    public static LshParameters optimal(double threshold, int numPerm) {
        return FOUND.computeIfAbsent(java.util.List.of(threshold, numPerm), k -> search(threshold, numPerm));
    }

    private static LshParameters search(double threshold, int numPerm) {
        if (threshold <= 0 || threshold >= 1 || numPerm < 1) {
            throw new IllegalArgumentException("need 0 < threshold < 1 and numPerm >= 1, got " + threshold + ", " + numPerm);
        }
        LshParameters best = null;
        double bestError = Double.MAX_VALUE;
        for (int b = 1; b <= numPerm; b++) {
            for (int r = 1; r <= numPerm / b; r++) {
                int bb = b;
                int rr = r;
                double fp = integrate(s -> 1 - Math.pow(1 - Math.pow(s, rr), bb), 0, threshold);
                double fn = integrate(s -> Math.pow(1 - Math.pow(s, rr), bb), threshold, 1);
                double error = 0.5 * fp + 0.5 * fn;
                if (error < bestError - 1e-15) {
                    bestError = error;
                    best = new LshParameters(b, r, fp, fn);
                }
            }
        }
        return best;
    }

    /** Probability that two documents of Jaccard similarity {@code s} share at least one band. */
    public double candidateProbability(double s) {
        return 1 - Math.pow(1 - Math.pow(s, rows), bands);
    }

    private static double integrate(java.util.function.DoubleUnaryOperator f, double a, double b) {
        int n = 1000; // Simpson's rule; the integrands are smooth polynomials
        double h = (b - a) / n;
        double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < n; i++) {
            sum += f.applyAsDouble(a + i * h) * (i % 2 == 0 ? 2 : 4);
        }
        return sum * h / 3;
    }

    @Override
    public String toString() {
        return String.format("%d bands x %d rows (false-positive area %.4f, false-negative area %.4f)", bands, rows,
                falsePositive, falseNegative);
    }
}
