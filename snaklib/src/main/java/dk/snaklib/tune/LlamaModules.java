package dk.snaklib.tune;

import dk.snaklib.model.LlamaConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * The module names of Hugging Face's {@code LlamaForCausalLM} (what {@code named_modules()} lists, which is what PEFT
 * matches {@code target_modules} against), and the in/out sizes of its linear layers.
 */
final class LlamaModules {
    /** A linear layer's sizes: its weight is [out, in]. */
    record Linear(long in, long out) {}

    /** The per-layer linear modules, in HF order. */
    static final List<String> LAYER_LINEARS = List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
            "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj");
    static final String LM_HEAD = "lm_head";

    private LlamaModules() {}

    /** Every linear layer (the projections of each layer, then lm_head) with its sizes. */
    static SequencedMap<String, Linear> linear(LlamaConfig c) {
        long d = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        long ff = c.intermediateSize();
        List<Linear> sizes = List.of(new Linear(d, q), new Linear(d, kv), new Linear(d, kv), new Linear(q, d),
                new Linear(d, ff), new Linear(d, ff), new Linear(ff, d));
        SequencedMap<String, Linear> out = new LinkedHashMap<>();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            for (int j = 0; j < LAYER_LINEARS.size(); j++) {
                out.put("model.layers." + i + "." + LAYER_LINEARS.get(j), sizes.get(j));
            }
        }
        out.put(LM_HEAD, new Linear(d, c.vocabSize())); // a Linear module even when its weight is tied to embed_tokens
        return out;
    }

    /** Every named module, linear or not, in the order named_modules() lists them (the root "" left out). */
    static List<String> all(LlamaConfig c) {
        List<String> out = new ArrayList<>(List.of("model", "model.embed_tokens", "model.layers"));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String p = "model.layers." + i;
            out.add(p);
            out.add(p + ".self_attn");
            LAYER_LINEARS.subList(0, 4).forEach(n -> out.add(p + "." + n));
            out.add(p + ".mlp");
            LAYER_LINEARS.subList(4, 7).forEach(n -> out.add(p + "." + n));
            out.add(p + ".mlp.act_fn");
            out.add(p + ".input_layernorm");
            out.add(p + ".post_attention_layernorm");
        }
        out.addAll(List.of("model.norm", "model.rotary_emb", LM_HEAD));
        return out;
    }

    /** The last part of each linear module's name, for error messages: q_proj, ..., lm_head. */
    static List<String> linearKinds() {
        List<String> out = new ArrayList<>();
        LAYER_LINEARS.forEach(n -> out.add(n.substring(n.indexOf('.') + 1)));
        out.add(LM_HEAD);
        return out;
    }
}
