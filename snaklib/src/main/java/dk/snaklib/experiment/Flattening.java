package dk.snaklib.experiment;

import java.util.Locale;

/**
 * Where a tuning-after-N curve flattens (notebook 05). The rule: the earliest checkpoint from which every later
 * checkpoint's tuned score, its own included, lies within the final checkpoint's 95% interval (final score ±
 * its half-width). So "flat" means "not told apart from the final model by the evaluation's own uncertainty";
 * with a wider interval (fewer bootstrap iterations, fewer tasks) a curve flattens earlier. If only the final
 * checkpoint is within, the curve did not flatten before the end.
 *
 * @param step        the step where it flattens
 * @param index       its position in the curve
 * @param totalSteps  the last step of the curve (the whole continued run)
 * @param finalScore  the final checkpoint's score
 * @param halfWidth   the final score's 95% half-width: the band's half-width
 */
public record Flattening(long step, int index, long totalSteps, double finalScore, double halfWidth) {
    /** The rule, in the words a finding uses. */
    public static final String RULE = "the earliest checkpoint from which every tuned score stays within the final "
            + "tuned model's 95% interval";

    /**
     * @param steps           checkpoint steps, increasing (step 0 the base model)
     * @param scores          the tuned score at each
     * @param finalHalfWidth  the last score's 95% half-width (>= 0)
     */
    public static Flattening of(long[] steps, double[] scores, double finalHalfWidth) {
        if (steps.length == 0 || steps.length != scores.length) {
            throw new IllegalArgumentException("a curve needs as many scores as steps and at least one: " + steps.length
                    + " steps, " + scores.length + " scores");
        }
        for (int i = 0; i < steps.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score at step " + steps[i] + " is not finite: " + scores[i]);
            }
            if (i > 0 && steps[i] <= steps[i - 1]) {
                throw new IllegalArgumentException("steps must increase: " + steps[i - 1] + " then " + steps[i]);
            }
        }
        if (!(finalHalfWidth >= 0) || Double.isInfinite(finalHalfWidth)) {
            throw new IllegalArgumentException("the final half-width must be finite and >= 0, got " + finalHalfWidth);
        }
        int last = steps.length - 1;
        double fin = scores[last];
        int first = last;
        for (int i = last; i >= 0 && Math.abs(scores[i] - fin) <= finalHalfWidth; i--) {
            first = i;
        }
        return new Flattening(steps[first], first, steps[last], fin, finalHalfWidth);
    }

    /** The step as a share of the whole run (0 to 1). */
    public double fraction() {
        return totalSteps == 0 ? 0 : (double) step / totalSteps;
    }

    /** The step at the study's scale: the same share of its {@code studySteps} (12,500). */
    public double studyEquivalent(long studySteps) {
        return fraction() * studySteps;
    }

    /** Whether it flattened before the final checkpoint. */
    public boolean beforeTheEnd() {
        return step < totalSteps;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "flattens at step %d of %d (%.0f%%; final %.2f ± %.2f)", step, totalSteps,
                100 * fraction(), finalScore, halfWidth);
    }
}
