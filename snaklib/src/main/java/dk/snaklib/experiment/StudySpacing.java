package dk.snaklib.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * The study's checkpoint spacing scaled to a shorter run (notebook 05): study step s of {@code studyTotal} becomes
 * the same share of the run, {@code s / studyTotal * runTotal}, and then the nearest checkpoint the run kept (the
 * earlier one on a tie); step 0 is the base model. Study steps that land on the same checkpoint give it once.
 */
public final class StudySpacing {
    private StudySpacing() {}

    /** One chosen checkpoint and the study steps it stands for. */
    public record Point(long step, List<Long> studySteps) {}

    /**
     * @param studySteps  the study's steps (e.g. 0, 500, 1000, 2000, ..., 12500)
     * @param studyTotal  the study's whole run (12,500)
     * @param available   the run's checkpoint steps, 0 (the base model) included
     * @param runTotal    the run's last step
     */
    public static List<Point> scaled(List<Long> studySteps, long studyTotal, List<Long> available, long runTotal) {
        if (studyTotal < 1 || runTotal < 1) {
            throw new IllegalArgumentException("the study's and the run's lengths must be >= 1, got " + studyTotal + " and " + runTotal);
        }
        if (available.isEmpty()) {
            throw new IllegalArgumentException("the run kept no checkpoints");
        }
        List<Long> sorted = available.stream().sorted().distinct().toList();
        for (int i = 1; i < studySteps.size(); i++) {
            if (studySteps.get(i) <= studySteps.get(i - 1)) {
                throw new IllegalArgumentException("study steps must increase: " + studySteps);
            }
        }
        List<Point> out = new ArrayList<>();
        for (long s : studySteps) {
            if (s < 0 || s > studyTotal) {
                throw new IllegalArgumentException("study step " + s + " is outside 0.." + studyTotal);
            }
            double target = (double) s / studyTotal * runTotal;
            long best = sorted.getFirst();
            for (long c : sorted) {
                if (Math.abs(c - target) < Math.abs(best - target)) {
                    best = c;
                }
            }
            Point last = out.isEmpty() ? null : out.getLast();
            if (last != null && last.step() == best) {
                List<Long> merged = new ArrayList<>(last.studySteps());
                merged.add(s);
                out.set(out.size() - 1, new Point(best, List.copyOf(merged)));
            } else {
                out.add(new Point(best, List.of(s)));
            }
        }
        return List.copyOf(out);
    }
}
