package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.train.TrainConfig;
import dk.snaklib.tune.LoraConfig;
import dk.snaklib.tune.LossMask;
import dk.snaklib.tune.PackingConfig;
import dk.snaklib.tune.TargetModules;
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
 * A named scale of instruction tuning, read from a YAML file that names and comments every value:
 * {@code snaklib/src/main/resources/dk/snaklib/presets/tune/NAME.yaml} ({@code tiny}, {@code small}, {@code paper}:
 * the study's values). Every value can be overridden by its YAML name ({@link #with(Map)}), as {@link Preset}'s.
 *
 * @param name               tiny, small or paper (or the name in a user's own file)
 * @param description        one line for listings
 * @param seqLen             tokens per packed chunk
 * @param maxPairs           training pairs read from the start of the set (0: all)
 * @param heldOutPairs       held-out pairs scored for the answer loss, evenly spaced over the set (0: all)
 * @param lossMask           which labels carry loss ({@link LossMask}, written in kebab case)
 * @param numOfSequences     TRL's packing buffer, in chunks
 * @param charsPerToken      TRL's buffer-size estimate
 * @param shuffleBufferTexts shuffle each buffer's texts too (TRL 0.11-0.13)
 * @param lora               the adapter (unused by full fine-tuning)
 * @param train              the loop and optimizer
 */
public record TunePreset(String name, String description, int seqLen, int maxPairs, int heldOutPairs, String lossMask,
                         int numOfSequences, double charsPerToken, boolean shuffleBufferTexts, Lora lora, Train train) {

    /** The bundled tune presets, in order of scale. */
    public static final List<String> NAMES = List.of("tiny", "small", "paper");

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /** PEFT's LoraConfig fields that a preset sets. */
    public record Lora(int r, double loraAlpha, double loraDropout, List<String> targetModules, boolean useRslora) {}

    /**
     * The loop and optimizer (transformers' TrainingArguments where the study set them).
     *
     * @param epochs            passes over the packed chunks
     * @param steps             optimizer steps; 0: as many as the epochs give
     * @param microBatch        sequences per forward/backward
     * @param gradAccum         micro-batches per step
     * @param lr                constant learning rate
     * @param weightDecay       AdamW decay of every matrix (embeddings and lm_head included, as transformers' Trainer)
     * @param beta1             Adam first-moment decay
     * @param beta2             Adam second-moment decay
     * @param eps               Adam epsilon
     * @param gradClip          global gradient-norm limit (0: none)
     * @param evalEvery         held-out answer loss every k steps (and at the end)
     * @param checkpointEvery   checkpoint every k steps (and at the end)
     * @param checkpointMinutes also checkpoint after this much wall time (0: off)
     * @param keepCheckpoints   newest checkpoints kept (0: all)
     * @param seed              adapter init, dropout masks, packing shuffle
     */
    public record Train(int epochs, int steps, int microBatch, int gradAccum, double lr, double weightDecay, double beta1,
                        double beta2, double eps, double gradClip, int evalEvery, int checkpointEvery,
                        double checkpointMinutes, int keepCheckpoints, long seed) {
        public Train {
            if (epochs < 1 || steps < 0) {
                throw new IllegalArgumentException("epochs must be >= 1 and steps >= 0 (0: from the epochs), got "
                        + epochs + " and " + steps);
            }
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("lr must be a finite number > 0, got " + lr);
            }
        }
    }

    public TunePreset {
        if (seqLen < 2) {
            throw new IllegalArgumentException("preset " + name + ": seq_len must be >= 2, got " + seqLen);
        }
        if (maxPairs < 0 || heldOutPairs < 0) {
            throw new IllegalArgumentException("preset " + name + ": max_pairs and held_out_pairs must be >= 0 (0: all)");
        }
        mask(lossMask); // fails now, naming the known ones
    }

    /** A bundled tune preset by name, or a preset YAML file when {@code nameOrFile} ends in .yaml/.yml. */
    public static TunePreset named(String nameOrFile) {
        String lower = nameOrFile.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            Path file = Path.of(nameOrFile);
            try {
                return parse(Files.readString(file), file.toString());
            } catch (IOException e) {
                throw new BadInputException(file, "cannot read tune preset file: " + e.getMessage(), e);
            }
        }
        return parse(yaml(lower), "tune preset " + lower);
    }

    /** The YAML text of a bundled tune preset, comments and all. */
    public static String yaml(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        try (InputStream in = TunePreset.class.getResourceAsStream("/dk/snaklib/presets/tune/" + lower + ".yaml")) {
            if (in == null || !NAMES.contains(lower)) {
                throw new IllegalArgumentException("unknown tune preset \"" + name + "\" (known: " + String.join(", ", NAMES)
                        + "; or a path to a tune preset .yaml file)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled tune preset " + name, e);
        }
    }

    private static TunePreset parse(String yamlText, String where) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        if (!(root instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(where + ": expected a mapping of tune preset settings");
        }
        return fromTree(JSON.valueToTree(root), where);
    }

    private static TunePreset fromTree(JsonNode tree, String where) {
        try {
            return JSON.treeToValue(tree, TunePreset.class);
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

    /** Every setting by its YAML name (lora and train settings in their sections), as the run record holds them. */
    public ObjectNode toTree() {
        return JSON.valueToTree(this);
    }

    /** The names {@link #with(Map)} accepts: top-level, lora and train settings. */
    public List<String> settingNames() {
        List<String> names = new ArrayList<>();
        ObjectNode tree = toTree();
        tree.fieldNames().forEachRemaining(n -> {
            if (!List.of("lora", "train", "name", "description").contains(n)) {
                names.add(n);
            }
        });
        tree.get("lora").fieldNames().forEachRemaining(names::add);
        tree.get("train").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * This preset with settings replaced by YAML name, e.g. {@code Map.of("steps", 40, "r", 16)}; an unknown name is
     * an error that lists the known ones.
     */
    public TunePreset with(Map<String, ?> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        ObjectNode tree = toTree();
        ObjectNode lora = (ObjectNode) tree.get("lora");
        ObjectNode train = (ObjectNode) tree.get("train");
        for (var e : overrides.entrySet()) {
            String key = e.getKey();
            JsonNode value = JSON.valueToTree(e.getValue());
            if (train.has(key)) {
                train.set(key, value);
            } else if (lora.has(key)) {
                lora.set(key, value);
            } else if (tree.has(key) && !List.of("lora", "train", "name").contains(key)) {
                tree.set(key, value);
            } else {
                throw new IllegalArgumentException("unknown tune preset setting \"" + key + "\" (known: "
                        + String.join(", ", settingNames()) + ")");
            }
        }
        return fromTree(tree, "tune preset " + name + " with " + overrides);
    }

    /** The adapter's PEFT config (r <= 0, alpha <= 0 and dropout outside [0, 1) are refused there). */
    public LoraConfig loraConfig(String baseModel) {
        return LoraConfig.of(lora.r(), lora.loraAlpha(), lora.loraDropout(), new TargetModules(lora.targetModules(), null))
                .withRslora(lora.useRslora()).withBaseModel(baseModel);
    }

    /** The packing, seeded by the run's seed. */
    public PackingConfig packing() {
        return new PackingConfig(seqLen, numOfSequences, charsPerToken, true, shuffleBufferTexts, train.seed(), mask(lossMask));
    }

    /**
     * The loop's settings for {@code steps} steps: constant lr (warm-up 0, min_lr = lr), every matrix decays
     * (transformers' Trainer decays all but biases and norms), transformers' AdamW betas and eps.
     */
    public TrainConfig trainConfig(int steps) {
        Train t = train;
        return new TrainConfig(steps, t.microBatch(), t.gradAccum(), t.lr(), t.lr(), 0, t.weightDecay(), true, t.beta1(),
                t.beta2(), t.eps(), t.gradClip(), Math.min(t.evalEvery(), steps), 1, Math.min(t.checkpointEvery(), steps),
                t.checkpointMinutes(), t.keepCheckpoints(), t.seed());
    }

    static LossMask mask(String name) {
        for (LossMask m : LossMask.values()) {
            if (m.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown loss_mask \"" + name + "\" (known: whole-sequence-eos-masked, "
                + "whole-sequence, answer-only)");
    }
}
