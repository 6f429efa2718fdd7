package dk.snaklib.tune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.model.EngineArrays;
import dk.snaklib.model.LinearAdapter;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.NoGrad;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.SplittableRandom;

/**
 * A set of LoRA layers over one model's frozen projections (PEFT's LoraModel with one adapter). The model's forward
 * consults it through {@link LinearAdapter} once {@link #attach()}ed; nothing in the model is copied.
 *
 * <pre>{@code
 * var lora = LoraAdapter.create(model, LoraConfig.study(), 42).attach();
 * lora.train(42);                                  // base frozen (no gradients), dropout on, A and B trainable
 * Map<String, NDArray> params = lora.trainableParameters(); // PEFT names -> A [r, in], B [out, r]
 * ... optimizer steps over params ...
 * lora.eval();
 * PeftAdapterFiles.save(dir, lora);
 * }</pre>
 */
public final class LoraAdapter implements LinearAdapter, AutoCloseable {
    /** PEFT's key prefix for a causal LM's tensors: the PeftModel's base_model (LoraModel) wrapping model. */
    public static final String PEFT_PREFIX = "base_model.model.";

    private final LlamaModel model;
    private final LoraConfig config;
    private final NDManager manager;
    private final LinkedHashMap<String, LoraLayer> layers = new LinkedHashMap<>(); // by HF module name
    private LoraDropout dropout; // null when evaluating (as PEFT's nn.Dropout in eval mode)
    private boolean merged;

    private LoraAdapter(LlamaModel model, LoraConfig config) {
        this.model = model;
        this.config = config;
        this.manager = model.manager().newSubManager();
    }

    /**
     * New adapters on every module {@code config} targets, initialised as PEFT does (init_lora_weights true: A
     * Kaiming-uniform with a = sqrt(5), i.e. U(-1/sqrt(in), 1/sqrt(in)); B zeros), from a Java RNG seeded per module
     * name, so the same seed gives the same adapter anywhere.
     */
    public static LoraAdapter create(LlamaModel model, LoraConfig config, long seed) {
        LoraAdapter adapter = new LoraAdapter(model, config);
        for (LoraTargets.Target t : LoraTargets.resolve(config, model.config())) {
            SplittableRandom rng = new SplittableRandom(seed ^ t.module().hashCode() * 0x9E3779B97F4A7C15L);
            float[] a = switch (config.initLoraWeights()) {
                case "gaussian" -> gaussian(rng, t.r() * t.in(), 1.0 / t.r());
                default -> kaimingUniform(rng, t.r() * t.in(), t.in());
            };
            float[] b = config.initLoraWeights().equals("false")
                    ? kaimingUniform(rng, t.out() * t.r(), t.r())   // nn.Linear's own init: B is not zero
                    : new float[Math.toIntExact(t.out() * t.r())];
            adapter.add(t, adapter.array(a, new Shape(t.r(), t.in())), adapter.array(b, new Shape(t.out(), t.r())));
        }
        return adapter;
    }

    /** Adapters from given tensors (module -> A [r, in], B [out, r]); shapes were checked by the caller. */
    static LoraAdapter fromTensors(LlamaModel model, LoraConfig config, Map<String, NDArray> aByModule,
                                   Map<String, NDArray> bByModule) {
        LoraAdapter adapter = new LoraAdapter(model, config);
        for (LoraTargets.Target t : LoraTargets.resolve(config, model.config())) {
            NDArray a = aByModule.get(t.module());
            NDArray b = bByModule.get(t.module());
            a.attach(adapter.manager);
            b.attach(adapter.manager);
            adapter.add(t, a, b);
        }
        return adapter;
    }

    private void add(LoraTargets.Target t, NDArray a, NDArray b) {
        a.setName(peftName(t.module(), "A"));
        b.setName(peftName(t.module(), "B"));
        layers.put(t.module(), new LoraLayer(t, a, b));
    }

    /** torch.nn.init.kaiming_uniform_(w, a=sqrt(5)) with fan_in {@code fanIn}: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    private static float[] kaimingUniform(SplittableRandom rng, long n, long fanIn) {
        double gain = Math.sqrt(2.0 / (1 + 5));                   // leaky_relu gain with a = sqrt(5)
        double bound = Math.sqrt(3.0) * gain / Math.sqrt(fanIn);   // = 1/sqrt(fan_in)
        float[] out = new float[Math.toIntExact(n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return out;
    }

    private static float[] gaussian(SplittableRandom rng, long n, double std) {
        float[] out = new float[Math.toIntExact(n)];
        for (int i = 0; i < out.length; i++) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            out[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2) * std);
        }
        return out;
    }

    private NDArray array(float[] values, Shape shape) {
        return EngineArrays.floats(manager, values, shape);
    }

    /** PEFT's saved name of a module's A or B: {@code base_model.model.<module>.lora_A.weight}. */
    public static String peftName(String module, String which) {
        return PEFT_PREFIX + module + ".lora_" + which + ".weight";
    }

    /** Makes the model's forward use this adapter. */
    public LoraAdapter attach() {
        if (model.adapter() != null && model.adapter() != this) {
            throw new IllegalStateException("the model already has another adapter attached; detach it first");
        }
        model.setAdapter(this);
        return this;
    }

    /** The model's forward no longer uses this adapter (the base weights are as they were, unless merged). */
    public void detach() {
        if (model.adapter() == this) {
            model.setAdapter(null);
        }
    }

    /**
     * Training mode: every base weight frozen (no gradient is kept for it), A and B require gradients, dropout on the
     * LoRA branch's input with masks drawn from {@code dropoutSeed}.
     */
    public void train(long dropoutSeed) {
        if (merged) {
            throw new IllegalStateException("cannot train a merged adapter; unmerge() first");
        }
        model.setTrainable(false);
        layers.values().forEach(l -> {
            l.a().setRequiresGradient(true);
            l.b().setRequiresGradient(true);
        });
        dropout = config.loraDropout() > 0 ? new LoraDropout(config.loraDropout(), dropoutSeed) : null;
    }

    /**
     * Restarts the dropout masks' stream from {@code seed} (dropout on, as in training mode; base and adapter
     * gradients as they are). A training loop calls it at every step with a seed drawn from (run seed, step), so
     * that a resumed run draws the masks an uninterrupted one does.
     */
    public void dropoutSeed(long seed) {
        if (merged) {
            throw new IllegalStateException("cannot train a merged adapter; unmerge() first");
        }
        dropout = config.loraDropout() > 0 ? new LoraDropout(config.loraDropout(), seed) : null;
    }

    /** Evaluation mode: no dropout (gradients stay enabled on A and B if they were). */
    public void eval() {
        dropout = null;
    }

    @Override
    public NDArray delta(String module, NDArray x) {
        LoraLayer layer = merged ? null : layers.get(module);
        if (layer == null) {
            return null;
        }
        if (dropout == null) {
            return layer.branch(x, 1.0);                                                    // [..., out]
        }
        NDArray dropped = dropout.applyUnscaled(x);                                         // [..., in]
        NDArray out = layer.branch(dropped, dropout.keptScale());                           // [..., out]
        dropped.close(); // saved by the graph for A's gradient; the handle need not wait for the micro-batch
        return out;
    }

    /** A and B of every adapted module by PEFT name (adapter name stripped, as saved): what an optimizer updates. */
    public SequencedMap<String, NDArray> trainableParameters() {
        SequencedMap<String, NDArray> out = new LinkedHashMap<>();
        layers.values().forEach(l -> {
            out.put(l.a().getName(), l.a());
            out.put(l.b().getName(), l.b());
        });
        return Collections.unmodifiableSequencedMap(out);
    }

    /** Number of trainable values (sum of r*(in+out) over the adapted modules). */
    public long parameterCount() {
        return layers.values().stream().mapToLong(l -> l.a().size() + l.b().size()).sum();
    }

    public Map<String, LoraLayer> layers() {
        return Collections.unmodifiableMap(layers);
    }

    public LoraConfig config() {
        return config;
    }

    public LlamaModel model() {
        return model;
    }

    public boolean isMerged() {
        return merged;
    }

    /**
     * Adds scale * B @ A into each adapted base weight, in place, and stops adding the branch in the forward: the
     * model alone then computes what base + adapter did. Refused for lm_head on a model with tied embeddings, where it
     * would change the input embedding as well.
     */
    public void merge() {
        if (merged) {
            return;
        }
        checkMergeable();
        try (NoGrad off = NoGrad.enter(); NDManager scratch = manager.newSubManager()) {
            for (LoraLayer l : layers.values()) {
                NDArray delta = l.deltaWeight();                                            // [out, in]
                delta.attach(scratch);
                baseWeight(l.module()).addi(delta);
            }
        }
        merged = true;
    }

    /** Subtracts what {@link #merge()} added (the base comes back up to float rounding, about 1e-7 relative). */
    public void unmerge() {
        if (!merged) {
            return;
        }
        try (NoGrad off = NoGrad.enter(); NDManager scratch = manager.newSubManager()) {
            for (LoraLayer l : layers.values()) {
                NDArray delta = l.deltaWeight();                                            // [out, in]
                delta.attach(scratch);
                baseWeight(l.module()).subi(delta);
            }
        }
        merged = false;
    }

    /**
     * The model's weights with every adapter folded in, as new arrays in {@code m} for the adapted ones and the model's
     * own for the rest (nothing in the model changes). If already merged, the model's weights as they are.
     */
    public SequencedMap<String, NDArray> mergedWeights(NDManager m) {
        SequencedMap<String, NDArray> out = new LinkedHashMap<>(model.weights());
        if (merged) {
            return out;
        }
        checkMergeable();
        try (NoGrad off = NoGrad.enter()) {
            for (LoraLayer l : layers.values()) {
                String name = l.module() + ".weight";
                NDArray delta = l.deltaWeight();                                            // [out, in]
                NDArray sum = model.weights().get(name).add(delta);                         // [out, in]
                delta.close();
                sum.attach(m);
                out.put(name, sum);
            }
        }
        return out;
    }

    private void checkMergeable() {
        if (model.config().tieWordEmbeddings() && layers.containsKey(LlamaModules.LM_HEAD)) {
            throw new IllegalStateException("cannot merge the lm_head adapter into a model with tied embeddings: lm_head"
                    + " shares its weight with model.embed_tokens, so merging would change the input embedding too");
        }
    }

    private NDArray baseWeight(String module) {
        return model.weights().get(module + ".weight");
    }

    /** Detaches from the model and frees A and B (the model itself stays open). */
    @Override
    public void close() {
        detach();
        manager.close();
    }

    /** The modules adapted, in HF order. */
    public List<String> modules() {
        return List.copyOf(layers.keySet());
    }
}
