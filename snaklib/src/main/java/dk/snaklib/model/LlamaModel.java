package dk.snaklib.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Llama decoder on DJL's PyTorch engine: token embedding, N blocks of (RMSNorm, grouped-query attention with
 * RoPE, residual, RMSNorm, SwiGLU MLP, residual), a final RMSNorm and the LM head (tied or not).
 *
 * <p>Weights are plain NDArrays keyed by their Hugging Face names and stored as HF stores them ({@code [out, in]}
 * for projections), so checkpoints load and save without renaming or transposing. Everything is fp32: DJL's
 * PyTorch engine cannot hold bf16. The forward is written with NDArray ops only, so autograd gives the backward.
 */
public final class LlamaModel implements AutoCloseable {
    private final LlamaConfig config;
    private final NDManager manager;
    private final LinkedHashMap<String, NDArray> weights;
    private final RotaryEmbedding rope;
    private LinearAdapter adapter; // null: the plain model

    private LlamaModel(LlamaConfig config, NDManager manager, LinkedHashMap<String, NDArray> weights) {
        this.config = config;
        this.manager = manager;
        this.weights = weights;
        this.rope = new RotaryEmbedding(config);
    }

    /**
     * A freshly initialised model, as HF does it: projections and embeddings ~ N(0, initializer_range), norms 1.
     * Values come from a Java RNG seeded per tensor name, so the same seed gives the same model on any engine.
     */
    public static LlamaModel initialize(LlamaConfig config, long seed, Device device) {
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        LinkedHashMap<String, NDArray> weights = new LinkedHashMap<>();
        for (var e : LlamaTensorNames.expected(config).entrySet()) {
            Shape shape = e.getValue();
            int n = Math.toIntExact(shape.size());
            FloatBuffer buf = FloatBuffer.allocate(n);
            if (shape.dimension() == 1) {
                for (int i = 0; i < n; i++) {
                    buf.put(1f);
                }
            } else {
                SplittableRandom rng = new SplittableRandom(seed ^ e.getKey().hashCode() * 0x9E3779B97F4A7C15L);
                double std = config.initializerRange();
                for (int i = 0; i < n; i++) {
                    buf.put((float) (gaussian(rng) * std));
                }
            }
            buf.rewind();
            NDArray w = EngineArrays.copyOf(manager, buf, shape, DataType.FLOAT32);
            w.setName(e.getKey());
            weights.put(e.getKey(), w);
        }
        return new LlamaModel(config, manager, weights);
    }

    /** Box-Muller normal sample; SplittableRandom has none of its own in Java 21. */
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Wraps already loaded fp32 weights (HF names). The model takes ownership: they move to its manager.
     * Every tensor the config needs must be present with its shape.
     */
    public static LlamaModel fromWeights(LlamaConfig config, Map<String, NDArray> loaded, Device device) {
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        LinkedHashMap<String, NDArray> weights = new LinkedHashMap<>();
        for (var e : LlamaTensorNames.expected(config).entrySet()) {
            NDArray w = loaded.get(e.getKey());
            if (w == null) {
                manager.close();
                throw new IllegalArgumentException("missing weight " + e.getKey() + " " + e.getValue());
            }
            if (!w.getShape().equals(e.getValue())) {
                manager.close();
                throw new IllegalArgumentException("weight " + e.getKey() + " has shape " + w.getShape()
                        + ", the config needs " + e.getValue());
            }
            if (w.getDataType() != DataType.FLOAT32) {
                w = w.toType(DataType.FLOAT32, false);
            }
            if (!w.getDevice().equals(device)) {
                w = w.toDevice(device, false);
            }
            w.attach(manager);
            w.setName(e.getKey());
            weights.put(e.getKey(), w);
        }
        return new LlamaModel(config, manager, weights);
    }

    public LlamaConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** The weights by HF name, in HF order (read-only view; the arrays themselves are live). */
    public Map<String, NDArray> weights() {
        return Collections.unmodifiableMap(weights);
    }

    /** Turns gradient tracking on or off for every weight. */
    public void setTrainable(boolean trainable) {
        weights.values().forEach(w -> w.setRequiresGradient(trainable));
    }

    /**
     * Adds {@code adapter}'s output to every linear layer it adapts (null removes it). The adapter does not own the
     * weights; the model keeps using its own.
     */
    public void setAdapter(LinearAdapter adapter) {
        this.adapter = adapter;
    }

    /** The adapter consulted by the forward, or null. */
    public LinearAdapter adapter() {
        return adapter;
    }

    /** Logits for every position: ids [batch, seq] (int64) -> [batch, seq, vocab]. */
    public NDArray logits(NDArray ids) {
        return forward(ids, null);
    }

    /**
     * The forward pass. With a cache, ids are the positions after those already cached and their keys/values are
     * appended; without one, ids start at position 0. Intermediate arrays belong to the input's manager.
     */
    public NDArray forward(NDArray ids, KvCache cache) {
        NDManager m = ids.getManager();
        int seq = Math.toIntExact(ids.getShape().get(1));
        int start = cache == null ? 0 : cache.length();
        int hd = config.headDim();

        NDList cosSin = rope.tables(m, start, seq);
        NDArray cos = cosSin.get(0);                                                  // [T, hd]
        NDArray sin = cosSin.get(1);                                                  // [T, hd]
        NDArray mask = causalMask(m, start, seq);                                     // [T, start+T], 0 or -inf
        NDArray scale = EngineArrays.scalar(m, (float) (1.0 / Math.sqrt(hd)));        // []

        NDArray x = embed(ids);                                                       // [B, T, d]
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            x = decoderLayer(layer, x, cos, sin, mask, scale, cache);                // [B, T, d]
        }
        if (cache != null) {
            cache.advance(seq);
        }
        x = rmsNorm(x, w("model.norm.weight"));                                       // [B, T, d]
        return linear(x, "lm_head", lmHead());                                        // [B, T, V]
    }

    /**
     * One decoder block. Its intermediates live in a manager of their own, closed when the block ends: autograd keeps
     * the tensors its backward needs (libtorch counts references), so only those outlive the block, not every
     * intermediate until the micro-batch's manager closes (docs/benchmarks.md, "Activation memory"). The block's
     * output moves to the input's manager.
     */
    private NDArray decoderLayer(int layer, NDArray input, NDArray cos, NDArray sin, NDArray mask, NDArray scale,
                                 KvCache cache) {
        NDManager outer = input.getManager();
        long batch = input.getShape().get(0);
        int seq = Math.toIntExact(input.getShape().get(1));
        int heads = config.numAttentionHeads();
        int kvHeads = config.numKeyValueHeads();
        int hd = config.headDim();
        int groups = config.kvGroups();
        String p = "model.layers." + layer + ".";
        try (NDManager block = outer.newSubManager()) {
            NDArray x = input;
            x.attach(block); // the block's input is not needed after it (the caller holds no other reference)
            NDArray a = rmsNorm(x, w(p + "input_layernorm.weight"));                 // [B, T, d]
            NDArray q = linear(a, p + "self_attn.q_proj")                             // [B, T, H*hd]
                    .reshape(batch, seq, heads, hd).transpose(0, 2, 1, 3);            // [B, H, T, hd]
            NDArray k = linear(a, p + "self_attn.k_proj")                             // [B, T, KV*hd]
                    .reshape(batch, seq, kvHeads, hd).transpose(0, 2, 1, 3);          // [B, KV, T, hd]
            NDArray v = linear(a, p + "self_attn.v_proj")                             // [B, T, KV*hd]
                    .reshape(batch, seq, kvHeads, hd).transpose(0, 2, 1, 3);          // [B, KV, T, hd]
            q = RotaryEmbedding.apply(q, cos, sin);                                   // [B, H, T, hd]
            k = RotaryEmbedding.apply(k, cos, sin);                                   // [B, KV, T, hd]
            if (cache != null) {
                NDArray[] kv = cache.append(layer, k, v);
                k = kv[0];                                                            // [B, KV, S, hd], S = start+T
                v = kv[1];                                                            // [B, KV, S, hd]
            }
            long s = k.getShape().get(2);
            // Grouped-query attention without copying K/V: query heads j*G..j*G+G-1 share KV head j (HF order).
            NDArray qg = q.reshape(batch, kvHeads, (long) groups * seq, hd);           // [B, KV, G*T, hd]
            NDArray scores = qg.matMul(k.transpose(0, 1, 3, 2)).mul(scale)            // [B, KV, G*T, S]
                    .reshape(batch, kvHeads, groups, seq, s)                          // [B, KV, G, T, S]
                    .add(mask);                                                       // [B, KV, G, T, S]
            NDArray probs = scores.softmax(-1)                                        // [B, KV, G, T, S]
                    .reshape(batch, kvHeads, (long) groups * seq, s);                 // [B, KV, G*T, S]
            NDArray attn = probs.matMul(v)                                            // [B, KV, G*T, hd]
                    .reshape(batch, heads, seq, hd)                                   // [B, H, T, hd]
                    .transpose(0, 2, 1, 3).reshape(batch, seq, (long) heads * hd);    // [B, T, H*hd]
            x = x.add(linear(attn, p + "self_attn.o_proj"));                          // [B, T, d]

            NDArray h = rmsNorm(x, w(p + "post_attention_layernorm.weight"));        // [B, T, d]
            NDArray gate = linear(h, p + "mlp.gate_proj");                            // [B, T, F]
            NDArray up = linear(h, p + "mlp.up_proj");                                // [B, T, F]
            NDArray act = gate.mul(gate.getNDArrayInternal().sigmoid()).mul(up);      // [B, T, F]  silu(gate) * up
            x = x.add(linear(act, p + "mlp.down_proj"));                              // [B, T, d]
            x.attach(outer);
            return x;
        }
    }

    /**
     * Mean next-token cross-entropy: inputs [batch, seq] and targets [batch, seq] (targets[t] = inputs[t+1] of
     * the packed sequence). A target of {@link CrossEntropy#IGNORE_INDEX} (-100) carries no loss and the mean is
     * over the other positions, as torch's {@code CrossEntropyLoss(ignore_index=-100)}. Without ignored targets
     * this is the plain mean, computed as before (pre-training's numbers stay bit for bit). Returns a scalar
     * NDArray that autograd can differentiate.
     */
    public NDArray loss(NDArray inputs, NDArray targets) {
        NDArray logits = logits(inputs);                                              // [B, T, V]
        try {
            if (CrossEntropy.hasIgnored(targets)) {
                return CrossEntropy.mean(logits, targets);                            // []
            }
            NDArray logProbs = logits.logSoftmax(-1);                                 // [B, T, V]
            NDArray picked = logProbs.gather(targets.expandDims(-1), -1);            // [B, T, 1]
            return picked.mean().neg();                                               // []
        } finally {
            logits.close(); // LogSoftmaxBackward keeps its output, not the logits: one vocabulary-sized array less
        }
    }

    /**
     * Summed next-token cross-entropy over the positions whose target is not ignored (-100): for a mean over the
     * loss tokens of a whole accumulated step.
     */
    public NDArray lossSum(NDArray inputs, NDArray targets) {
        NDArray logits = logits(inputs);                                              // [B, T, V]
        try {
            return CrossEntropy.sum(logits, targets);                                 // []
        } finally {
            logits.close(); // as in loss(): the backward does not need the logits themselves
        }
    }

    /** The matrix that maps the final hidden state to logits: lm_head, or the embedding when tied. */
    public NDArray lmHead() {
        return config.tieWordEmbeddings() ? w("model.embed_tokens.weight") : w("lm_head.weight");
    }

    private NDArray embed(NDArray ids) {
        return ids.getNDArrayInternal()
                .embedding(ids, w("model.embed_tokens.weight"), ai.djl.ndarray.types.SparseFormat.DENSE)
                .singletonOrThrow();                                                  // [B, T, d]
    }

    /** The projection named {@code module} (HF module name), whose weight is {@code module + ".weight"}. */
    private NDArray linear(NDArray x, String module) {
        return linear(x, module, w(module + ".weight"));
    }

    /** x @ W^T with W stored [out, in] as in HF, plus the adapter's output for this module if it has one. */
    private NDArray linear(NDArray x, String module, NDArray weight) {
        NDArray y = x.getNDArrayInternal().linear(x, weight, null).singletonOrThrow();     // [..., out]
        NDArray extra = adapter == null ? null : adapter.delta(module, x);                  // [..., out] or null
        if (extra == null) {
            return y;
        }
        NDArray sum = y.add(extra);                                                         // [..., out]
        y.close();      // AddBackward saves neither operand: free both now, not when the micro-batch ends
        extra.close();
        return sum;
    }

    /** RMSNorm as HF computes it: w * x / sqrt(mean(x^2) + eps), statistics in fp32. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDManager m = x.getManager();
        NDArray rms = x.square().mean(new int[] {-1}, true)                           // [..., 1]
                .add(EngineArrays.scalar(m, (float) config.rmsNormEps())).sqrt();     // [..., 1]
        NDArray inverseRms = EngineArrays.scalar(m, 1f).div(rms);                     // [..., 1]
        return x.mul(inverseRms).mul(weight);                                         // [..., d]
    }

    /** Additive causal mask [T, start+T]: 0 where key position <= query position, -inf after it. */
    private static NDArray causalMask(NDManager m, int start, int seq) {
        NDArray queryPos = m.arange(start, start + seq).reshape(seq, 1);              // [T, 1]
        NDArray keyPos = m.arange(0, start + seq).reshape(1, start + seq);            // [1, S]
        NDArray allowed = keyPos.lte(queryPos);                                       // [T, S] bool
        NDArray zeros = m.zeros(allowed.getShape());
        NDArray minusInf = m.full(allowed.getShape(), Float.NEGATIVE_INFINITY);
        return ai.djl.ndarray.NDArrays.where(allowed, zeros, minusInf);              // [T, S]
    }

    private NDArray w(String name) {
        return weights.get(name);
    }

    @Override
    public void close() {
        manager.close();
    }
}
