package dk.snaklib.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ScandEval v13's NER scores: predicted tags outside the dataset's types become MISC (or {@code o} without MISC),
 * the no-MISC variant sets every MISC tag to {@code o} in both predictions and gold, and when both sides are all
 * {@code o} the F1 is 1.0. Tags reach {@link Seqeval} lowercase, as in v13.
 */
public final class NerMetrics {
    /** micro_f1_no_misc (primary) and micro_f1, both 0-1. */
    public record Scores(double microF1NoMisc, double microF1) {}

    private static final Set<String> WITHOUT_MISC = Set.of("o", "b-per", "i-per", "b-loc", "i-loc", "b-org", "i-org");

    private NerMetrics() {}

    public static Scores score(List<List<String>> gold, List<List<String>> predicted, boolean hasMisc) {
        List<List<String>> g = lower(gold);
        List<List<String>> p = new ArrayList<>();
        for (List<String> sentence : lower(predicted)) {
            List<String> fixed = new ArrayList<>();
            for (String tag : sentence) {
                if (WITHOUT_MISC.contains(tag)) {
                    fixed.add(tag);
                } else if (hasMisc && tag.startsWith("b-")) {
                    fixed.add("b-misc");
                } else if (hasMisc && tag.startsWith("i-")) {
                    fixed.add("i-misc");
                } else {
                    fixed.add("o");
                }
            }
            p.add(fixed);
        }
        double withMisc = f1(g, p);
        double noMisc = f1(dropMisc(g), dropMisc(p));
        return new Scores(noMisc, withMisc);
    }

    private static double f1(List<List<String>> gold, List<List<String>> predicted) {
        if (allO(gold) && allO(predicted)) {
            return 1.0;
        }
        return Seqeval.microF1(gold, predicted);
    }

    private static boolean allO(List<List<String>> tags) {
        return tags.stream().allMatch(s -> s.stream().allMatch("o"::equals));
    }

    private static List<List<String>> dropMisc(List<List<String>> tags) {
        return tags.stream().map(s -> s.stream().map(t -> t.endsWith("misc") ? "o" : t).toList()).toList();
    }

    private static List<List<String>> lower(List<List<String>> tags) {
        return tags.stream().map(s -> s.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList()).toList();
    }
}
