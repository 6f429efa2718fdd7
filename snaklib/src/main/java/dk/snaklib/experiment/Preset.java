package dk.snaklib.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.train.TrainConfig;
import dk.snaklib.util.BadInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A named scale at which the study is replayed (DESIGN.md, "Presets"), read from a YAML file that names and
 * comments every value: {@code snaklib/src/main/resources/dk/snaklib/presets/NAME.yaml} for the bundled ones
 * ({@code snak presets show NAME}). Every value can be overridden by name ({@link #with(Map)}, or a flag).
 *
 * @param name          tiny, small, gpu or paper (or the name inside a user's own preset file)
 * @param description   one line for {@code snak presets list}
 * @param vocabSize     BPE vocabulary trained for this scale (ignored when starting from an HF checkpoint)
 * @param hiddenSize    model width (0: the model comes from an HF checkpoint)
 * @param intermediate  SwiGLU width
 * @param layers        decoder blocks
 * @param heads         query heads
 * @param kvHeads       key/value heads
 * @param seqLen        training sequence length in tokens
 * @param maxTextBytes  cap on the text read for tokenizer training and packing (0 = all)
 * @param valFraction   share of sequences held out for validation
 * @param train         optimiser and loop settings
 */
public record Preset(String name, String description, int vocabSize, int hiddenSize,
                     @JsonProperty("intermediate_size") int intermediate,
                     @JsonProperty("num_hidden_layers") int layers,
                     @JsonProperty("num_attention_heads") int heads,
                     @JsonProperty("num_key_value_heads") int kvHeads,
                     int seqLen, long maxTextBytes, double valFraction, TrainConfig train) {

    /** The presets bundled with snaklib, in order of scale. */
    public static final List<String> NAMES = List.of("tiny", "small", "gpu", "paper");

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /** ~0.2M parameters: the whole replay in minutes on 2 cores (CI, tests). */
    public static final Preset TINY = named("tiny");

    /** ~6M parameters: a laptop's default, the replay within an hour on 2 cores. */
    public static final Preset SMALL = named("small");

    /** A 1B-class HF checkpoint on one CUDA GPU (model from --init-from). */
    public static final Preset GPU = named("gpu");

    /** The study's hyper-parameters (STUDY.md A3): Llama-2-7b-hf, 12,500 steps of 512 x 4,096 tokens. */
    public static final Preset PAPER = named("paper");

    public static final List<Preset> ALL = List.of(TINY, SMALL, GPU, PAPER);

    public Preset {
        if (seqLen < 1) {
            throw new IllegalArgumentException("preset " + name + ": seq_len must be >= 1, got " + seqLen);
        }
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new IllegalArgumentException("preset " + name + ": val_fraction must be in [0, 1), got " + valFraction);
        }
    }

    /** A bundled preset by name, or a preset YAML file when {@code nameOrFile} ends in .yaml/.yml. */
    public static Preset named(String nameOrFile) {
        String lower = nameOrFile.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return load(Path.of(nameOrFile));
        }
        return parse(yaml(lower), "preset " + lower);
    }

    /** The YAML text of a bundled preset, comments and all. */
    public static String yaml(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        try (InputStream in = Preset.class.getResourceAsStream("/dk/snaklib/presets/" + lower + ".yaml")) {
            if (in == null || !NAMES.contains(lower)) {
                throw new IllegalArgumentException("unknown preset \"" + name + "\" (known: " + String.join(", ", NAMES)
                        + "; or a path to a preset .yaml file)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled preset " + name, e);
        }
    }

    /** A preset from a YAML file laid out like the bundled ones. */
    public static Preset load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read preset file: " + e.getMessage(), e);
        }
    }

    private static Preset parse(String yamlText, String where) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        if (!(root instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(where + ": expected a mapping of preset settings");
        }
        return fromTree(JSON.valueToTree(root), where);
    }

    private static Preset fromTree(JsonNode tree, String where) {
        try {
            return JSON.treeToValue(tree, Preset.class);
        } catch (IOException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            String why = cause instanceof IllegalArgumentException ? cause.getMessage()
                    : e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(where + ": " + why, e);
        }
    }

    /** Every setting by its YAML name (train settings under "train."), as the run record and `presets show` use. */
    public ObjectNode toTree() {
        return JSON.valueToTree(this);
    }

    /** The names {@link #with(Map)} accepts: the top-level settings and the train settings. */
    public List<String> settingNames() {
        List<String> names = new ArrayList<>();
        ObjectNode tree = toTree();
        tree.fieldNames().forEachRemaining(n -> {
            if (!n.equals("train") && !n.equals("name") && !n.equals("description")) {
                names.add(n);
            }
        });
        ((ObjectNode) tree.get("train")).fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * This preset with settings replaced by YAML name, e.g. {@code Map.of("steps", 40, "lr", 1e-4)}; values may be
     * numbers, booleans or strings ("1e-4"). An unknown name is an error that lists the known ones.
     */
    public Preset with(Map<String, ?> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        ObjectNode tree = toTree();
        ObjectNode train = (ObjectNode) tree.get("train");
        for (var e : overrides.entrySet()) {
            String key = e.getKey();
            JsonNode value = JSON.valueToTree(e.getValue());
            if (train.has(key)) {
                train.set(key, value);
            } else if (tree.has(key) && !key.equals("train") && !key.equals("name")) {
                tree.set(key, value);
            } else {
                throw new IllegalArgumentException("unknown preset setting \"" + key + "\" (known: "
                        + String.join(", ", settingNames()) + ")");
            }
        }
        return fromTree(tree, "preset " + name + " with " + overrides);
    }

    /** Whether this preset defines a model to build from scratch (tiny, small) or expects an HF checkpoint. */
    public boolean buildsModel() {
        return hiddenSize > 0;
    }

    /** The model this preset builds from scratch, for a tokenizer of {@code vocab} tokens. */
    public LlamaConfig model(int vocab, Integer bos, Integer eos) {
        if (!buildsModel()) {
            throw new IllegalArgumentException("preset " + name + " continues from a Hugging Face checkpoint: pass --init-from DIR");
        }
        return LlamaConfig.of(vocab, hiddenSize, intermediate, layers, heads, kvHeads, Math.max(seqLen, 2048))
                .withSpecialTokens(bos, eos == null ? List.of() : List.of(eos));
    }

    public Preset withTrain(TrainConfig t) {
        return new Preset(name, description, vocabSize, hiddenSize, intermediate, layers, heads, kvHeads, seqLen,
                maxTextBytes, valFraction, t);
    }
}
