package dk.snaklib.experiment;

import java.util.Arrays;

/** How the replay combines task scores: the study's overall score and its interval. */
public final class Scores {
    private Scores() {}

    /** The study's overall score: the plain mean of the task scores. */
    public static double overall(double[] scores) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no task scores to average");
        }
        return Arrays.stream(scores).average().orElseThrow();
    }

    /**
     * The 95% half-width of the mean of n independent task estimates with half-widths h_i: sqrt(sum h_i^2) / n
     * (each task's bootstrap is drawn separately, so their errors are taken as independent).
     */
    public static double overallHalfWidth(double[] halfWidths) {
        if (halfWidths.length == 0) {
            throw new IllegalArgumentException("no half-widths to combine");
        }
        return Math.sqrt(Arrays.stream(halfWidths).map(h -> h * h).sum()) / halfWidths.length;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
