package dk.snaklib.model;

import com.fasterxml.jackson.databind.JsonNode;
import dk.snaklib.util.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What snaklib refuses to load because it would compute it wrongly. {@link LlamaModel} is exactly HF's
 * {@code LlamaForCausalLM} with silu, no biases and no dropout; a checkpoint that needs anything else (another
 * architecture, another activation, bias tensors, weights we do not know) would load and give wrong logits, so it
 * is one {@link BadInputException} naming the file, the key or tensor, its value and what is supported.
 *
 * <p>Only {@code model_type "llama"} is accepted. Mistral and Qwen2 use the same tensor names, but Mistral has
 * sliding-window attention and Qwen2 has q/k/v biases; neither is tested against its HF code here, so neither is
 * accepted under a Llama name.
 */
final class LlamaCompatibility {
    /** HF's ACT2FN maps both names to SiLU. */
    private static final Set<String> SILU = Set.of("silu", "swish");
    /** Buffers older transformers saved with the weights; recomputed from config.json, checked against it. */
    private static final Pattern ROTARY_BUFFER = Pattern.compile("model\\.layers\\.\\d+\\.self_attn\\.rotary_emb\\.inv_freq");
    /** Stored inv_freq may be F16/BF16 (2^-8 relative rounding); a wrong theta or scaling is far off. */
    private static final double INV_FREQ_TOLERANCE = 1e-2;

    private LlamaCompatibility() {}

    /** Refuses a config.json that describes a model snaklib does not compute as HF does. */
    static void checkConfig(JsonNode root, Path file) {
        JsonNode type = root.get("model_type");
        if (type != null && !type.isNull() && !"llama".equals(type.asText())) {
            throw new BadInputException(file, "key \"model_type\": " + type + " is not a Llama; snaklib computes only "
                    + "model_type \"llama\" (Llama 1, 2, 3 and their fine-tunes)");
        }
        JsonNode arch = root.get("architectures");
        if (arch != null && arch.isArray()) {
            for (JsonNode a : arch) {
                if (!"LlamaForCausalLM".equals(a.asText())) {
                    throw new BadInputException(file, "key \"architectures\": " + a
                            + " is not supported (supported: \"LlamaForCausalLM\")");
                }
            }
        }
        JsonNode act = root.get("hidden_act");
        if (act != null && !act.isNull() && !SILU.contains(act.asText())) {
            throw new BadInputException(file, "key \"hidden_act\": " + act + " is not supported: snaklib's MLP computes "
                    + "silu(gate) * up (supported: \"silu\", \"swish\")");
        }
        for (String key : List.of("attention_bias", "mlp_bias")) {
            JsonNode v = root.get(key);
            if (v != null && !v.isNull() && !(v.isBoolean() && !v.booleanValue())) {
                throw new BadInputException(file, "key \"" + key + "\": " + v + " is not supported: snaklib's "
                        + (key.equals("mlp_bias") ? "MLP" : "attention") + " projections have no bias (supported: false)");
            }
        }
        JsonNode partial = root.get("partial_rotary_factor");
        if (partial != null && !partial.isNull() && !(partial.isNumber() && partial.doubleValue() == 1)) {
            throw new BadInputException(file, "key \"partial_rotary_factor\": " + partial + " is not supported: snaklib "
                    + "rotates the whole head (supported: 1.0)");
        }
        JsonNode dropout = root.get("attention_dropout");
        if (dropout != null && !dropout.isNull() && !(dropout.isNumber() && dropout.doubleValue() == 0)) {
            throw new BadInputException(file, "key \"attention_dropout\": " + dropout + " is not supported: snaklib "
                    + "applies no attention dropout in training (supported: 0.0)");
        }
    }

    /**
     * Refuses stored tensors that {@link LlamaTensorNames#expected} does not list: bias tensors (this Llama has
     * attention_bias or mlp_bias) and unknown ones. Allowed: a tied lm_head saved anyway, and old transformers'
     * {@code rotary_emb.inv_freq} buffers if they equal the frequencies config.json implies.
     *
     * @return the tensors to load: the expected ones, plus lm_head when tied and stored
     */
    static List<String> tensorsToLoad(LlamaConfig config, TensorReader reader, Path where) {
        Set<String> expected = LlamaTensorNames.expected(config).keySet();
        List<String> load = new ArrayList<>(expected);
        List<String> bias = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : reader.names()) {
            if (expected.contains(name)) {
                continue;
            }
            if (name.equals(LlamaTensorNames.LM_HEAD) && config.tieWordEmbeddings()) {
                load.add(name); // HF ignores it when tied (the embedding wins); kept so a re-save loses nothing
            } else if (ROTARY_BUFFER.matcher(name).matches()) {
                checkRotaryBuffer(config, name, reader.readFloats(name), where);
            } else if (name.endsWith(".bias")) {
                bias.add(name);
            } else {
                unknown.add(name);
            }
        }
        if (!bias.isEmpty()) {
            throw new BadInputException(where, "bias tensors " + listed(bias) + ": snaklib's Llama has no biases "
                    + "(config.json attention_bias / mlp_bias must be false) and would compute this model wrongly");
        }
        if (!unknown.isEmpty()) {
            throw new BadInputException(where, "tensors " + listed(unknown) + " are not part of a LlamaForCausalLM "
                    + "with this config.json (supported: the tensors it implies, a tied lm_head.weight, "
                    + "rotary_emb.inv_freq buffers)");
        }
        return load;
    }

    private static void checkRotaryBuffer(LlamaConfig config, String name, float[] stored, Path where) {
        double[] ours = RotaryEmbedding.inverseFrequencies(config);
        if (stored.length != ours.length) {
            throw new BadInputException(where, "tensor \"" + name + "\" holds " + stored.length
                    + " frequencies but config.json's head_dim implies " + ours.length);
        }
        for (int i = 0; i < ours.length; i++) {
            double rel = Math.abs(stored[i] - ours[i]) / ours[i];
            if (!(rel <= INV_FREQ_TOLERANCE)) {
                throw new BadInputException(where, "tensor \"" + name + "\"[" + i + "] = " + stored[i]
                        + " but config.json's rope_theta / rope_scaling give " + ours[i]
                        + ": the checkpoint was made with other RoPE settings");
            }
        }
    }

    private static String listed(List<String> names) {
        int shown = Math.min(names.size(), 4);
        String text = "\"" + String.join("\", \"", names.subList(0, shown)) + "\"";
        return names.size() > shown ? text + " and " + (names.size() - shown) + " more" : text;
    }
}
