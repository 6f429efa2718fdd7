package dk.snaklib.experiment;

import dk.snaklib.eval.Comparison;
import dk.snaklib.eval.Significance;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two of the study's models compared on the same draws, dataset by dataset, in the study's metrics: scores with their
 * 95% half-widths, the paired tests of {@link Comparison} on the per-item scores (paired bootstrap and sign-flip
 * permutation, one-sided "a is not better than b", and two-sided as twice the smaller one-sided permutation p),
 * Welch's test on the iterations' study-metric values, and whether a's interval lies wholly above b's.
 *
 * @param a    the model claimed better (or the one compared)
 * @param b    the one it is compared with
 * @param rows one per dataset
 */
public record ModelComparison(Evaluated a, Evaluated b, List<Row> rows) {

    /** One dataset's comparison. */
    public record Row(String dataset, String metric, double a, double aHalfWidth, double b, double bHalfWidth,
                      double bootstrapP, double permutationP, double twoSidedP, double welchP, boolean separated) {
        public double difference() {
            return a - b;
        }
    }

    /** Compares {@code a} with {@code b} (same tasks and draws: they share the study's evaluation settings). */
    public static ModelComparison of(Evaluated a, Evaluated b) {
        Comparison ab = Comparison.of(a.result(), b.result());
        Comparison ba = Comparison.of(b.result(), a.result());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ab.datasets().size(); i++) {
            Comparison.Dataset d = ab.datasets().get(i);
            Comparison.Dataset r = ba.datasets().get(i);
            String ds = d.dataset();
            String metric = a.metric(ds);
            double sa = a.score(ds), ha = a.halfWidth(ds), sb = b.score(ds), hb = b.halfWidth(ds);
            double boot = d.pairedBootstrap() == null ? Double.NaN : d.pairedBootstrap().pValue();
            double perm = d.permutation() == null ? Double.NaN : d.permutation().pValue();
            double permBack = r.permutation() == null ? Double.NaN : r.permutation().pValue();
            double two = Double.isNaN(perm) ? Double.NaN : Math.min(1, 2 * Math.min(perm, permBack));
            double welch = Significance.welchGreater(a.rawValues(ds, metric), b.rawValues(ds, metric));
            rows.add(new Row(ds, metric, sa, ha, sb, hb, boot, perm, two, welch, sa - ha > sb + hb));
        }
        return new ModelComparison(a, b, List.copyOf(rows));
    }

    /** The overall (mean) score difference a - b. */
    public double overallDifference() {
        return a.overall() - b.overall();
    }

    /** Datasets where a is ahead by more than both intervals. */
    public long separatedCount() {
        return rows.stream().filter(Row::separated).count();
    }

    /** Datasets where the two-sided permutation p is below {@code alpha}. */
    public long significantCount(double alpha) {
        return rows.stream().filter(r -> r.twoSidedP() < alpha).count();
    }

    /** One line per dataset, as measured. */
    public List<String> verdicts() {
        return rows.stream().map(r -> String.format(Locale.ROOT,
                "%s (%s): %s %.2f ± %.2f vs %s %.2f ± %.2f - %s; paired bootstrap p(a>b) = %.4f, permutation p(a>b) = %.4f, two-sided p = %.4f",
                r.dataset(), r.metric(), a.model().name(), r.a(), r.aHalfWidth(), b.model().name(), r.b(), r.bHalfWidth(),
                r.separated() ? a.model().name() + " is above by more than the intervals"
                        : "the intervals overlap or " + a.model().name() + " is not ahead: NOT shown above",
                r.bootstrapP(), r.permutationP(), r.twoSidedP())).toList();
    }

    public Table table() {
        return table(a.model().name() + " vs " + b.model().name());
    }

    Table table(String title) {
        return Table.create(title,
                StringColumn.create("a", rows.stream().map(r -> a.model().name()).toList()),
                StringColumn.create("b", rows.stream().map(r -> b.model().name()).toList()),
                StringColumn.create("dataset", rows.stream().map(Row::dataset).toList()),
                StringColumn.create("metric", rows.stream().map(Row::metric).toList()),
                DoubleColumn.create("a score", rows.stream().mapToDouble(r -> Scores.round2(r.a())).toArray()),
                DoubleColumn.create("a ±95%", rows.stream().mapToDouble(r -> Scores.round2(r.aHalfWidth())).toArray()),
                DoubleColumn.create("b score", rows.stream().mapToDouble(r -> Scores.round2(r.b())).toArray()),
                DoubleColumn.create("b ±95%", rows.stream().mapToDouble(r -> Scores.round2(r.bHalfWidth())).toArray()),
                DoubleColumn.create("p(a>b) bootstrap", rows.stream().mapToDouble(Row::bootstrapP).toArray()),
                DoubleColumn.create("p(a>b) permutation", rows.stream().mapToDouble(Row::permutationP).toArray()),
                DoubleColumn.create("p two-sided", rows.stream().mapToDouble(Row::twoSidedP).toArray()),
                DoubleColumn.create("p(a>b) Welch", rows.stream().mapToDouble(Row::welchP).toArray()),
                BooleanColumn.create("a above b", rows.stream().map(Row::separated).toList()));
    }

    /** Several comparisons stacked into one table. */
    public static Table stacked(String title, List<ModelComparison> comparisons) {
        Table t = null;
        for (ModelComparison c : comparisons) {
            Table one = c.table(title);
            t = t == null ? one : t.append(one);
        }
        return t == null ? Table.create(title) : t.setName(title);
    }
}
