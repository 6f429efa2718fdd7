package dk.snaklib.experiment;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Experiment 06's result: the full-mixture arm and one arm per left-out source ({@link LeaveOneOutArm}), compared.
 * A task's change is the arm's score minus the full mixture's, with a 95% half-width of
 * {@code sqrt(hw_arm^2 + hw_full^2)} (the two runs' bootstrap intervals taken as independent, which they are not
 * quite: both evaluations draw the same rows and shots, so this is conservative). A held-out source's change is the
 * relative change of its perplexity, in percent (no interval: one run per arm).
 */
public final class SourceMixtures {
    private final LeaveOneOutArm full;
    private final List<LeaveOneOutArm> arms;

    /** {@code full} (leftOut null) and the leave-one-out arms, which must all score the same tasks and sources. */
    public SourceMixtures(LeaveOneOutArm full, List<LeaveOneOutArm> arms) {
        if (full.leftOut() != null) {
            throw new IllegalArgumentException("the full-mixture arm leaves out " + full.leftOut());
        }
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("no leave-one-out arms");
        }
        for (LeaveOneOutArm a : arms) {
            if (a.leftOut() == null || !a.scores().keySet().equals(full.scores().keySet())
                    || !a.perplexity().keySet().equals(full.perplexity().keySet())) {
                throw new IllegalArgumentException("arm " + a.leftOut() + " scores " + a.scores().keySet() + " and "
                        + a.perplexity().keySet() + ", the full mixture " + full.scores().keySet() + " and " + full.perplexity().keySet());
            }
        }
        this.full = full;
        this.arms = List.copyOf(arms);
    }

    public LeaveOneOutArm full() {
        return full;
    }

    public List<LeaveOneOutArm> arms() {
        return arms;
    }

    /** The sources left out, in arm order. */
    public List<String> leftOut() {
        return arms.stream().map(LeaveOneOutArm::leftOut).toList();
    }

    /** The tasks scored, in the spec's order. */
    public List<String> tasks() {
        return List.copyOf(full.scores().keySet());
    }

    /** The held-out sources scored (without "all"), sorted. */
    public List<String> heldOutSources() {
        return full.perplexity().keySet().stream().filter(s -> !s.equals("all")).sorted().toList();
    }

    private LeaveOneOutArm arm(String leftOut) {
        return arms.stream().filter(a -> a.leftOut().equals(leftOut)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no arm leaves out " + leftOut + " (arms: " + leftOut() + ")"));
    }

    /** Score without {@code leftOut} minus the full mixture's, on {@code task}. */
    public double scoreChange(String leftOut, String task) {
        return arm(leftOut).scores().get(task).score() - full.scores().get(task).score();
    }

    /** The 95% half-width of {@link #scoreChange}. */
    public double scoreChangeHalfWidth(String leftOut, String task) {
        double a = arm(leftOut).scores().get(task).halfWidth();
        double b = full.scores().get(task).halfWidth();
        return Math.sqrt(a * a + b * b);
    }

    /** Whether the change on {@code task} is beyond its 95% interval (either sign). */
    public boolean separated(String leftOut, String task) {
        return Math.abs(scoreChange(leftOut, task)) > scoreChangeHalfWidth(leftOut, task);
    }

    /** Percent change of held-out perplexity on {@code source} ("all": pooled) without {@code leftOut}. */
    public double perplexityChange(String leftOut, String source) {
        Double a = arm(leftOut).perplexity().get(source);
        Double f = full.perplexity().get(source);
        if (a == null || f == null) {
            throw new IllegalArgumentException("no held-out perplexity for " + source + " (sources: " + heldOutSources() + ")");
        }
        return 100 * (a / f - 1);
    }

    /** left-out x task matrix of {@link #scoreChange} (and, with {@code halfWidths}, of its half-widths). */
    public double[][] scoreChanges(boolean halfWidths) {
        double[][] z = new double[arms.size()][tasks().size()];
        for (int i = 0; i < arms.size(); i++) {
            for (int j = 0; j < tasks().size(); j++) {
                String l = leftOut().get(i);
                String t = tasks().get(j);
                z[i][j] = halfWidths ? scoreChangeHalfWidth(l, t) : scoreChange(l, t);
            }
        }
        return z;
    }

    /** left-out x held-out source matrix of {@link #perplexityChange}, "all" last. */
    public double[][] perplexityChanges() {
        List<String> cols = new ArrayList<>(heldOutSources());
        cols.add("all");
        double[][] z = new double[arms.size()][cols.size()];
        for (int i = 0; i < arms.size(); i++) {
            for (int j = 0; j < cols.size(); j++) {
                z[i][j] = perplexityChange(leftOut().get(i), cols.get(j));
            }
        }
        return z;
    }

    /**
     * The own-source effect: per left-out source that has held-out text, how much more its own perplexity rose than
     * the mean rise on the other sources (percentage points); positive means the source is what helps its own text.
     */
    public double ownSourceExcess(String leftOut) {
        List<String> others = heldOutSources().stream().filter(s -> !s.equals(leftOut)).toList();
        double rest = others.stream().mapToDouble(s -> perplexityChange(leftOut, s)).average().orElse(Double.NaN);
        return perplexityChange(leftOut, leftOut) - rest;
    }

    /** The left-out sources that have held-out text of their own (the own-source effect is defined for these). */
    public List<String> leftOutWithHeldOut() {
        return leftOut().stream().filter(heldOutSources()::contains).toList();
    }

    /** How many left-out sources raised their own held-out perplexity more than any other source's. */
    public int ownSourceRoseMost() {
        int n = 0;
        for (String l : leftOutWithHeldOut()) {
            double own = perplexityChange(l, l);
            if (heldOutSources().stream().filter(s -> !s.equals(l)).allMatch(s -> perplexityChange(l, s) < own)) {
                n++;
            }
        }
        return n;
    }

    /** How many (left-out source, task) score changes lie beyond their 95% intervals. */
    public int separatedChanges() {
        int n = 0;
        for (String l : leftOut()) {
            for (String t : tasks()) {
                if (separated(l, t)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The largest score change by size: {left-out source, task}. */
    public String[] largestScoreChange() {
        String[] best = null;
        double size = -1;
        for (String l : leftOut()) {
            for (String t : tasks()) {
                if (Math.abs(scoreChange(l, t)) > size) {
                    size = Math.abs(scoreChange(l, t));
                    best = new String[] {l, t};
                }
            }
        }
        return best;
    }

    /** One row per arm and task: score, half-width, change vs the full mixture and its half-width. */
    public Table scoresTable() {
        StringColumn left = StringColumn.create("left out");
        StringColumn task = StringColumn.create("task");
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn score = DoubleColumn.create("score");
        DoubleColumn hw = DoubleColumn.create("+-95%");
        DoubleColumn change = DoubleColumn.create("change vs full");
        DoubleColumn changeHw = DoubleColumn.create("change +-95%");
        List<LeaveOneOutArm> all = new ArrayList<>();
        all.add(full);
        all.addAll(arms);
        for (LeaveOneOutArm a : all) {
            for (String t : tasks()) {
                LeaveOneOutArm.Score s = a.scores().get(t);
                left.append(a.leftOut() == null ? "(full mixture)" : a.leftOut());
                task.append(t);
                metric.append(s.metric());
                score.append(round(s.score()));
                hw.append(round(s.halfWidth()));
                change.append(a.leftOut() == null ? 0 : round(scoreChange(a.leftOut(), t)));
                changeHw.append(a.leftOut() == null ? Double.NaN : round(scoreChangeHalfWidth(a.leftOut(), t)));
            }
        }
        return Table.create("bundled Danish tasks per leave-one-out arm", left, task, metric, score, hw, change, changeHw);
    }

    /** One row per arm and held-out source: perplexity and its percent change vs the full mixture. */
    public Table perplexityTable() {
        StringColumn left = StringColumn.create("left out");
        StringColumn source = StringColumn.create("held-out source");
        DoubleColumn ppl = DoubleColumn.create("perplexity");
        DoubleColumn change = DoubleColumn.create("change vs full (%)");
        List<String> cols = new ArrayList<>(heldOutSources());
        cols.add("all");
        for (LeaveOneOutArm a : java.util.stream.Stream.concat(java.util.stream.Stream.of(full), arms.stream()).toList()) {
            for (String s : cols) {
                left.append(a.leftOut() == null ? "(full mixture)" : a.leftOut());
                source.append(s);
                ppl.append(round(a.perplexity().get(s)));
                change.append(a.leftOut() == null ? 0 : round(perplexityChange(a.leftOut(), s)));
            }
        }
        return Table.create("held-out Danish perplexity per leave-one-out arm", left, source, ppl, change);
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SourceMixtures[%d arms, tasks %s]", arms.size(), tasks());
    }
}
