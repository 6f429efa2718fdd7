package dk.snaklib.tune;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LoRA adapter's settings, named after PEFT's {@code LoraConfig} fields (snake_case there, camelCase here).
 *
 * @param r                   rank (PEFT {@code r}); must be > 0
 * @param loraAlpha           {@code lora_alpha}; the branch is scaled by alpha/r (alpha/sqrt(r) with rsLoRA); > 0
 * @param loraDropout         {@code lora_dropout}: dropout on the LoRA branch's input only, in [0, 1)
 * @param targetModules       which linear layers get an adapter (PEFT's matching rules, see {@link LoraTargets})
 * @param excludeModules      {@code exclude_modules}: same forms as targetModules (never all-linear), or null
 * @param useRslora           {@code use_rslora}: scale alpha/sqrt(r) instead of alpha/r
 * @param initLoraWeights     {@code init_lora_weights}: "true" (A Kaiming-uniform a=sqrt(5), B zeros), "gaussian"
 *                            (A ~ N(0, (1/r)^2), B zeros) or "false" (both as nn.Linear's default init: B is not 0)
 * @param layersToTransform   {@code layers_to_transform}: only these layer indices, or null for all
 * @param layersPattern       {@code layers_pattern}: the name of the layer list (e.g. "layers"), or null
 * @param rankPattern         {@code rank_pattern}: module name or regex (matched on the name's tail) -> rank
 * @param alphaPattern        {@code alpha_pattern}: module name or regex -> alpha
 * @param baseModelNameOrPath {@code base_model_name_or_path}: the base model's folder or hub id, or null
 * @param taskType            {@code task_type}, "CAUSAL_LM" for our models
 * @param extra               every other adapter_config.json key as read (written back unchanged)
 */
public record LoraConfig(int r, double loraAlpha, double loraDropout, TargetModules targetModules,
                         TargetModules excludeModules, boolean useRslora, String initLoraWeights,
                         List<Integer> layersToTransform, String layersPattern, Map<String, Integer> rankPattern,
                         Map<String, Double> alphaPattern, String baseModelNameOrPath, String taskType,
                         ObjectNode extra) {
    /** The study's target list for "all" (STUDY.md A3): every projection and lm_head. */
    public static final List<String> STUDY_TARGETS =
            List.of("k_proj", "q_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "lm_head");
    private static final List<String> INITS = List.of("true", "false", "gaussian");

    public LoraConfig {
        if (r <= 0) {
            throw new IllegalArgumentException("LoRA rank r must be > 0, got " + r);
        }
        if (!(loraAlpha > 0) || Double.isInfinite(loraAlpha)) {
            throw new IllegalArgumentException("lora_alpha must be a finite number > 0, got " + loraAlpha);
        }
        if (!(loraDropout >= 0 && loraDropout < 1)) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + loraDropout);
        }
        if (targetModules == null) {
            throw new IllegalArgumentException("target_modules is required (e.g. q_proj, v_proj: PEFT's Llama default)");
        }
        if (excludeModules != null && excludeModules.isAllLinear()) {
            throw new IllegalArgumentException("exclude_modules cannot be \"all-linear\"");
        }
        initLoraWeights = initLoraWeights == null ? "true" : initLoraWeights.toLowerCase(java.util.Locale.ROOT);
        if (!INITS.contains(initLoraWeights)) {
            throw new IllegalArgumentException("init_lora_weights " + initLoraWeights + " is not supported; use one of " + INITS);
        }
        if (targetModules.pattern() != null && (layersToTransform != null || layersPattern != null)) {
            throw new IllegalArgumentException("layers_to_transform and layers_pattern need target_modules as a list, not a string (as in PEFT)");
        }
        if (layersPattern != null && layersToTransform == null) {
            throw new IllegalArgumentException("layers_pattern needs layers_to_transform (as in PEFT)");
        }
        layersToTransform = layersToTransform == null ? null : List.copyOf(layersToTransform);
        // insertion order kept: PEFT takes the first pattern key that matches
        rankPattern = Collections.unmodifiableMap(new LinkedHashMap<>(rankPattern == null ? Map.of() : rankPattern));
        alphaPattern = Collections.unmodifiableMap(new LinkedHashMap<>(alphaPattern == null ? Map.of() : alphaPattern));
        rankPattern.forEach((k, v) -> {
            if (v <= 0) {
                throw new IllegalArgumentException("rank_pattern " + k + ": rank must be > 0, got " + v);
            }
        });
        alphaPattern.forEach((k, v) -> {
            if (!(v > 0)) {
                throw new IllegalArgumentException("alpha_pattern " + k + ": alpha must be > 0, got " + v);
            }
        });
        taskType = taskType == null ? "CAUSAL_LM" : taskType;
        extra = extra == null ? JsonNodeFactory.instance.objectNode() : extra.deepCopy();
    }

    /** Plain LoRA with PEFT's defaults for everything not given. */
    public static LoraConfig of(int r, double alpha, double dropout, TargetModules targets) {
        return new LoraConfig(r, alpha, dropout, targets, null, false, "true", null, null, null, null, null, null, null);
    }

    /** The study's settings (STUDY.md A3): r 128, alpha 16, dropout 0.05 on q,k,v,o,gate,up,down and lm_head. */
    public static LoraConfig study() {
        return of(128, 16, 0.05, new TargetModules(STUDY_TARGETS, null));
    }

    public LoraConfig withBaseModel(String nameOrPath) {
        return new LoraConfig(r, loraAlpha, loraDropout, targetModules, excludeModules, useRslora, initLoraWeights,
                layersToTransform, layersPattern, rankPattern, alphaPattern, nameOrPath, taskType, extra);
    }

    public LoraConfig withRslora(boolean on) {
        return new LoraConfig(r, loraAlpha, loraDropout, targetModules, excludeModules, on, initLoraWeights,
                layersToTransform, layersPattern, rankPattern, alphaPattern, baseModelNameOrPath, taskType, extra);
    }

    public LoraConfig withPatterns(Map<String, Integer> ranks, Map<String, Double> alphas) {
        return new LoraConfig(r, loraAlpha, loraDropout, targetModules, excludeModules, useRslora, initLoraWeights,
                layersToTransform, layersPattern, new LinkedHashMap<>(ranks), new LinkedHashMap<>(alphas),
                baseModelNameOrPath, taskType, extra);
    }

    /** PEFT's scaling for a module of rank {@code rank} and alpha {@code alpha}. */
    public double scaling(int rank, double alpha) {
        return useRslora ? alpha / Math.sqrt(rank) : alpha / rank;
    }
}
