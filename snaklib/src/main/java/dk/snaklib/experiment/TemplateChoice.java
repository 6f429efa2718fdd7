package dk.snaklib.experiment;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.Comparator;
import java.util.List;

/**
 * Notebook 04's result: the continued pre-trained model tuned with each template (same pairs, seed and steps),
 * each scored on the bundled tasks, the untuned model beside them, and each template tested against the reference.
 *
 * @param spec         the experiment's spec
 * @param untuned      the continued pre-trained model, scored untuned
 * @param arms         one per template, in the spec's order
 * @param vsReference  each template other than the reference compared with it
 */
public record TemplateChoice(TemplateChoiceSpec spec, Evaluated untuned, List<Arm> arms, List<ModelComparison> vsReference) {

    /** One template: the tuned model and its scores. */
    public record Arm(String template, TunedModel tuned, Evaluated evaluated) {}

    public List<String> templates() {
        return arms.stream().map(Arm::template).toList();
    }

    public Arm arm(String template) {
        return arms.stream().filter(a -> a.template().equals(template)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no template " + template + " (compared: " + templates() + ")"));
    }

    /** The template with the highest overall score. */
    public Arm best() {
        return arms.stream().max(Comparator.comparingDouble(a -> a.evaluated().overall())).orElseThrow();
    }

    /** Overall score per template, in {@link #templates()} order (for the bar figure). */
    public double[] overall() {
        return arms.stream().mapToDouble(a -> a.evaluated().overall()).toArray();
    }

    public double[] overallHalfWidths() {
        return arms.stream().mapToDouble(a -> a.evaluated().overallHalfWidth()).toArray();
    }

    /** Held-out answer loss after tuning per template (each formatted with its own template). */
    public double[] heldOutAfter() {
        return arms.stream().mapToDouble(a -> a.tuned().heldOutAfter()).toArray();
    }

    /** Per template (and the untuned model): tuning steps, held-out answer loss before and after, each task, overall. */
    public Table table() {
        List<String> ds = untuned.datasets();
        Table t = Table.create("template choice: the continued pre-trained model tuned with each template",
                StringColumn.create("model", List.of()), StringColumn.create("template", List.of()),
                LongColumn.create("tuning steps"), DoubleColumn.create("held-out answer loss before"),
                DoubleColumn.create("held-out answer loss after"));
        for (String d : ds) {
            t.addColumns(DoubleColumn.create(d), DoubleColumn.create(d + " ±95%"));
        }
        t.addColumns(DoubleColumn.create("overall"), DoubleColumn.create("overall ±95%"));
        addRow(t, untuned, "(untuned)", null, ds);
        for (Arm a : arms) {
            addRow(t, a.evaluated(), a.template(), a.tuned(), ds);
        }
        return t;
    }

    static void addRow(Table t, Evaluated e, String label, TunedModel tuned, List<String> ds) {
        t.stringColumn("model").append(e.model().name());
        t.stringColumn("template").append(label);
        if (tuned == null) {
            t.longColumn("tuning steps").append(0);
            t.doubleColumn("held-out answer loss before").appendMissing();
            t.doubleColumn("held-out answer loss after").appendMissing();
        } else {
            t.longColumn("tuning steps").append(tuned.steps());
            t.doubleColumn("held-out answer loss before").append(Math.round(tuned.heldOutBefore() * 1e4) / 1e4);
            t.doubleColumn("held-out answer loss after").append(Math.round(tuned.heldOutAfter() * 1e4) / 1e4);
        }
        for (String d : ds) {
            t.doubleColumn(d).append(Scores.round2(e.score(d)));
            t.doubleColumn(d + " ±95%").append(Scores.round2(e.halfWidth(d)));
        }
        t.doubleColumn("overall").append(Scores.round2(e.overall()));
        t.doubleColumn("overall ±95%").append(Scores.round2(e.overallHalfWidth()));
    }

    /** Each template against the reference, dataset by dataset, with the paired tests. */
    public Table comparisons() {
        return ModelComparison.stacked("each template vs " + spec.reference() + " (paired tests on the same items)", vsReference);
    }
}
