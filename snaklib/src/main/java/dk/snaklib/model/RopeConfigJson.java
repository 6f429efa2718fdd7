package dk.snaklib.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.BadInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * RoPE settings in config.json. transformers 4 writes {@code rope_theta} plus {@code rope_scaling} (null or an object
 * with {@code rope_type}, older files {@code type}); transformers 5 writes one {@code rope_parameters} object holding
 * {@code rope_theta} too. Both are read; a file is written back in the style it came in.
 */
final class RopeConfigJson {
    static final String PARAMETERS = "rope_parameters";
    private static final List<String> KEYS = List.of("rope_type", "type", "rope_theta", "factor",
            "low_freq_factor", "high_freq_factor", "original_max_position_embeddings");
    private static final String SUPPORTED = "supported: none (null or rope_type \"default\") and \"llama3\"";

    private RopeConfigJson() {}

    record Rope(double theta, LlamaConfig.RopeScaling scaling) {}

    static Rope read(JsonNode root, Path file) {
        LlamaConfig.Keys top = new LlamaConfig.Keys(root, file);
        JsonNode params = root.get(PARAMETERS);
        if (params == null || params.isNull()) {
            JsonNode scaling = root.get("rope_scaling");
            return new Rope(top.optionalDouble("rope_theta", 10000.0),
                    scaling == null || scaling.isNull() ? null : scaling(scaling, "rope_scaling", file));
        }
        if (!params.isObject()) {
            throw new BadInputException(file, "key \"" + PARAMETERS + "\": expected an object or null, got " + params.getNodeType());
        }
        params.fields().forEachRemaining(f -> {
            if (f.getValue().isObject()) { // {"full_attention": {...}, "sliding_attention": {...}}: not a Llama
                throw new BadInputException(file, "key \"" + PARAMETERS + "\": per-layer-type RoPE (\"" + f.getKey()
                        + "\") is not supported (" + SUPPORTED + ")");
            }
        });
        LlamaConfig.Keys inner = new LlamaConfig.Keys(params, file);
        double theta = inner.optionalDouble("rope_theta", top.optionalDouble("rope_theta", 10000.0));
        if (root.hasNonNull("rope_theta") && top.optionalDouble("rope_theta", 0) != theta) {
            throw new BadInputException(file, "key \"rope_theta\" is " + root.get("rope_theta") + " but \"" + PARAMETERS
                    + "\".rope_theta is " + params.get("rope_theta") + ": which one the model was trained with is unclear");
        }
        JsonNode scaling = root.get("rope_scaling");
        if (scaling != null && !scaling.isNull() && !scaling.equals(params)) {
            throw new BadInputException(file, "keys \"rope_scaling\" and \"" + PARAMETERS + "\" differ: which one the "
                    + "model was trained with is unclear");
        }
        return new Rope(theta, scaling(params, PARAMETERS, file));
    }

    private static LlamaConfig.RopeScaling scaling(JsonNode node, String key, Path file) {
        if (!node.isObject()) {
            throw new BadInputException(file, "key \"" + key + "\": expected an object or null, got " + node.getNodeType());
        }
        node.fields().forEachRemaining(f -> {
            boolean fullRotary = f.getKey().equals("partial_rotary_factor") && f.getValue().asDouble() == 1.0;
            if (!KEYS.contains(f.getKey()) && !fullRotary) { // e.g. mrope_section, attention_factor: not a Llama's
                throw new BadInputException(file, "key \"" + key + "\": \"" + f.getKey() + "\" = " + f.getValue()
                        + " is not supported (known keys: " + String.join(", ", KEYS) + ")");
            }
        });
        String type = node.hasNonNull("rope_type") ? node.get("rope_type").asText() : node.path("type").asText("default");
        if (type.equals("default")) {
            return null;
        }
        if (!type.equals("llama3")) {
            throw new BadInputException(file, "key \"" + key + "\": rope_type \"" + type + "\" is not supported ("
                    + SUPPORTED + ")");
        }
        LlamaConfig.Keys s = new LlamaConfig.Keys(node, file);
        return new LlamaConfig.RopeScaling(s.requiredDouble("factor"), s.requiredDouble("low_freq_factor"),
                s.requiredDouble("high_freq_factor"), s.requiredInt("original_max_position_embeddings"));
    }

    /**
     * Puts the RoPE keys into {@code out}: into the file's own {@code rope_parameters} object when it came with one
     * (other keys in it kept), else as {@code rope_theta} and {@code rope_scaling}.
     */
    static void write(Map<String, JsonNode> out, double theta, LlamaConfig.RopeScaling s) {
        JsonNode original = out.get(PARAMETERS);
        if (original != null && original.isObject()) {
            ObjectNode p = original.deepCopy();
            p.put("rope_theta", theta);
            p.remove(List.of("type", "factor", "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"));
            if (s == null) {
                p.put("rope_type", "default");
            } else {
                putScaling(p, s);
            }
            out.put(PARAMETERS, p);
            return;
        }
        out.put("rope_theta", DoubleNode.valueOf(theta));
        if (s == null) {
            out.put("rope_scaling", NullNode.getInstance());
        } else {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            putScaling(o, s);
            out.put("rope_scaling", o);
        }
    }

    private static void putScaling(ObjectNode o, LlamaConfig.RopeScaling s) {
        o.put("factor", s.factor());
        o.put("high_freq_factor", s.highFreqFactor());
        o.put("low_freq_factor", s.lowFreqFactor());
        o.put("original_max_position_embeddings", s.originalMaxPositionEmbeddings());
        o.put("rope_type", "llama3");
    }
}
