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
            if (temperature < 0 || topP <= 0 || topP > 1) {
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

    static long pick(float[] logits, Sampling s, SplittableRandom rng) {
        if (s.temperature() == 0) {
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            return best;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logits[i] - max) / s.temperature());
            sum += p[i];
        }
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
            p[i] /= sum;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        double mass = 0;
        int keep = 0;
        while (keep < order.length && (keep == 0 || mass < s.topP())) {
            mass += p[order[keep++]];
        }
        double r = rng.nextDouble() * mass;
        for (int i = 0; i < keep; i++) {
            r -= p[order[i]];
            if (r <= 0) {
                return order[i];
            }
        }
        return order[keep - 1];
    }
}
