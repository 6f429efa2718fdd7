package dk.snaklib.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Two models scored on the same items with the same draws ({@link Evaluation#compare}), dataset by dataset: the
 * primary metric's totals with their 95% half-widths, the leaderboard's one-sided Welch test on the iterations'
 * values, and paired tests (bootstrap and sign-flip permutation, {@link #RESAMPLES} draws from seed 4242) on the
 * per-item scores of the first iteration's prompts.
 *
 * @param a        the first model's run (the one claimed better, e.g. the continued-pre-trained checkpoint)
 * @param b        the second model's run (e.g. the base)
 * @param datasets one row per dataset
 */
public record Comparison(Evaluation.Result a, Evaluation.Result b, List<Dataset> datasets) {
    public static final int RESAMPLES = 10_000;

    /**
     * One dataset's comparison (scores on the totals' scale; p-values one-sided, "a is not better than b").
     *
     * @param separated a's interval lies wholly above b's (mean - se > mean + se, se the 95% half-width)
     */
    public record Dataset(String dataset, String metric, double scoreA, double seA, double scoreB, double seB,
            double welchP, Significance.Paired pairedBootstrap, Significance.Paired permutation, boolean separated) {
        /** One plain sentence: who is ahead and whether the confidence intervals and the paired tests say it is real. */
        public String verdict(String nameA, String nameB) {
            String head = String.format(Locale.ROOT, "%s (%s): %s %.2f ± %.2f vs %s %.2f ± %.2f", dataset, metric, nameA,
                    scoreA, seA, nameB, scoreB, seB);
            String paired = pairedBootstrap == null ? "no per-item scores for a paired test"
                    : String.format(Locale.ROOT, "paired bootstrap p = %.4f, permutation p = %.4f", pairedBootstrap.pValue(),
                    permutation.pValue());
            String claim = separated ? nameA + " is above " + nameB + " by more than the confidence intervals"
                    : "the confidence intervals overlap: " + nameA + " is NOT shown above " + nameB;
            return head + " - " + claim + "; " + paired + String.format(Locale.ROOT, "; Welch p = %.4f", welchP);
        }
    }

    static void requireSameDraws(EvalSpec a, EvalSpec b) {
        List<String> diff = new ArrayList<>();
        if (!a.tasks().equals(b.tasks())) {
            diff.add("tasks " + a.tasks() + " vs " + b.tasks());
        }
        if (!Objects.equals(a.dataDir().toAbsolutePath().normalize(), b.dataDir().toAbsolutePath().normalize())) {
            diff.add("data " + a.dataDir() + " vs " + b.dataDir());
        }
        if (a.onlyValidationSplit() != b.onlyValidationSplit()) {
            diff.add("split (only-validation " + a.onlyValidationSplit() + " vs " + b.onlyValidationSplit() + ")");
        }
        if (a.iterations() != b.iterations()) {
            diff.add("iterations " + a.iterations() + " vs " + b.iterations());
        }
        if (a.labelRule() != b.labelRule() || a.overflow() != b.overflow()) {
            diff.add("scoring options (" + a.labelRule() + "/" + a.overflow() + " vs " + b.labelRule() + "/" + b.overflow() + ")");
        }
        if (!diff.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs the same draws; the specs differ in " + String.join(", ", diff));
        }
    }

    /** Compares two results over the same datasets. */
    public static Comparison of(Evaluation.Result a, Evaluation.Result b) {
        List<Dataset> rows = new ArrayList<>();
        for (int i = 0; i < a.runs().size(); i++) {
            DatasetRun ra = a.runs().get(i);
            DatasetRun rb = b.runs().get(i);
            String name = ra.record().dataset();
            if (!name.equals(rb.record().dataset())) {
                throw new IllegalArgumentException("results list different datasets: " + name + " vs " + rb.record().dataset());
            }
            DanishTask task = DanishTasks.byName(name);
            String metric = task.metrics().stream().filter(m -> ra.record().total().containsKey("test_" + m))
                    .findFirst().orElseThrow(() -> new IllegalStateException(name + ": no metric computed"));
            double[] va = values(ra, metric);
            double[] vb = values(rb, metric);
            boolean paired = java.util.Arrays.stream(ra.itemScores()).anyMatch(x -> !Double.isNaN(x));
            Significance.Paired boot = paired ? Significance.pairedBootstrap(ra.itemScores(), rb.itemScores(), RESAMPLES, 4242) : null;
            Significance.Paired perm = paired ? Significance.pairedPermutation(ra.itemScores(), rb.itemScores(), RESAMPLES, 4242) : null;
            double sa = ra.record().total().get("test_" + metric);
            double sb = rb.record().total().get("test_" + metric);
            double ea = ra.record().total().get("test_" + metric + "_se");
            double eb = rb.record().total().get("test_" + metric + "_se");
            rows.add(new Dataset(name, metric, sa, ea, sb, eb, Significance.welchGreater(va, vb), boot, perm,
                    sa - ea > sb + eb));
        }
        return new Comparison(a, b, List.copyOf(rows));
    }

    private static double[] values(DatasetRun run, String metric) {
        return run.raw().stream().mapToDouble(m -> m.get(metric)).toArray();
    }

    /** The verdicts, one line per dataset, with the records' model ids as names. */
    public List<String> verdicts() {
        String na = a.records().getFirst().model();
        String nb = b.records().getFirst().model();
        return datasets.stream().map(d -> d.verdict(na, nb)).toList();
    }

    /** Mean of the primary scores over the datasets (the study's overall score), for a and b. */
    public double[] overall() {
        return new double[] {datasets.stream().mapToDouble(Dataset::scoreA).average().orElse(Double.NaN),
                datasets.stream().mapToDouble(Dataset::scoreB).average().orElse(Double.NaN)};
    }

    /** One row per dataset: dataset, metric, a, a_se, b, b_se, difference, p-values, separated. */
    public Table table() {
        StringColumn dataset = StringColumn.create("dataset");
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn[] num = {DoubleColumn.create("a"), DoubleColumn.create("a_se"), DoubleColumn.create("b"),
                DoubleColumn.create("b_se"), DoubleColumn.create("paired_bootstrap_p"), DoubleColumn.create("permutation_p"),
                DoubleColumn.create("welch_p")};
        BooleanColumn separated = BooleanColumn.create("separated");
        for (Dataset d : datasets) {
            dataset.append(d.dataset());
            metric.append(d.metric());
            double[] v = {d.scoreA(), d.seA(), d.scoreB(), d.seB(),
                    d.pairedBootstrap() == null ? Double.NaN : d.pairedBootstrap().pValue(),
                    d.permutation() == null ? Double.NaN : d.permutation().pValue(), d.welchP()};
            for (int k = 0; k < v.length; k++) {
                num[k].append(v[k]);
            }
            separated.append(d.separated());
        }
        Table t = Table.create("comparison", dataset, metric);
        t.addColumns(num);
        return t.addColumns(separated);
    }
}
