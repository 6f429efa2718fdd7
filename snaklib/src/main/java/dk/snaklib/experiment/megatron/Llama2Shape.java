package dk.snaklib.experiment.megatron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Llama-2 shapes Megatron-LLM's {@code weights_conversion/hf_to_megatron.py llama2 --size=N} converts (its tables
 * llama_s2layer/s2hidden/s2heads/s2dense; 70B has 8 key/value heads), plus what its saved args fix for every size:
 * 32,000 tokens, 4,096 positions, RMSNorm eps 1e-5, RoPE theta 10,000, untied embeddings, SwiGLU, no biases.
 * A config.json that differs would be converted into a model of another shape, or refused half-way on the cluster.
 *
 * @param size     the --size argument (7, 13 or 70)
 * @param hidden   hidden_size
 * @param ffn      intermediate_size
 * @param layers   num_hidden_layers
 * @param heads    num_attention_heads
 * @param kvHeads  num_key_value_heads
 */
public record Llama2Shape(int size, int hidden, int ffn, int layers, int heads, int kvHeads) {
    public static final Llama2Shape B7 = new Llama2Shape(7, 4096, 11008, 32, 32, 32);
    public static final Llama2Shape B13 = new Llama2Shape(13, 5120, 13824, 40, 40, 40);
    public static final Llama2Shape B70 = new Llama2Shape(70, 8192, 28672, 80, 64, 8);
    public static final List<Llama2Shape> ALL = List.of(B7, B13, B70);

    public static final int VOCAB = 32000;
    public static final int POSITIONS = 4096;
    public static final double RMS_EPS = 1e-5;
    public static final double ROPE_THETA = 10000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was found in a folder: the size it is closest to and every difference from it (empty: Llama-2-shaped). */
    public record Check(Path configFile, Llama2Shape closest, List<String> differences) {
        public boolean ok() {
            return differences.isEmpty();
        }
    }

    public static Llama2Shape ofSize(int size) {
        return ALL.stream().filter(s -> s.size == size).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "Llama-2 comes in sizes 7, 13 and 70 (hf_to_megatron.py llama2 --size), got " + size));
    }

    /**
     * Compares {@code dir/config.json} with Llama-2 of {@code size}, or, when size is null, with the size whose
     * hidden_size it has (else 7B, the study's). Missing keys take transformers' LlamaConfig defaults.
     */
    public static Check check(Path dir, Integer size) {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(dir, "no config.json: not a Hugging Face model folder");
        }
        JsonNode c;
        try {
            c = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file, "not valid JSON: " + e.getMessage(), e);
        }
        if (c == null || !c.isObject()) {
            throw new BadInputException(file, "expected a JSON object");
        }
        Llama2Shape shape = size != null ? ofSize(size) : ALL.stream()
                .filter(s -> c.path("hidden_size").asInt(-1) == s.hidden).findFirst().orElse(B7);
        return new Check(file, shape, shape.differences(c));
    }

    /** Every key of {@code config} that differs from this shape, as "key is X, Llama-2-7B has Y". */
    public List<String> differences(JsonNode config) {
        List<String> out = new ArrayList<>();
        String name = "Llama-2-" + size + "B";
        text(out, config, "model_type", "llama", name);
        JsonNode arch = config.get("architectures");
        if (arch != null && arch.isArray() && !(arch.size() == 1 && "LlamaForCausalLM".equals(arch.get(0).asText()))) {
            out.add("architectures is " + arch + ", " + name + " has [\"LlamaForCausalLM\"]");
        }
        text(out, config, "hidden_act", "silu", name);
        number(out, config, "hidden_size", hidden, null, name);
        number(out, config, "intermediate_size", ffn, null, name);
        number(out, config, "num_hidden_layers", layers, null, name);
        number(out, config, "num_attention_heads", heads, null, name);
        number(out, config, "num_key_value_heads", kvHeads, (double) config.path("num_attention_heads").asInt(heads), name);
        number(out, config, "vocab_size", VOCAB, null, name);
        number(out, config, "max_position_embeddings", POSITIONS, null, name);
        number(out, config, "rms_norm_eps", RMS_EPS, 1e-6, name);
        number(out, config, "rope_theta", ROPE_THETA, 10000.0, name);
        JsonNode scaling = config.get("rope_scaling");
        if (scaling != null && !scaling.isNull()) {
            out.add("rope_scaling is " + scaling + ", " + name + " has none (null)");
        }
        flag(out, config, "tie_word_embeddings", false, name);
        flag(out, config, "attention_bias", false, name);
        flag(out, config, "mlp_bias", false, name);
        JsonNode headDim = config.get("head_dim");
        if (headDim != null && !headDim.isNull() && headDim.asInt() != hidden / heads) {
            out.add("head_dim is " + headDim + ", " + name + " has " + hidden / heads);
        }
        return out;
    }

    private static void text(List<String> out, JsonNode c, String key, String want, String name) {
        JsonNode v = c.get(key);
        if (v == null || v.isNull() || !want.equals(v.asText())) {
            out.add(key + " is " + (v == null ? "missing" : v) + ", " + name + " has \"" + want + "\"");
        }
    }

    /** {@code dflt} is transformers' default when the key is absent (null: the key is required). */
    private static void number(List<String> out, JsonNode c, String key, double want, Double dflt, String name) {
        JsonNode v = c.get(key);
        if (v == null || v.isNull()) {
            if (dflt == null) {
                out.add(key + " is missing, " + name + " has " + show(want));
            } else if (dflt != want) {
                out.add(key + " is missing (transformers' default " + show(dflt) + "), " + name + " has " + show(want));
            }
        } else if (!v.isNumber() || Math.abs(v.asDouble() - want) > 1e-9 * Math.abs(want)) {
            out.add(key + " is " + v + ", " + name + " has " + show(want));
        }
    }

    private static void flag(List<String> out, JsonNode c, String key, boolean want, String name) {
        JsonNode v = c.get(key);
        boolean have = v == null || v.isNull() ? false : v.asBoolean(!want);
        if (v != null && !v.isNull() && !v.isBoolean()) {
            have = !want;
        }
        if (have != want) {
            out.add(key + " is " + v + ", " + name + " has " + want);
        }
    }

    private static String show(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return "Llama-2-" + size + "B (hidden " + hidden + ", ffn " + ffn + ", " + layers + " layers, " + heads
                + " heads, " + kvHeads + " kv heads)";
    }
}
