package dk.snaklib.eval;

import dk.snaklib.util.PythonRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * v13's {@code _extract_few_shot_examples}: shuffle the train split as HF's {@code Dataset.shuffle(seed)} does
 * (numpy permutation), then pick examples one at a time (cycling through the task's labels for classification and
 * NER), dropping rows with the same text (context for QA) after each pick, and finally shuffle the picks with
 * Python's {@code random.seed(seed); random.shuffle} (not for QA). Where v13 would loop forever (no rows left for
 * any label), this refuses with an error.
 */
public final class FewShotSampler {
    private FewShotSampler() {}

    public static List<Example> draw(DanishTask task, List<Example> train, long seed) {
        List<Example> picks = switch (task.type()) {
            case CLASSIFICATION -> byLabel(task, shuffled(train, seed), seed,
                    task.taskLabels(), (e, label) -> e.label().toLowerCase(Locale.ROOT).equals(label), Example::text);
            case NER -> byLabel(task, shuffled(train, seed), seed,
                    task.taskLabels().stream().filter(l -> l.startsWith("b-")).toList(),
                    (e, label) -> e.labels().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(label)),
                    Example::text);
            case SUMMARIZATION -> firstUnique(task, shuffled(train, seed), Example::text);
            case QA -> firstUnique(task, shuffled(shortContexts(task, train), seed), Example::context);
        };
        if (task.type() != TaskType.QA) {
            new PythonRandom(seed).shuffle(picks);
        }
        return picks;
    }

    /** Dataset.shuffle(seed): rows in the order of default_rng(seed).permutation(n). */
    static List<Example> shuffled(List<Example> rows, long seed) {
        int[] perm = new NumpyRandom(seed).permutation(rows.size());
        List<Example> out = new ArrayList<>(rows.size());
        for (int i : perm) {
            out.add(rows.get(i));
        }
        return out;
    }

    private interface HasLabel {
        boolean test(Example e, String label);
    }

    private static List<Example> byLabel(DanishTask task, List<Example> pool, long seed, List<String> labels,
                                         HasLabel hasLabel, Function<Example, String> key) {
        List<Example> picks = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int sinceLastPick = 0;
        for (int i = 0; picks.size() < task.shots(); i++) {
            String label = labels.get(i % labels.size());
            Example found = null;
            for (Example e : pool) {
                if (!used.contains(key.apply(e)) && hasLabel.test(e, label)) {
                    found = e;
                    break;
                }
            }
            if (found == null) {
                if (++sinceLastPick >= labels.size()) {
                    throw new IllegalArgumentException(task.name() + ": only " + picks.size() + " few-shot examples with "
                            + "distinct texts exist for labels " + labels + " but " + task.shots()
                            + " are needed (seed " + seed + "); ScandEval v13 would loop forever here");
                }
                continue;
            }
            sinceLastPick = 0;
            picks.add(found);
            used.add(key.apply(found));
        }
        return picks;
    }

    private static List<Example> firstUnique(DanishTask task, List<Example> pool, Function<Example, String> key) {
        List<Example> picks = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Example e : pool) {
            if (picks.size() == task.shots()) {
                break;
            }
            if (used.add(key.apply(e))) {
                picks.add(e);
            }
        }
        if (picks.size() < task.shots()) {
            throw new IllegalArgumentException(task.name() + ": only " + picks.size() + " train rows with distinct "
                    + "texts but " + task.shots() + " few-shot examples are needed");
        }
        return picks;
    }

    /** Rows with a context shorter than 512 characters, doubling the limit until enough qualify. */
    static List<Example> shortContexts(DanishTask task, List<Example> train) {
        if (train.size() < task.shots()) {
            throw new IllegalArgumentException(task.name() + ": " + train.size() + " train rows, " + task.shots()
                    + " few-shot examples needed");
        }
        for (long limit = 512; ; limit *= 2) {
            List<Example> out = new ArrayList<>();
            for (Example e : train) {
                if (pythonLength(e.context()) < limit) {
                    out.add(e);
                }
            }
            if (out.size() >= task.shots()) {
                return out;
            }
        }
    }

    /** Python's len(str): code points, not UTF-16 units. */
    static int pythonLength(String s) {
        return s.codePointCount(0, s.length());
    }
}
