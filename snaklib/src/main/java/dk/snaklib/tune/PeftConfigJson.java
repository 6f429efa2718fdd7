package dk.snaklib.tune;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;
import dk.snaklib.util.JsonFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PEFT's {@code adapter_config.json} for LoRA: written with every key PEFT 0.20.0 writes (its LoraConfig dataclass
 * minus runtime_config, sorted, indent 2), read from any PEFT version: missing keys take PEFT's defaults, keys this
 * version does not know are kept and written back, and both are named in notes.
 */
public final class PeftConfigJson {
    public static final String FILE_NAME = "adapter_config.json";
    /** The PEFT release whose key set and meaning we write; peft_version names it. */
    public static final String PEFT_VERSION = "0.20.0";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A config as read, with what was noticed on the way (older or newer key sets, ignored settings). */
    public record Read(LoraConfig config, List<String> notes) {}

    private PeftConfigJson() {}

    /** Every key PEFT 0.20.0 writes for LoRA, with its default (as asdict() gives it). */
    static ObjectNode defaults() {
        ObjectNode d = F.objectNode();
        for (String nullKey : List.of("alora_invocation_tokens", "arrow_config", "auto_mapping", "base_model_name_or_path",
                "corda_config", "eva_config", "exclude_modules", "layer_replication", "layers_pattern",
                "layers_to_transform", "lora_ga_config", "megatron_config", "modules_to_save", "monteclora_config",
                "peft_version", "revision", "target_modules", "target_parameters", "task_type",
                "trainable_token_indices", "use_bdlora", "velora_config")) {
            d.set(nullKey, NullNode.getInstance());
        }
        for (String falseKey : List.of("ensure_weight_tying", "fan_in_fan_out", "inference_mode", "lora_bias", "use_dora",
                "use_qalora", "use_rslora")) {
            d.put(falseKey, false);
        }
        d.set("alpha_pattern", F.objectNode());
        d.set("rank_pattern", F.objectNode());
        d.set("loftq_config", F.objectNode());
        d.put("bias", "none");
        d.put("init_lora_weights", true);
        d.put("lora_alpha", 8);
        d.put("lora_dropout", 0.0);
        d.put("megatron_core", "megatron.core");
        d.put("peft_type", "LORA");
        d.put("qalora_group_size", 16);
        d.put("r", 8);
        return d;
    }

    /** Keys our LoraConfig models; every other key goes to (and comes back from) {@link LoraConfig#extra()}. */
    private static final List<String> MODELLED = List.of("r", "lora_alpha", "lora_dropout", "target_modules",
            "exclude_modules", "use_rslora", "init_lora_weights", "layers_to_transform", "layers_pattern", "rank_pattern",
            "alpha_pattern", "base_model_name_or_path", "task_type", "peft_type", "peft_version", "inference_mode");

    /** Settings whose non-default value changes what the tensors mean in a way snaklib does not implement. */
    private static final List<String> MUST_BE_DEFAULT = List.of("use_dora", "modules_to_save", "lora_bias",
            "target_parameters", "layer_replication", "trainable_token_indices", "alora_invocation_tokens", "use_qalora",
            "use_bdlora", "arrow_config", "monteclora_config", "velora_config");

    // ---- write ----

    /** The JSON object PEFT 0.20.0 would write for {@code c} (inference_mode true, as save_pretrained sets it). */
    public static ObjectNode toJson(LoraConfig c) {
        ObjectNode all = defaults();
        all.setAll(c.extra());
        all.put("r", c.r());
        putNumber(all, "lora_alpha", c.loraAlpha());
        all.put("lora_dropout", c.loraDropout());
        all.set("target_modules", targetsJson(c.targetModules()));
        all.set("exclude_modules", c.excludeModules() == null ? NullNode.getInstance() : targetsJson(c.excludeModules()));
        all.put("use_rslora", c.useRslora());
        switch (c.initLoraWeights()) {
            case "true" -> all.put("init_lora_weights", true);
            case "false" -> all.put("init_lora_weights", false);
            default -> all.put("init_lora_weights", c.initLoraWeights());
        }
        if (c.layersToTransform() != null) {
            all.set("layers_to_transform", F.arrayNode().addAll(c.layersToTransform().stream().map(F::numberNode).toList()));
        }
        if (c.layersPattern() != null) {
            all.put("layers_pattern", c.layersPattern());
        }
        ObjectNode ranks = F.objectNode();
        c.rankPattern().forEach(ranks::put);
        all.set("rank_pattern", ranks);
        ObjectNode alphas = F.objectNode();
        c.alphaPattern().forEach((k, v) -> putNumber(alphas, k, v));
        all.set("alpha_pattern", alphas);
        all.put("base_model_name_or_path", c.baseModelNameOrPath());
        all.put("task_type", c.taskType());
        all.put("peft_type", "LORA");
        all.put("peft_version", PEFT_VERSION);
        all.put("inference_mode", true);
        ObjectNode sorted = F.objectNode(); // json.dumps(..., sort_keys=True)
        new TreeMap<>(toMap(all)).forEach(sorted::set);
        return sorted;
    }

    /** Writes {@code c} to {@code dir/adapter_config.json} as PEFT formats it (indent 2, sorted keys), atomically. */
    public static void write(Path dir, LoraConfig c) {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("").withArrayEmptySeparator(""));
        try {
            String text = new ObjectMapper().writer(pretty).writeValueAsString(toJson(c));
            AtomicFiles.writeString(dir.resolve(FILE_NAME), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME), e);
        }
    }

    private static JsonNode targetsJson(TargetModules t) {
        return t.names() != null ? F.arrayNode().addAll(t.names().stream().map(F::textNode).toList()) : F.textNode(t.pattern());
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            o.put(key, (long) v); // PEFT types lora_alpha as int
        } else {
            o.put(key, v);
        }
    }

    private static Map<String, JsonNode> toMap(ObjectNode o) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        o.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    // ---- read ----

    /** Reads {@code dir/adapter_config.json}; any value that cannot be a LoRA config for us is a BadInputException. */
    public static Read read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        ObjectNode json = JsonFiles.readObject(file);
        List<String> notes = new ArrayList<>();
        ObjectNode known = defaults();
        if (!json.has("peft_type")) {
            throw new BadInputException(file, "key \"peft_type\" is missing (PEFT requires it; expected \"LORA\")");
        }
        if (!"LORA".equals(json.get("peft_type").asText())) {
            throw new BadInputException(file, "peft_type is " + json.get("peft_type") + "; only \"LORA\" adapters are supported");
        }
        List<String> unknown = new ArrayList<>();
        json.fieldNames().forEachRemaining(k -> {
            if (!known.has(k)) {
                unknown.add(k);
            }
        });
        List<String> missing = new ArrayList<>();
        known.fieldNames().forEachRemaining(k -> {
            if (!json.has(k)) {
                missing.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            notes.add(file + ": keys unknown to PEFT " + PEFT_VERSION + " (a newer writer?) are kept as they are: "
                    + String.join(", ", unknown));
        }
        if (!missing.isEmpty()) {
            notes.add(file + ": keys missing (an older writer?) take PEFT's defaults: " + String.join(", ", missing));
        }
        ObjectNode all = defaults();
        all.setAll(json);
        for (String k : MUST_BE_DEFAULT) {
            if (!all.get(k).equals(defaults().get(k)) && !isEmpty(all.get(k))) {
                throw new BadInputException(file, k + " is " + all.get(k) + "; snaklib supports only plain LoRA (" + k
                        + " " + defaults().get(k) + ")");
            }
        }
        if (!"none".equals(all.get("bias").asText())) {
            throw new BadInputException(file, "bias is " + all.get("bias") + "; only \"none\" is supported (Llama has no biases)");
        }
        if (all.get("fan_in_fan_out").asBoolean()) {
            notes.add(file + ": fan_in_fan_out true is ignored for Linear layers, as PEFT does");
        }
        ObjectNode extra = F.objectNode();
        all.properties().forEach(e -> {
            if (!MODELLED.contains(e.getKey())) {
                extra.set(e.getKey(), e.getValue());
            }
        });
        JsonNode targets = all.get("target_modules");
        TargetModules targetModules;
        if (targets.isNull()) {
            targetModules = TargetModules.of("q_proj", "v_proj");
            notes.add(file + ": target_modules is null: PEFT's default for Llama applies (q_proj, v_proj)");
        } else {
            targetModules = targets(file, "target_modules", targets);
        }
        try {
            return new Read(new LoraConfig(positiveInt(file, all, "r"), number(file, all, "lora_alpha"),
                    number(file, all, "lora_dropout"), targetModules,
                    all.get("exclude_modules").isNull() ? null : targets(file, "exclude_modules", all.get("exclude_modules")),
                    all.get("use_rslora").asBoolean(), all.get("init_lora_weights").asText(),
                    layers(file, all.get("layers_to_transform")), layersPattern(all.get("layers_pattern")),
                    ranks(file, all.get("rank_pattern")), alphas(file, all.get("alpha_pattern")),
                    all.get("base_model_name_or_path").isNull() ? null : all.get("base_model_name_or_path").asText(),
                    all.get("task_type").isNull() ? null : all.get("task_type").asText(), extra), List.copyOf(notes));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, e.getMessage(), e);
        }
    }

    private static boolean isEmpty(JsonNode n) {
        return n.isNull() || (n.isContainerNode() && n.isEmpty()) || (n.isBoolean() && !n.asBoolean());
    }

    private static TargetModules targets(Path file, String key, JsonNode n) {
        if (n.isTextual()) {
            return new TargetModules(null, n.asText());
        }
        if (n.isArray() && n.valueStream().allMatch(JsonNode::isTextual)) {
            return new TargetModules(n.valueStream().map(JsonNode::asText).toList(), null);
        }
        throw new BadInputException(file, key + " must be a list of module names or one string, got " + n);
    }

    private static int positiveInt(Path file, ObjectNode o, String key) {
        JsonNode n = o.get(key);
        if (!n.isIntegralNumber()) {
            throw new BadInputException(file, key + " must be an integer, got " + n);
        }
        return n.asInt();
    }

    private static double number(Path file, ObjectNode o, String key) {
        JsonNode n = o.get(key);
        if (!n.isNumber()) {
            throw new BadInputException(file, key + " must be a number, got " + n);
        }
        return n.asDouble();
    }

    private static List<Integer> layers(Path file, JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (n.isInt()) {
            return List.of(n.asInt());
        }
        if (n.isArray() && n.valueStream().allMatch(JsonNode::isInt)) {
            return n.valueStream().map(JsonNode::asInt).toList();
        }
        throw new BadInputException(file, "layers_to_transform must be an integer or a list of integers, got " + n);
    }

    /** One name, or a list of names PEFT tries in turn (an alternation here). */
    private static String layersPattern(JsonNode n) {
        if (n.isNull() || (n.isArray() && n.isEmpty())) {
            return null;
        }
        return n.isArray() ? "(?:" + String.join("|", n.valueStream().map(JsonNode::asText).toList()) + ")" : n.asText();
    }

    private static Map<String, Integer> ranks(Path file, JsonNode n) {
        Map<String, Integer> out = new LinkedHashMap<>();
        n.properties().forEach(e -> {
            if (!e.getValue().isIntegralNumber()) {
                throw new BadInputException(file, "rank_pattern \"" + e.getKey() + "\" must be an integer, got " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().asInt());
        });
        return out;
    }

    private static Map<String, Double> alphas(Path file, JsonNode n) {
        Map<String, Double> out = new LinkedHashMap<>();
        n.properties().forEach(e -> {
            if (!e.getValue().isNumber()) {
                throw new BadInputException(file, "alpha_pattern \"" + e.getKey() + "\" must be a number, got " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().asDouble());
        });
        return out;
    }
}
