package dk.snaklib.experiment;

import dk.snaklib.util.BadInputException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiment 05 ({@code notebooks/05-tuning-after-n.yaml}): which checkpoints are tuned and scored, as the study's
 * steps ({@link StudySpacing} scales them to this run).
 *
 * @param studyTotalSteps the study's continued pre-training length (12,500)
 * @param studySteps      the study's tuned checkpoints (0: the base model)
 * @param overrides       per study preset, {@code study_steps} replaced
 */
public record TuningAfterNSpec(long studyTotalSteps, List<Long> studySteps, Map<String, Map<String, Object>> overrides) {
    public static final String FILE = "05-tuning-after-n.yaml";

    public TuningAfterNSpec {
        studySteps = List.copyOf(studySteps);
        overrides = overrides == null ? Map.of() : new LinkedHashMap<>(overrides);
        if (studyTotalSteps < 1) {
            throw new IllegalArgumentException("key \"study_total_steps\": must be >= 1, got " + studyTotalSteps);
        }
        check(studySteps, studyTotalSteps, "study_steps");
    }

    private static void check(List<Long> steps, long total, String key) {
        if (steps.size() < 2) {
            throw new IllegalArgumentException("key \"" + key + "\": name at least two steps, got " + steps);
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) < 0 || steps.get(i) > total || (i > 0 && steps.get(i) <= steps.get(i - 1))) {
                throw new IllegalArgumentException("key \"" + key + "\": steps must increase within 0.." + total + ", got " + steps);
            }
        }
    }

    /** The study steps at study preset {@code preset}. */
    public List<Long> studyStepsAt(String preset, Path file) {
        Map<String, Object> o = overrides.getOrDefault(preset, Map.of());
        String key = "overrides." + preset + ".study_steps";
        for (String k : o.keySet()) {
            if (!k.equals("study_steps")) {
                throw new BadInputException(file, "key \"overrides." + preset + "\": unknown setting \"" + k + "\" (known: study_steps)");
            }
        }
        if (!o.containsKey("study_steps")) {
            return studySteps;
        }
        if (!(o.get("study_steps") instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof Integer || x instanceof Long)) {
            throw new BadInputException(file, "key \"" + key + "\": expected a list of integers, got " + o.get("study_steps"));
        }
        List<Long> steps = l.stream().map(x -> ((Number) x).longValue()).toList();
        try {
            check(steps, studyTotalSteps, key);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, e.getMessage(), e);
        }
        return steps;
    }

    public static TuningAfterNSpec read(Path file) {
        TuningAfterNSpec s = SpecFile.read(file, TuningAfterNSpec.class);
        s.overrides.keySet().forEach(p -> s.studyStepsAt(p, file));
        return s;
    }
}
