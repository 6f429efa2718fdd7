package dk.snaklib.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Temperature and top-p sampling on distributions whose nucleus is known by hand. Counts are checked against a
 * binomial bound: a token of probability p drawn N times is within 5 standard deviations of N p (a chance of
 * about 6e-7 per token to fail for a correct sampler; the seeds are fixed, so the test is deterministic).
 */
class GeneratorSamplingTest {
    /** Probabilities by token id, shuffled so that the most probable token is not id 0. */
    static final double[] Q = {0.10, 0.03, 0.40, 0.05, 0.25, 0.02, 0.15};
    static final int DRAWS = 20_000;

    static float[] logits(double[] q, double scale) {
        float[] l = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            l[i] = (float) (Math.log(q[i]) * scale);
        }
        return l;
    }

    /** q^(1/T), normalised: what softmax(log q / T) is. */
    static double[] tempered(double[] q, double temperature) {
        double[] p = new double[q.length];
        double sum = 0;
        for (int i = 0; i < q.length; i++) {
            p[i] = Math.pow(q[i], 1 / temperature);
            sum += p[i];
        }
        for (int i = 0; i < q.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Expected probabilities restricted to {@code nucleus} (ids), renormalised; 0 elsewhere. */
    static double[] restricted(double[] p, Set<Integer> nucleus) {
        double mass = nucleus.stream().mapToDouble(i -> p[i]).sum();
        double[] out = new double[p.length];
        nucleus.forEach(i -> out[i] = p[i] / mass);
        return out;
    }

    /** One draw per seed 0..DRAWS-1, counted per token. */
    static int[] countDraws(float[] logits, Generator.Sampling s) {
        int[] counts = new int[logits.length];
        for (int seed = 0; seed < DRAWS; seed++) {
            counts[(int) Generator.pick(logits, new Generator.Sampling(s.temperature(), s.topP(), seed),
                    new SplittableRandom(seed))]++;
        }
        return counts;
    }

    static void assertProportions(int[] counts, double[] expected, String what) {
        int n = java.util.Arrays.stream(counts).sum();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == 0) {
                assertEquals(0, counts[i], what + ": token " + i + " is outside the nucleus but was drawn");
                continue;
            }
            double mean = n * expected[i];
            double bound = 5 * Math.sqrt(n * expected[i] * (1 - expected[i])) + 1;
            assertTrue(Math.abs(counts[i] - mean) <= bound, what + ": token " + i + " drawn " + counts[i]
                    + " times, expected " + mean + " +- " + bound);
        }
    }

    @Test
    void topPKeepsTheKnownNucleusInItsProportions() {
        // Descending: 0.40 (id 2), 0.25 (id 4), 0.15 (id 6), 0.10 (id 0): the mass before id 0 is 0.80 >= 0.75.
        int[] counts = countDraws(logits(Q, 1), new Generator.Sampling(1, 0.75, 0));
        assertProportions(counts, restricted(Q, Set.of(2, 4, 6)), "T=1 top_p=0.75");
        // Just above 0.80, id 0 joins; nothing else does (mass before id 3 is 0.90).
        counts = countDraws(logits(Q, 1), new Generator.Sampling(1, 0.81, 0));
        assertProportions(counts, restricted(Q, Set.of(2, 4, 6, 0)), "T=1 top_p=0.81");
        // A small top_p keeps only the most probable token: always id 2.
        counts = countDraws(logits(Q, 1), new Generator.Sampling(1, 0.1, 0));
        assertEquals(DRAWS, counts[2]);
    }

    /** HF divides by the temperature before top-p, so the temperature changes which tokens are in the nucleus. */
    @Test
    void temperatureIsAppliedBeforeTheNucleus() {
        double[] hot = tempered(Q, 2); // 0.266, 0.211, 0.163, 0.133, 0.094, ...: mass before the 5th is 0.773
        int[] counts = countDraws(logits(Q, 1), new Generator.Sampling(2, 0.75, 0));
        assertProportions(counts, restricted(hot, Set.of(2, 4, 6, 0)), "T=2 top_p=0.75");

        double[] cold = tempered(Q, 0.5); // 0.618, 0.242, 0.087, ...: mass before the 3rd is 0.860 >= 0.75
        counts = countDraws(logits(Q, 1), new Generator.Sampling(0.5, 0.75, 0));
        assertProportions(counts, restricted(cold, Set.of(2, 4)), "T=0.5 top_p=0.75");
        counts = countDraws(logits(Q, 1), new Generator.Sampling(0.5, 1, 0));
        assertProportions(counts, cold, "T=0.5 top_p=1");
    }

    /** top_p = 1 is plain sampling: every token, each draw the inverse CDF of softmax at the seed's first double. */
    @Test
    void topPOneIsPlainSampling() {
        int[] counts = countDraws(logits(Q, 1), new Generator.Sampling(1, 1, 0));
        assertProportions(counts, Q, "T=1 top_p=1");
        int compared = 0;
        for (int seed = 0; seed < DRAWS; seed++) {
            double u = new SplittableRandom(seed).nextDouble();
            double cumulative = 0;
            int plain = Q.length - 1;
            boolean nearBoundary = false;
            for (int i = 0; i < Q.length; i++) {
                cumulative += Q[i];
                nearBoundary |= Math.abs(u - cumulative) < 1e-6; // float logits move boundaries by ~1e-7
                if (u < cumulative) {
                    plain = i;
                    break;
                }
            }
            if (!nearBoundary) {
                compared++;
                assertEquals(plain, Generator.pick(logits(Q, 1), new Generator.Sampling(1, 1, seed),
                        new SplittableRandom(seed)), "seed " + seed);
            }
        }
        assertTrue(compared > DRAWS - 100, "compared " + compared);
    }

    @Test
    void greedyTakesTheFirstMaximumAndNonFiniteLogitsAreSaid() {
        assertEquals(2, Generator.pick(logits(Q, 1), Generator.Sampling.greedy(), new SplittableRandom(1)));
        assertEquals(1, Generator.pick(new float[] {0, 3, 3}, Generator.Sampling.greedy(), new SplittableRandom(1)));
        float[] withNaN = {0, Float.NaN, 1};
        var e = assertThrows(IllegalStateException.class,
                () -> Generator.pick(withNaN, Generator.Sampling.greedy(), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("logit of token 1 is NaN"), e.getMessage());
        float[] withInf = {0, 1, Float.POSITIVE_INFINITY};
        e = assertThrows(IllegalStateException.class,
                () -> Generator.pick(withInf, new Generator.Sampling(1, 0.9, 0), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("logit of token 2 is Infinity"), e.getMessage());
        for (double[] bad : new double[][] {{Double.NaN, 1}, {-1, 1}, {1, 0}, {1, 1.5}, {1, Double.NaN},
                {Double.POSITIVE_INFINITY, 1}}) {
            assertThrows(IllegalArgumentException.class, () -> new Generator.Sampling(bad[0], bad[1], 0));
        }
    }

    /**
     * Through the whole generation loop: a model whose every position gives logits log Q (attention and MLP
     * outputs zero, every embedding row ones, lm_head row v = log Q[v] / hidden), 250 tokens from one seed.
     */
    @Test
    void generateDrawsFromTheNucleusAtEveryStep() {
        int hidden = 8;
        LlamaConfig config = LlamaConfig.of(Q.length, hidden, 8, 1, 2, 1, 4096);
        Map<String, NDArray> weights = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            LlamaTensorNames.expected(config).forEach((name, shape) -> weights.put(name,
                    name.contains("o_proj") || name.contains("down_proj") ? m.zeros(shape) : m.ones(shape)));
            float[] head = new float[Q.length * hidden];
            for (int v = 0; v < Q.length; v++) {
                for (int j = 0; j < hidden; j++) {
                    head[v * hidden + j] = (float) (Math.log(Q[v]) / hidden);
                }
            }
            weights.put(LlamaTensorNames.LM_HEAD, m.create(head, new Shape(Q.length, hidden)));
            try (LlamaModel model = LlamaModel.fromWeights(config, weights, Device.cpu())) {
                int n = 250; // ~80 ms a step on a loaded 2-core machine
                long[] out = Generator.generate(model, new long[] {0}, n, new Generator.Sampling(2, 0.75, 7), List.of());
                assertEquals(n + 1, out.length);
                int[] counts = new int[Q.length];
                for (int i = 1; i < out.length; i++) {
                    counts[(int) out[i]]++;
                }
                // the final RMSNorm scales ones by 1/sqrt(1 + eps): logits are log Q times that, i.e. Q^c
                double c = 1 / Math.sqrt(1 + config.rmsNormEps());
                assertProportions(counts, restricted(tempered(Q, 2 / c), Set.of(2, 4, 6, 0)), "generate T=2 top_p=0.75");
            }
        }
    }
}
