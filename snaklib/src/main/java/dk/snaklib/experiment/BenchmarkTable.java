package dk.snaklib.experiment;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Optional;

/**
 * Notebook 08's result: the study's table shape on the bundled Danish tasks, the paired tests behind its claims, and
 * the study's published numbers beside it ({@link PublishedScores}).
 *
 * @param rows        the four rows, in the study's order ({@link #ROWS})
 * @param comparisons the study's claims as paired tests: continued + instructions vs base + instructions, continued
 *                    vs base, base + instructions vs base, continued + instructions vs continued
 * @param published   the study's published scores
 */
public record BenchmarkTable(List<Row> rows, List<ModelComparison> comparisons, PublishedScores published) {
    public static final String BASE = "base";
    public static final String BASE_INSTRUCTIONS = "base + instructions";
    public static final String CONTINUED = "continued pre-training";
    public static final String CONTINUED_INSTRUCTIONS = "continued pre-training + instructions";
    public static final List<String> ROWS = List.of(BASE, BASE_INSTRUCTIONS, CONTINUED, CONTINUED_INSTRUCTIONS);

    /** One row of the table: its label and the model's scores. */
    public record Row(String label, Evaluated evaluated, TunedModel tuned) {}

    public Row row(String label) {
        return rows.stream().filter(r -> r.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row " + label + " (rows: " + ROWS + ")"));
    }

    /** The overall score of row {@code label}. */
    public double overall(String label) {
        return row(label).evaluated().overall();
    }

    /** The table: per row each task's score with its 95% half-width, and the overall score. */
    public Table table() {
        List<String> ds = rows.getFirst().evaluated().datasets();
        Table t = Table.create("the study's table on the bundled Danish tasks (the study's metrics)",
                StringColumn.create("row", List.of()), StringColumn.create("model", List.of()));
        for (String d : ds) {
            t.addColumns(DoubleColumn.create(d), DoubleColumn.create(d + " ±95%"));
        }
        t.addColumns(DoubleColumn.create("overall"), DoubleColumn.create("overall ±95%"));
        for (Row r : rows) {
            Evaluated e = r.evaluated();
            t.stringColumn("row").append(r.label());
            t.stringColumn("model").append(e.model().name());
            for (String d : ds) {
                t.doubleColumn(d).append(Scores.round2(e.score(d)));
                t.doubleColumn(d + " ±95%").append(Scores.round2(e.halfWidth(d)));
            }
            t.doubleColumn("overall").append(Scores.round2(e.overall()));
            t.doubleColumn("overall ±95%").append(Scores.round2(e.overallHalfWidth()));
        }
        return t;
    }

    /** The paired tests, one block per claim. */
    public Table significance() {
        return ModelComparison.stacked("the study's claims as paired tests (one-sided: a is not better than b)", comparisons);
    }

    /**
     * Ours beside the study's, row by row: our overall score and its interval, our difference from the base row, the
     * study's published average (its eight tasks, not ours) and its difference from its base row; blank where the
     * study published no number for the row.
     */
    public Table beside() {
        double ourBase = overall(BASE);
        Optional<PublishedScores.Model> theirBase = published.forRow(BASE);
        DoubleColumn their = DoubleColumn.create("study AVG (8 tasks)");
        DoubleColumn theirDiff = DoubleColumn.create("study minus its base");
        StringColumn theirModel = StringColumn.create("study model", List.of());
        for (Row r : rows) {
            Optional<PublishedScores.Model> m = published.forRow(r.label());
            theirModel.append(m.map(PublishedScores.Model::model).orElse("(not published)"));
            if (m.isPresent()) {
                their.append(m.get().average());
                if (theirBase.isPresent()) {
                    theirDiff.append(Scores.round2(m.get().average() - theirBase.get().average()));
                } else {
                    theirDiff.appendMissing();
                }
            } else {
                their.appendMissing();
                theirDiff.appendMissing();
            }
        }
        return Table.create("ours beside the study's published numbers",
                StringColumn.create("row", rows.stream().map(Row::label).toList()),
                DoubleColumn.create("ours overall", rows.stream().mapToDouble(r -> Scores.round2(r.evaluated().overall())).toArray()),
                DoubleColumn.create("ours ±95%", rows.stream().mapToDouble(r -> Scores.round2(r.evaluated().overallHalfWidth())).toArray()),
                DoubleColumn.create("ours minus our base", rows.stream().mapToDouble(r -> Scores.round2(r.evaluated().overall() - ourBase)).toArray()),
                theirModel, their, theirDiff);
    }

    /** Whether our rows are ordered by overall score as the study's published averages order the same rows. */
    public boolean sameOrderAsStudy() {
        List<Row> published3 = rows.stream().filter(r -> published.forRow(r.label()).isPresent()).toList();
        for (int i = 0; i < published3.size(); i++) {
            for (int j = i + 1; j < published3.size(); j++) {
                double ours = published3.get(i).evaluated().overall() - published3.get(j).evaluated().overall();
                double theirs = published.forRow(published3.get(i).label()).get().average()
                        - published.forRow(published3.get(j).label()).get().average();
                if (Math.signum(ours) != Math.signum(theirs)) {
                    return false;
                }
            }
        }
        return true;
    }
}
