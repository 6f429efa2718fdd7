package dk.snaklib.experiment;

import dk.snaklib.eval.DanishTasks;
import dk.snaklib.util.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the study's instruction tuning and evaluation are replayed ({@code notebooks/tuning-and-evaluation.yaml}),
 * shared by notebooks 04, 05 and 08 so that a model they have in common (e.g. the final checkpoint tuned with CHAT)
 * is one artifact, tuned and scored once.
 *
 * @param tuning     the LoRA recipe: template, tune preset per study preset, overrides per study preset
 * @param evaluation the bundled Danish tasks, split and bootstrap iterations, overrides per study preset
 */
public record TuneEvalSpec(Tuning tuning, Evaluation evaluation) {
    public static final String FILE = "tuning-and-evaluation.yaml";

    /**
     * @param template    the template of the study's released model (notebook 04 varies it)
     * @param tunePresets study preset name -> tune preset ({@code snak tune --preset}) used at that scale
     * @param overrides   per study preset, tune preset values replaced (names as the tune preset YAML's)
     */
    public record Tuning(String template, Map<String, String> tunePresets, Map<String, Map<String, Object>> overrides) {
        public Tuning {
            tunePresets = Map.copyOf(tunePresets);
            overrides = overrides == null ? Map.of() : copy(overrides);
        }

        /** The tune preset's name (or file) at study preset {@code preset}. */
        public String tunePreset(String preset, Path file) {
            String t = tunePresets.get(preset);
            if (t == null) {
                throw new BadInputException(file, "key \"tuning.tune_presets\": no tune preset for study preset \"" + preset
                        + "\" (named: " + tunePresets.keySet() + ")");
            }
            return t;
        }

        /** The overrides at study preset {@code preset} (none if it names none). */
        public Map<String, Object> overridesAt(String preset) {
            return overrides.getOrDefault(preset, Map.of());
        }
    }

    /**
     * @param tasks               bundled Danish tasks scored ({@code BundledTasks}), in this order
     * @param onlyValidationSplit score the validation split (the study's training curves) instead of test
     * @param iterations          bootstrap iterations (ScandEval v13: 10)
     * @param overrides           per study preset, {@code tasks} and/or {@code iterations} replaced
     */
    public record Evaluation(List<String> tasks, boolean onlyValidationSplit, int iterations,
                             Map<String, Map<String, Object>> overrides) {
        public Evaluation {
            tasks = List.copyOf(tasks);
            overrides = overrides == null ? Map.of() : copy(overrides);
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException("key \"evaluation.tasks\": name at least one task");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("key \"evaluation.iterations\": must be >= 1, got " + iterations);
            }
            for (String t : tasks) {
                known(t, "evaluation.tasks");
            }
        }

        /** These settings at study preset {@code preset}: its overrides applied, each checked by name and type. */
        public Evaluation at(String preset, Path file) {
            Map<String, Object> o = overrides.getOrDefault(preset, Map.of());
            List<String> t = tasks;
            int n = iterations;
            boolean v = onlyValidationSplit;
            String where = "key \"evaluation.overrides." + preset;
            for (var e : o.entrySet()) {
                switch (e.getKey()) {
                    case "tasks" -> {
                        if (!(e.getValue() instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(x -> x instanceof String)) {
                            throw new BadInputException(file, where + ".tasks\": expected a non-empty list of task names, got " + e.getValue());
                        }
                        t = l.stream().map(String.class::cast).toList();
                        for (String name : t) {
                            try {
                                known(name, "evaluation.overrides." + preset + ".tasks");
                            } catch (IllegalArgumentException ex) {
                                throw new BadInputException(file, ex.getMessage(), ex);
                            }
                        }
                    }
                    case "iterations" -> {
                        if (!(e.getValue() instanceof Integer i) || i < 1) {
                            throw new BadInputException(file, where + ".iterations\": expected an integer >= 1, got " + e.getValue());
                        }
                        n = i;
                    }
                    case "only_validation_split" -> {
                        if (!(e.getValue() instanceof Boolean b)) {
                            throw new BadInputException(file, where + ".only_validation_split\": expected true or false, got " + e.getValue());
                        }
                        v = b;
                    }
                    default -> throw new BadInputException(file, where + "\": unknown setting \"" + e.getKey()
                            + "\" (known: tasks, iterations, only_validation_split)");
                }
            }
            return new Evaluation(t, v, n, Map.of());
        }

        private static void known(String task, String key) {
            try {
                DanishTasks.byName(task);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key \"" + key + "\": " + e.getMessage(), e);
            }
        }
    }

    private static Map<String, Map<String, Object>> copy(Map<String, Map<String, Object>> m) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v == null ? Map.of() : new LinkedHashMap<>(v)));
        return out;
    }

    /** Reads and checks the spec: every named preset's evaluation overrides are applied once so a bad one fails now. */
    public static TuneEvalSpec read(Path file) {
        TuneEvalSpec s = SpecFile.read(file, TuneEvalSpec.class);
        List<String> presets = new ArrayList<>(s.evaluation.overrides.keySet());
        for (String p : presets) {
            s.evaluation.at(p, file);
        }
        // a tuning override with an unknown name or a bad value fails now, for each bundled tune preset it applies to
        for (var e : s.tuning.overrides.entrySet()) {
            String tune = s.tuning.tunePresets.get(e.getKey());
            if (tune != null && TunePreset.NAMES.contains(tune)) {
                try {
                    TunePreset.named(tune).with(e.getValue());
                } catch (IllegalArgumentException ex) {
                    throw new BadInputException(file, "key \"tuning.overrides." + e.getKey() + "\": " + ex.getMessage(), ex);
                }
            }
        }
        return s;
    }
}
