package dk.snaklib.experiment;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Notebook 05's result: at each chosen checkpoint (step 0: the base model) the model scored untuned and after
 * instruction tuning, and where the tuned curve flattens ({@link Flattening}).
 *
 * @param studyTotalSteps the study's run length, for the study-equivalent steps
 * @param points          one per checkpoint, in step order
 */
public record TuningCurve(long studyTotalSteps, List<Point> points) {

    /**
     * @param step       continued pre-training steps (0: the base model)
     * @param studySteps the study's steps this checkpoint stands for
     * @param untuned    the checkpoint scored as it is
     * @param tuned      the checkpoint instruction-tuned
     * @param tunedEval  the tuned model scored
     */
    public record Point(long step, List<Long> studySteps, Evaluated untuned, TunedModel tuned, Evaluated tunedEval) {}

    public long[] steps() {
        return points.stream().mapToLong(Point::step).toArray();
    }

    /** The steps as numbers, for a figure's x axis. */
    public double[] stepValues() {
        return points.stream().mapToDouble(Point::step).toArray();
    }

    public double[] untunedScores() {
        return points.stream().mapToDouble(p -> p.untuned().overall()).toArray();
    }

    public double[] tunedScores() {
        return points.stream().mapToDouble(p -> p.tunedEval().overall()).toArray();
    }

    /** Held-out answer loss after tuning at each checkpoint (nats per answer token, CHAT-formatted pairs). */
    public double[] heldOutAfter() {
        return points.stream().mapToDouble(p -> p.tuned().heldOutAfter()).toArray();
    }

    public Point last() {
        return points.getLast();
    }

    /** Where the tuned curve flattens: {@link Flattening#RULE}. */
    public Flattening flattening() {
        return Flattening.of(steps(), tunedScores(), last().tunedEval().overallHalfWidth());
    }

    /** The same rule on the untuned curve. */
    public Flattening untunedFlattening() {
        return Flattening.of(steps(), untunedScores(), last().untuned().overallHalfWidth());
    }

    public Table table() {
        List<String> ds = last().untuned().datasets();
        long total = last().step();
        Table t = Table.create("tuning after N steps: overall score untuned and tuned per checkpoint",
                LongColumn.create("step", steps()),
                StringColumn.create("study steps", points.stream().map(p -> p.studySteps().stream().map(String::valueOf)
                        .collect(Collectors.joining(", "))).toList()),
                DoubleColumn.create("share of run", points.stream().mapToDouble(p -> total == 0 ? 0 : Scores.round2((double) p.step() / total)).toArray()),
                DoubleColumn.create("untuned", points.stream().mapToDouble(p -> Scores.round2(p.untuned().overall())).toArray()),
                DoubleColumn.create("untuned ±95%", points.stream().mapToDouble(p -> Scores.round2(p.untuned().overallHalfWidth())).toArray()),
                DoubleColumn.create("tuned", points.stream().mapToDouble(p -> Scores.round2(p.tunedEval().overall())).toArray()),
                DoubleColumn.create("tuned ±95%", points.stream().mapToDouble(p -> Scores.round2(p.tunedEval().overallHalfWidth())).toArray()),
                DoubleColumn.create("held-out answer loss after tuning", points.stream().mapToDouble(p -> Math.round(p.tuned().heldOutAfter() * 1e4) / 1e4).toArray()));
        for (String d : ds) {
            t.addColumns(DoubleColumn.create("tuned " + d, points.stream().mapToDouble(p -> Scores.round2(p.tunedEval().score(d))).toArray()));
        }
        return t;
    }
}
