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
 * log-probabilities for label words, and greedy generation with a KV cache stopping at EOS, pad or a blank line
 * (or, for NER, constrained to v13's JSON schema).
 *
 * <p>Prefix cache: {@link #usePrefix} runs a text shared by many prompts (an iteration's few-shot part) once and
 * keeps its keys/values; each later prompt reuses them for its longest common token prefix with that text and
 * feeds only the rest. Token ids and attention are the same as without the cache, so only float summation order
 * differs (logits agree to ~1e-6, see {@code PrefixCacheTest}).
 */
public final class ModelRunner implements AutoCloseable {
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
    private long prompts;
    private long promptTokens;
    private long fedTokens;
    private long[] prefixIds;
    private NDManager prefixManager;
    private KvCache prefixCache;

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

    /** Prompts scored so far, their tokens, and of those the ones actually fed (the rest came from the prefix cache). */
    public long[] counts() {
        return new long[] {prompts, promptTokens, fedTokens};
    }

    /** Computes and keeps the keys/values of {@code text} (with the tokenizer's leading special tokens). */
    public void usePrefix(String text) {
        clearPrefix();
        long[] ids = tokenizer.encodeWithSpecialTokens(text);
        if (ids.length > model.config().maxPositionEmbeddings()) {
            return;   // longer than the context: prompts will be truncated and share nothing reusable
        }
        prefixManager = model.manager().newSubManager();
        prefixCache = new KvCache(prefixManager, model.config().numHiddenLayers());
        try (NoGrad off = NoGrad.enter(); NDManager step = prefixManager.newSubManager()) {
            model.forward(step.create(ids, new Shape(1, ids.length)), prefixCache);   // [1, T, V], only the cache is kept
        }
        prefixIds = ids;
    }

    /** Forgets the prefix (and frees its keys/values). */
    public void clearPrefix() {
        if (prefixManager != null) {
            prefixCache.close();
            prefixManager.close();
        }
        prefixManager = null;
        prefixCache = null;
        prefixIds = null;
    }

    @Override
    public void close() {
        clearPrefix();
    }

    /** Whether {@code prompt} fits the context with room for {@code maxGenerated} new tokens. */
    public boolean fits(String prompt, int maxGenerated) {
        return tokenizer.encodeWithSpecialTokens(prompt).length <= model.config().maxPositionEmbeddings() - maxGenerated;
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
        return pick(nextLogProbs(promptIds(prompt, 1)), labels, rule);
    }

    static int pick(double[] logProbs, LabelTokens labels, LabelRule rule) {
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
        return generate(prompt, maxTokens, null);
    }

    /**
     * Greedy continuation restricted to text that {@code constraint} accepts as a prefix (the best-scoring allowed
     * token at each step, as outlines' logits masking gives); stops when the text is complete, at EOS or pad (only
     * once complete), or after {@code maxTokens}. Null: unconstrained, as {@link #generate(String, int)}.
     */
    public String generate(String prompt, int maxTokens, JsonConstraint constraint) {
        long[] ids = promptIds(prompt, maxTokens);
        long[] generated = new long[maxTokens];
        int n = 0;
        String text = "";
        try (NoGrad off = NoGrad.enter(); NDManager m = model.manager().newSubManager()) {
            Started s = start(m, ids);
            try (KvCache cache = s.cache) {
                long[] feed = s.feed;
                while (n < maxTokens) {
                    float[] last;
                    try (NDManager step = m.newSubManager()) {
                        NDArray logits = model.forward(step.create(feed, new Shape(1, feed.length)), cache); // [1, T, V]
                        last = logits.get(0, feed.length - 1).toFloatArray();                              // [V]
                    }
                    int next;
                    if (constraint == null) {
                        next = argmax(last);
                        if (stopIds.contains(next)) {
                            break;
                        }
                    } else {
                        long[] sofar = Arrays.copyOf(generated, n + 1);
                        int at = n;
                        next = constraint.best(last, id -> {
                            sofar[at] = id;
                            return tokenizer.decode(sofar);
                        }, stopIds);
                        if (next < 0) {
                            break;
                        }
                    }
                    generated[n++] = next;
                    text = tokenizer.decode(Arrays.copyOf(generated, n));
                    if (constraint == null ? text.contains("\n\n") : constraint.complete(text)) {
                        break;
                    }
                    feed = new long[] {next};
                }
            }
        }
        int stop = text.indexOf("\n\n");
        return stop < 0 ? text : text.substring(0, stop);
    }

    /** log_softmax of the logits after the prompt. */
    double[] nextLogProbs(long[] ids) {
        float[] last;
        try (NoGrad off = NoGrad.enter(); NDManager m = model.manager().newSubManager()) {
            Started s = start(m, ids);
            try (KvCache cache = s.cache) {
                NDArray logits = model.forward(m.create(s.feed, new Shape(1, s.feed.length)), cache);   // [1, T, V]
                last = logits.get(0, s.feed.length - 1).logSoftmax(-1).toFloatArray();                  // [V]
            }
        }
        double[] out = new double[last.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = last[i];
        }
        return out;
    }

    /** A cache for {@code ids} and the ids still to feed: the prefix's positions reused where the tokens agree. */
    private record Started(KvCache cache, long[] feed) {}

    private Started start(NDManager m, long[] ids) {
        prompts++;
        promptTokens += ids.length;
        int reuse = 0;
        if (prefixIds != null) {
            int max = Math.min(prefixIds.length, ids.length - 1);   // the last prompt token is always fed: its logits are needed
            while (reuse < max && prefixIds[reuse] == ids[reuse]) {
                reuse++;
            }
        }
        KvCache cache = reuse > 0 ? prefixCache.prefix(m, reuse) : new KvCache(m, model.config().numHiddenLayers());
        fedTokens += ids.length - reuse;
        return new Started(cache, Arrays.copyOfRange(ids, reuse, ids.length));
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
