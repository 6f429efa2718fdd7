package dk.snaklib.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;
import dk.snaklib.util.JsonFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shape of a Llama model, named and stored as in a Hugging Face {@code config.json}.
 *
 * @param hiddenSize            model width d (HF hidden_size)
 * @param intermediateSize      SwiGLU inner width (HF intermediate_size)
 * @param numHiddenLayers       number of decoder blocks
 * @param numAttentionHeads     query heads
 * @param numKeyValueHeads      key/value heads (grouped-query attention when fewer than query heads)
 * @param headDim               width of one head; HF's head_dim when present, else hiddenSize / numAttentionHeads
 * @param rmsNormEps            epsilon inside RMSNorm
 * @param ropeTheta             RoPE base frequency
 * @param ropeScaling           null for plain RoPE, or Llama 3's frequency scaling
 * @param vocabSize             rows of the embedding and of lm_head
 * @param maxPositionEmbeddings longest sequence the positions are made for
 * @param tieWordEmbeddings     lm_head shares the embedding matrix
 * @param bosTokenId            beginning-of-sequence id, or null
 * @param eosTokenIds           end-of-sequence ids (HF allows one or a list)
 * @param initializerRange      std of the normal init when training from scratch
 * @param extra                 other keys of config.json, kept so that a round trip loses nothing
 */
public record LlamaConfig(
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        int vocabSize,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        Integer bosTokenId,
        List<Integer> eosTokenIds,
        double initializerRange,
        Map<String, JsonNode> extra) {

    /** Llama 3's RoPE frequency scaling (rope_type "llama3"). */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositionEmbeddings) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> KNOWN = Set.of("hidden_size", "intermediate_size", "num_hidden_layers",
            "num_attention_heads", "num_key_value_heads", "head_dim", "rms_norm_eps", "rope_theta", "rope_scaling",
            "vocab_size", "max_position_embeddings", "tie_word_embeddings", "bos_token_id", "eos_token_id",
            "initializer_range");

    public LlamaConfig {
        eosTokenIds = eosTokenIds == null ? List.of() : List.copyOf(eosTokenIds);
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra)); // file order
        check(hiddenSize > 0, "hidden_size must be positive");
        check(numAttentionHeads > 0 && numKeyValueHeads > 0, "head counts must be positive");
        check(numAttentionHeads % numKeyValueHeads == 0,
                "num_attention_heads (" + numAttentionHeads + ") must be a multiple of num_key_value_heads (" + numKeyValueHeads + ")");
        check(headDim > 0 && headDim % 2 == 0, "head_dim must be a positive even number, got " + headDim);
        check(vocabSize > 0 && numHiddenLayers > 0 && intermediateSize > 0, "vocab_size, num_hidden_layers and intermediate_size must be positive");
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("invalid Llama config: " + problem);
        }
    }

    /** A config with HF defaults for everything but the sizes. */
    public static LlamaConfig of(int vocabSize, int hiddenSize, int intermediateSize, int layers, int heads, int kvHeads,
                                 int maxPositions) {
        return new LlamaConfig(hiddenSize, intermediateSize, layers, heads, kvHeads, hiddenSize / heads, 1e-5, 10000.0,
                null, vocabSize, maxPositions, false, null, List.of(), 0.02, Map.of());
    }

    public int kvGroups() {
        return numAttentionHeads / numKeyValueHeads;
    }

    public LlamaConfig withVocabSize(int v) {
        return new LlamaConfig(hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads, headDim,
                rmsNormEps, ropeTheta, ropeScaling, v, maxPositionEmbeddings, tieWordEmbeddings, bosTokenId, eosTokenIds,
                initializerRange, extra);
    }

    public LlamaConfig withSpecialTokens(Integer bos, List<Integer> eos) {
        return new LlamaConfig(hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads, headDim,
                rmsNormEps, ropeTheta, ropeScaling, vocabSize, maxPositionEmbeddings, tieWordEmbeddings, bos, eos,
                initializerRange, extra);
    }

    public LlamaConfig withRope(double theta, RopeScaling scaling) {
        return new LlamaConfig(hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads, headDim,
                rmsNormEps, theta, scaling, vocabSize, maxPositionEmbeddings, tieWordEmbeddings, bosTokenId, eosTokenIds,
                initializerRange, extra);
    }

    public LlamaConfig withTiedEmbeddings(boolean tied) {
        return new LlamaConfig(hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads, headDim,
                rmsNormEps, ropeTheta, ropeScaling, vocabSize, maxPositionEmbeddings, tied, bosTokenId, eosTokenIds,
                initializerRange, extra);
    }

    /** Number of parameters, counting a tied lm_head once. */
    public long parameterCount() {
        long d = hiddenSize;
        long attn = d * numAttentionHeads * headDim * 2L + d * numKeyValueHeads * headDim * 2L;
        long mlp = 3L * d * intermediateSize;
        long perLayer = attn + mlp + 2 * d;
        return (long) vocabSize * d * (tieWordEmbeddings ? 1 : 2) + numHiddenLayers * perLayer + d;
    }

    // ---- config.json ----

    /** Reads {@code config.json}; every problem names the file and the key. */
    public static LlamaConfig read(Path file) {
        return fromJson(JsonFiles.readObject(file), file);
    }

    static LlamaConfig fromJson(JsonNode root, Path file) {
        LlamaCompatibility.checkConfig(root, file);
        Keys k = new Keys(root, file);
        int hidden = k.requiredInt("hidden_size");
        int heads = k.requiredInt("num_attention_heads");
        int kvHeads = k.optionalInt("num_key_value_heads", heads);
        int headDim = k.optionalInt("head_dim", -1);
        if (headDim <= 0) {
            if (hidden % heads != 0) {
                throw new BadInputException(file, "hidden_size " + hidden + " is not divisible by num_attention_heads "
                        + heads + " and there is no head_dim");
            }
            headDim = hidden / heads;
        }
        RopeConfigJson.Rope rope = RopeConfigJson.read(root, file);
        List<Integer> eos = tokenIds(root.get("eos_token_id"), "eos_token_id", file);
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        root.fields().forEachRemaining(f -> {
            if (!KNOWN.contains(f.getKey())) {
                extra.put(f.getKey(), f.getValue());
            }
        });
        try {
            return new LlamaConfig(hidden, k.requiredInt("intermediate_size"), k.requiredInt("num_hidden_layers"), heads,
                    kvHeads, headDim, k.optionalDouble("rms_norm_eps", 1e-6), rope.theta(), rope.scaling(),
                    k.requiredInt("vocab_size"), k.optionalInt("max_position_embeddings", 2048),
                    k.optionalBool("tie_word_embeddings", false), k.optionalInteger("bos_token_id"), eos,
                    k.optionalDouble("initializer_range", 0.02), extra);
        } catch (IllegalArgumentException ex) {
            throw new BadInputException(file, ex.getMessage(), ex);
        }
    }

    /**
     * Writes {@code config.json} atomically: every key it was read with (unknown ones as they were), the fields of
     * this record over them, keys sorted as HF's save_pretrained sorts them.
     */
    public void write(Path file) {
        AtomicFiles.writeString(file, toJson() + "\n");
    }

    public String toJson() {
        Map<String, JsonNode> keys = new TreeMap<>(extra);
        keys.putIfAbsent("architectures", JSON.createArrayNode().add("LlamaForCausalLM"));
        keys.putIfAbsent("model_type", TextNode.valueOf("llama"));
        keys.putIfAbsent("hidden_act", TextNode.valueOf("silu"));
        if (!keys.containsKey("torch_dtype") && !keys.containsKey("dtype")) {
            keys.put("torch_dtype", TextNode.valueOf("float32"));
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("hidden_size", hiddenSize);
        o.put("intermediate_size", intermediateSize);
        o.put("num_hidden_layers", numHiddenLayers);
        o.put("num_attention_heads", numAttentionHeads);
        o.put("num_key_value_heads", numKeyValueHeads);
        o.put("head_dim", headDim);
        o.put("rms_norm_eps", rmsNormEps);
        o.put("vocab_size", vocabSize);
        o.put("max_position_embeddings", maxPositionEmbeddings);
        o.put("tie_word_embeddings", tieWordEmbeddings);
        putTokenIds(o, bosTokenId, eosTokenIds);
        o.put("initializer_range", initializerRange);
        o.fields().forEachRemaining(f -> keys.put(f.getKey(), f.getValue()));
        RopeConfigJson.write(keys, ropeTheta, ropeScaling);
        ObjectNode sorted = JSON.createObjectNode();
        keys.forEach(sorted::set); // a TreeMap: sorted by key
        try {
            return JSON.writeValueAsString(sorted);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Writes bos_token_id (if any) and eos_token_id as HF writes them: one id as a number, several as a list, none
     * left out. For config.json and generation_config.json alike.
     */
    static void putTokenIds(ObjectNode o, Integer bosTokenId, List<Integer> eosTokenIds) {
        if (bosTokenId != null) {
            o.put("bos_token_id", bosTokenId);
        }
        if (eosTokenIds.size() == 1) {
            o.put("eos_token_id", eosTokenIds.get(0));
        } else if (!eosTokenIds.isEmpty()) {
            var arr = o.putArray("eos_token_id");
            eosTokenIds.forEach(arr::add);
        }
    }

    /** A token id key that HF allows as one integer or a list of them (eos_token_id); absent or null: none. */
    static List<Integer> tokenIds(JsonNode v, String key, Path file) {
        List<Integer> ids = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(x -> ids.add(Keys.asInt(x, key, file)));
        } else if (v != null && !v.isNull()) {
            ids.add(Keys.asInt(v, key, file));
        }
        return ids;
    }

    /** One integer (a token id), with an error naming the file and the key. */
    static int intValue(JsonNode v, String key, Path file) {
        return Keys.asInt(v, key, file);
    }

    /** Typed access to JSON keys with errors that name the file, the key and the expected type. */
    record Keys(JsonNode node, Path file) {
        int requiredInt(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw new BadInputException(file, "missing required key \"" + key + "\" (an integer)");
            }
            return asInt(v, key, file);
        }

        int optionalInt(String key, int dflt) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? dflt : asInt(v, key, file);
        }

        Integer optionalInteger(String key) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : asInt(v, key, file);
        }

        double requiredDouble(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw new BadInputException(file, "missing required key \"" + key + "\" (a number)");
            }
            return asDouble(v, key);
        }

        double optionalDouble(String key, double dflt) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? dflt : asDouble(v, key);
        }

        boolean optionalBool(String key, boolean dflt) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw new BadInputException(file, "key \"" + key + "\": expected true or false, got " + v);
            }
            return v.booleanValue();
        }

        double asDouble(JsonNode v, String key) {
            if (!v.isNumber()) {
                throw new BadInputException(file, "key \"" + key + "\": expected a number, got " + v);
            }
            return v.doubleValue();
        }

        static int asInt(JsonNode v, String key, Path file) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new BadInputException(file, "key \"" + key + "\": expected an integer, got " + v);
            }
            return v.intValue();
        }
    }
}
