package dk.snaklib.tune;

import dk.snaklib.model.LlamaConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which modules of a Llama get an adapter, by PEFT's rules ({@code check_target_module_exists},
 * {@code _maybe_include_all_linear_layers}, {@code get_pattern_key}), and each one's rank, alpha and scale:
 * <ul>
 *   <li>exclude_modules first: a string is {@code re.fullmatch}ed, a list matches a name or a {@code .}-suffix;</li>
 *   <li>a string target is {@code re.fullmatch}ed against the full module name; "all-linear" is every linear layer
 *       except the output layer (lm_head);</li>
 *   <li>a list target matches a full name or a name ending in {@code "." + entry}; then layers_to_transform keeps
 *       only the listed layer indices (the first number after {@code <layers_pattern>.} or after any segment);</li>
 *   <li>rank_pattern / alpha_pattern: the first key for which {@code (.*\.)?(key)$} matches the name wins.</li>
 * </ul>
 * Stricter than PEFT in one way, on purpose: every list entry must name something the model has (PEFT only fails when
 * nothing at all matched), so a typo such as {@code q_prj} is an error instead of a silently smaller adapter.
 */
public final class LoraTargets {
    /** One adapted linear layer: its HF module name, weight sizes ([out, in]), rank, alpha and the branch's scale. */
    public record Target(String module, long in, long out, int r, double alpha, double scale) {}

    private LoraTargets() {}

    /** The adapted modules, in HF order. Throws IllegalArgumentException naming what is wrong and what exists. */
    public static List<Target> resolve(LoraConfig c, LlamaConfig model) {
        SequencedMap<String, LlamaModules.Linear> linear = LlamaModules.linear(model);
        List<String> all = LlamaModules.all(model);
        TargetModules t = c.targetModules();
        if (t.names() != null) {
            for (String entry : t.names()) {
                if (all.stream().noneMatch(m -> nameMatches(entry, m))) {
                    throw new IllegalArgumentException("target module \"" + entry + "\" does not exist in this Llama; its"
                            + " linear layers are " + LlamaModules.linearKinds() + " (e.g. model.layers.0.self_attn.q_proj)");
                }
            }
        }
        List<Target> out = new ArrayList<>();
        for (String module : all) {
            if (excluded(c.excludeModules(), module) || !targeted(c, module)) {
                continue;
            }
            LlamaModules.Linear size = linear.get(module);
            if (size == null) {
                throw new IllegalArgumentException("target_modules " + t + " matches \"" + module + "\", which is not a"
                        + " linear layer; LoRA here supports only " + LlamaModules.linearKinds()
                        + (module.endsWith("embed_tokens") ? " (LoRA on embeddings is not supported)" : ""));
            }
            int r = patternValue(c.rankPattern(), module, c.r());
            double alpha = patternValue(c.alphaPattern(), module, c.loraAlpha());
            out.add(new Target(module, size.in(), size.out(), r, alpha, c.scaling(r, alpha)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("target_modules " + t + (c.excludeModules() == null ? "" : " minus exclude_modules "
                    + c.excludeModules()) + " selects no linear layer; this Llama has " + LlamaModules.linearKinds()
                    + " in layers 0.." + (model.numHiddenLayers() - 1));
        }
        return out;
    }

    private static boolean targeted(LoraConfig c, String module) {
        TargetModules t = c.targetModules();
        if (t.isAllLinear()) {
            return LlamaModules.LAYER_LINEARS.stream().anyMatch(n -> module.endsWith("." + n)); // not lm_head
        }
        if (t.pattern() != null) {
            return Pattern.compile(t.pattern()).matcher(module).matches();
        }
        boolean found = t.names().stream().anyMatch(n -> nameMatches(n, module));
        if (!found || c.layersToTransform() == null || c.layersToTransform().isEmpty()) {
            return found;
        }
        Matcher index = Pattern.compile(c.layersPattern() == null || c.layersPattern().isEmpty()
                ? ".*?\\.[^.]*\\.(\\d+)\\." : ".*?\\." + c.layersPattern() + "\\.(\\d+)\\.").matcher(module);
        return index.lookingAt() && c.layersToTransform().contains(Integer.parseInt(index.group(1)));
    }

    private static boolean excluded(TargetModules exclude, String module) {
        if (exclude == null) {
            return false;
        }
        if (exclude.pattern() != null) {
            return Pattern.compile(exclude.pattern()).matcher(module).matches();
        }
        return exclude.names().stream().anyMatch(n -> nameMatches(n, module));
    }

    private static boolean nameMatches(String entry, String module) {
        return module.equals(entry) || module.endsWith("." + entry);
    }

    private static <V> V patternValue(Map<String, V> patterns, String module, V fallback) {
        for (var e : new LinkedHashMap<>(patterns).entrySet()) {
            if (Pattern.compile("(.*\\.)?(" + e.getKey() + ")$").matcher(module).matches()) {
                return e.getValue();
            }
        }
        return fallback;
    }
}
