package dk.snaklib.experiment;

import dk.snaklib.util.BadInputException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An experiment spec's {@code overrides:} section: per preset name, the preset values this experiment replaces
 * ({@code tiny: {steps: 200, lr: 1.0e-3}}), by the names {@code snak presets show} prints.
 */
final class PresetOverrides {
    private PresetOverrides() {}

    /** {@code preset} with the overrides {@code spec} names for it (none for a preset it does not name). */
    static Preset apply(Map<String, Map<String, Object>> overrides, Preset preset, Path file) {
        Map<String, Object> o = overrides == null ? null : overrides.get(preset.name());
        if (o == null || o.isEmpty()) {
            return preset;
        }
        try {
            return preset.with(o);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "key \"overrides." + preset.name() + "\": " + e.getMessage(), e);
        }
    }

    /** Fails now, naming the file, if an override for a bundled preset has an unknown name or a bad value. */
    static Map<String, Map<String, Object>> check(Map<String, Map<String, Object>> overrides, Path file) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (overrides != null) {
            overrides.forEach((name, values) -> {
                if (Preset.NAMES.contains(name)) {
                    apply(overrides, Preset.named(name), file);
                }
                out.put(name, values == null ? Map.of() : Map.copyOf(values));
            });
        }
        return out;
    }
}
