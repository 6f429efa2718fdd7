package dk.snaklib.model;

import ai.djl.ndarray.types.Shape;
import dk.snaklib.util.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The tensors a Hugging Face {@code LlamaForCausalLM} checkpoint holds, with the shapes its config implies.
 * HF stores a Linear layer's weight as [out, in].
 */
public final class LlamaTensorNames {
    public static final String EMBED = "model.embed_tokens.weight"; // [vocab, hidden]
    public static final String NORM = "model.norm.weight";          // [hidden]
    public static final String LM_HEAD = "lm_head.weight";          // [vocab, hidden]; absent when tied to EMBED

    private LlamaTensorNames() {}

    public static String layer(int n, String rest) {
        return "model.layers." + n + "." + rest;
    }

    /** Every tensor the config requires, in the order HF's state_dict lists them, with its shape. */
    public static SequencedMap<String, Shape> expected(LlamaConfig c) {
        long d = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        long ff = c.intermediateSize();
        SequencedMap<String, Shape> out = new LinkedHashMap<>();
        out.put(EMBED, new Shape(c.vocabSize(), d));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            out.put(layer(i, "self_attn.q_proj.weight"), new Shape(q, d));   // [heads*headDim, hidden]
            out.put(layer(i, "self_attn.k_proj.weight"), new Shape(kv, d));  // [kvHeads*headDim, hidden]
            out.put(layer(i, "self_attn.v_proj.weight"), new Shape(kv, d));  // [kvHeads*headDim, hidden]
            out.put(layer(i, "self_attn.o_proj.weight"), new Shape(d, q));   // [hidden, heads*headDim]
            out.put(layer(i, "mlp.gate_proj.weight"), new Shape(ff, d));     // [intermediate, hidden]
            out.put(layer(i, "mlp.up_proj.weight"), new Shape(ff, d));       // [intermediate, hidden]
            out.put(layer(i, "mlp.down_proj.weight"), new Shape(d, ff));     // [hidden, intermediate]
            out.put(layer(i, "input_layernorm.weight"), new Shape(d));
            out.put(layer(i, "post_attention_layernorm.weight"), new Shape(d));
        }
        out.put(NORM, new Shape(d));
        if (!c.tieWordEmbeddings()) {
            out.put(LM_HEAD, new Shape(c.vocabSize(), d));
        }
        return out;
    }

    /**
     * What is wrong with {@code stored} (name -> shape) for {@code config}: missing tensors and wrong shapes, one line
     * each; empty when it fits. Extra tensors are allowed (e.g. a tied lm_head saved anyway).
     */
    public static List<String> problems(LlamaConfig config, Map<String, Shape> stored) {
        List<String> problems = new ArrayList<>();
        Map<String, Shape> required = new LinkedHashMap<>(expected(config));
        if (config.tieWordEmbeddings() && stored.containsKey(LM_HEAD)) {
            required.put(LM_HEAD, new Shape(config.vocabSize(), config.hiddenSize()));
        }
        required.forEach((name, shape) -> {
            Shape actual = stored.get(name);
            if (actual == null) {
                problems.add("missing tensor \"" + name + "\" (expected shape " + shape + ")");
            } else if (!actual.equals(shape)) {
                problems.add("tensor \"" + name + "\" has shape " + actual + " but config.json implies " + shape);
            }
        });
        return problems;
    }

    /** Throws one BadInputException naming {@code where} and listing (the first few) problems, if any. */
    public static void check(LlamaConfig config, Map<String, Shape> stored, Path where) {
        List<String> problems = problems(config, stored);
        if (!problems.isEmpty()) {
            throw new BadInputException(where, "weights do not match config.json: " + summary(problems));
        }
    }

    static String summary(List<String> problems) {
        int shown = Math.min(problems.size(), 8);
        String text = String.join("; ", problems.subList(0, shown));
        return problems.size() > shown ? text + "; and " + (problems.size() - shown) + " more" : text;
    }
}
