package dk.snaklib.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.model.KvCache;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.NoGrad;
import dk.snaklib.tokenizer.HfTokenizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The model side of the harness: prompt tokens (BOS as the tokenizer's post-processor adds it; too long prompts
 * cut from the left as v13's {@code truncation_side="left"} does, and counted), the first generated position's
 * log-probabilities for label words, and greedy generation with a KV cache stopping at EOS, pad or a blank line.
 */
public final class ModelRunner {
    /** How label words are scored at the first generated position. */
    public enum LabelRule {
        /** v13/vLLM: only the top-10 log-probabilities are known (the rest -inf); ties and misses go to the first label. */
        TOP10,
        /** Every label's log-probability from the full vocabulary; ties go to the first label. */
        FULL_VOCABULARY
    }

    private final LlamaModel model;
    private final HfTokenizer tokenizer;
    private final Set<Integer> stopIds = new HashSet<>();
    private int truncatedPrompts;

    public ModelRunner(LlamaModel model, HfTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
        tokenizer.eosId().ifPresent(stopIds::add);
        tokenizer.tokenToId("<pad>").ifPresent(stopIds::add);
    }

    /** Prompts cut from the left so far. */
    public int truncatedPrompts() {
        return truncatedPrompts;
    }

    /** Token ids of the prompt, keeping room for {@code maxGenerated} new tokens. */
    long[] promptIds(String prompt, int maxGenerated) {
        long[] full = tokenizer.encodeWithSpecialTokens(prompt);
        int limit = model.config().maxPositionEmbeddings() - maxGenerated;
        if (full.length <= limit) {
            return full;
        }
        long[] plain = tokenizer.encodeLongs(prompt);
        int specials = full.length - plain.length;   // leading special tokens (BOS) stay
        if (limit - specials <= 0) {
            throw new IllegalArgumentException("the model's context (" + model.config().maxPositionEmbeddings()
                    + ") has no room for a prompt and " + maxGenerated + " generated tokens");
        }
        truncatedPrompts++;
        long[] out = new long[limit];
        System.arraycopy(full, 0, out, 0, specials);
        System.arraycopy(plain, plain.length - (limit - specials), out, specials, limit - specials);
        return out;
    }

    /** Index into {@code labels.candidateTokenIds()} of the predicted label. */
    public int classify(String prompt, LabelTokens labels, LabelRule rule) {
        double[] logProbs = nextLogProbs(promptIds(prompt, 1));
        int[] ids = labels.candidateTokenIds();
        double[] score = new double[ids.length];
        Set<Integer> top = rule == LabelRule.TOP10 ? topK(logProbs, 10) : null;
        for (int i = 0; i < ids.length; i++) {
            score[i] = top == null || top.contains(ids[i]) ? logProbs[ids[i]] : Double.NEGATIVE_INFINITY;
        }
        int best = 0;
        for (int i = 1; i < score.length; i++) {
            if (score[i] > score[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Greedy continuation: up to {@code maxTokens}, stopping at EOS/pad or the first "\n\n" (which is cut off). */
    public String generate(String prompt, int maxTokens) {
        long[] ids = promptIds(prompt, maxTokens);
        long[] generated = new long[maxTokens];
        int n = 0;
        String text = "";
        try (NoGrad off = NoGrad.enter();
             NDManager m = model.manager().newSubManager();
             KvCache cache = new KvCache(m, model.config().numHiddenLayers())) {
            long[] feed = ids;
            while (n < maxTokens) {
                float[] last;
                try (NDManager step = m.newSubManager()) {
                    NDArray logits = model.forward(step.create(feed, new Shape(1, feed.length)), cache); // [1, T, V]
                    last = logits.get(0, feed.length - 1).toFloatArray();                              // [V]
                }
                int next = argmax(last);
                if (stopIds.contains(next)) {
                    break;
                }
                generated[n++] = next;
                text = tokenizer.decode(Arrays.copyOf(generated, n));
                if (text.contains("\n\n")) {
                    break;
                }
                feed = new long[] {next};
            }
        }
        int stop = text.indexOf("\n\n");
        return stop < 0 ? text : text.substring(0, stop);
    }

    /** log_softmax of the logits after the prompt. */
    double[] nextLogProbs(long[] ids) {
        float[] last;
        try (NoGrad off = NoGrad.enter(); NDManager m = model.manager().newSubManager()) {
            NDArray logits = model.logits(m.create(ids, new Shape(1, ids.length)));       // [1, T, V]
            last = logits.get(0, ids.length - 1).logSoftmax(-1).toFloatArray();          // [V]
        }
        double[] out = new double[last.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = last[i];
        }
        return out;
    }

    /** The k highest-scoring ids (ties broken by lower id). */
    static Set<Integer> topK(double[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> values[a] != values[b] ? Double.compare(values[b], values[a]) : Integer.compare(a, b));
        return new HashSet<>(Arrays.asList(order).subList(0, Math.min(k, order.length)));
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
