package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Text continuation with a KV cache: the prompt goes through once, then one token per step. Greedy at
 * temperature 0, else sampling from softmax(logits / temperature) restricted to the top-p nucleus.
 */
public final class Generator {
    /** How the next token is picked. */
    public record Sampling(double temperature, double topP, long seed) {
        public static Sampling greedy() {
            return new Sampling(0, 1, 0);
        }

        public Sampling {
            if (!(temperature >= 0 && temperature < Double.POSITIVE_INFINITY) || !(topP > 0 && topP <= 1)) { // NaN too
                throw new IllegalArgumentException("need temperature >= 0 and 0 < top_p <= 1, got " + temperature + ", " + topP);
            }
        }
    }

    private Generator() {}

    /** Greedy continuation: prompt followed by {@code maxNewTokens} argmax tokens. */
    public static long[] greedy(LlamaModel model, long[] prompt, int maxNewTokens) {
        return generate(model, prompt, maxNewTokens, Sampling.greedy(), List.of());
    }

    /** Prompt followed by up to {@code maxNewTokens} tokens; stops after emitting any of {@code stopIds}. */
    public static long[] generate(LlamaModel model, long[] prompt, int maxNewTokens, Sampling sampling,
                                  Collection<Integer> stopIds) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        int limit = model.config().maxPositionEmbeddings();
        long[] out = Arrays.copyOf(prompt, prompt.length + maxNewTokens);
        int length = prompt.length;
        SplittableRandom rng = new SplittableRandom(sampling.seed());
        try (NoGrad off = NoGrad.enter();
             NDManager m = model.manager().newSubManager();
             KvCache cache = new KvCache(m, model.config().numHiddenLayers())) {
            long[] feed = prompt;
            while (length < out.length && length < limit) {
                float[] last;
                try (NDManager step = m.newSubManager()) {
                    NDArray ids = step.create(feed, new Shape(1, feed.length));
                    NDArray logits = model.forward(ids, cache);                    // [1, T, V]
                    last = logits.get(0, feed.length - 1).toFloatArray();          // [V]
                }
                long next = pick(last, sampling, rng);
                out[length++] = next;
                if (stopIds.contains((int) next)) {
                    break;
                }
                feed = new long[] {next};
            }
        }
        return Arrays.copyOf(out, length);
    }

    /**
     * The next token from one position's logits [V]. Greedy: the first maximum. Else HF's order: divide by the
     * temperature, softmax, keep the top-p nucleus (TopPLogitsWarper: the most probable tokens until their mass
     * reaches top_p, at least one), renormalise, draw. top_p = 1 is plain sampling: HF adds no top-p step then.
     */
    static long pick(float[] logits, Sampling s, SplittableRandom rng) {
        for (int i = 0; i < logits.length; i++) {
            if (!Float.isFinite(logits[i])) {
                throw new IllegalStateException("logit of token " + i + " is " + logits[i]
                        + ": the model produced a non-finite number, so there is nothing to pick from");
            }
        }
        if (s.temperature() == 0) {
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            return best;
        }
        double[] p = softmax(logits, s.temperature());
        if (s.topP() < 1) {
            keepNucleus(p, s.topP());
        }
        return draw(p, rng);
    }

    /** softmax(logits / temperature), in double, max-subtracted so that it cannot overflow. */
    static double[] softmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * Zeroes every token outside the nucleus: in descending probability, a token is kept while the mass of the
     * tokens before it is below {@code topP} (the first is always kept). Ties keep the lower id first.
     */
    static void keepNucleus(double[] p, double topP) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a])); // stable: equal probabilities keep id order
        double mass = 0;
        int keep = 0;
        while (keep < order.length && (keep == 0 || mass < topP)) {
            mass += p[order[keep++]];
        }
        for (int i = keep; i < order.length; i++) {
            p[order[i]] = 0;
        }
    }

    /** One draw from weights {@code p} (need not sum to 1) by inverse CDF in id order; zero weights are never drawn. */
    static int draw(double[] p, SplittableRandom rng) {
        double total = 0;
        for (double x : p) {
            total += x;
        }
        double r = rng.nextDouble() * total;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                cumulative += p[i];
                last = i;
                if (r < cumulative) {
                    return i;
                }
            }
        }
        return last; // r rounded up to the total
    }
}
