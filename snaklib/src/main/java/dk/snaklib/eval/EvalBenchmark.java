package dk.snaklib.eval;

import dk.snaklib.model.HfModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code snak bench eval}: the same evaluation with and without the few-shot prefix cache, on one open model,
 * interleaved (off, on, off, on, ...) so machine noise hits both alike; prompts/s and prompt tokens/s per run, and
 * whether every record came out identical.
 */
public final class EvalBenchmark {
    /** One timed evaluation. */
    public record Run(String mode, int round, double seconds, long prompts, long promptTokens, long fedTokens) {
        public double promptsPerSecond() {
            return prompts / seconds;
        }

        public double tokensPerSecond() {
            return promptTokens / seconds;
        }
    }

    /** The runs and whether the records with and without the cache were identical. */
    public record Result(List<Run> runs, boolean identicalRecords, String firstDifference) {
        public Table table() {
            StringColumn mode = StringColumn.create("prefix_cache");
            IntColumn round = IntColumn.create("round");
            DoubleColumn seconds = DoubleColumn.create("seconds");
            LongColumn prompts = LongColumn.create("prompts");
            DoubleColumn pps = DoubleColumn.create("prompts_per_s");
            DoubleColumn tps = DoubleColumn.create("prompt_tokens_per_s");
            DoubleColumn fed = DoubleColumn.create("fed_share");
            for (Run r : runs) {
                mode.append(r.mode());
                round.append(r.round());
                seconds.append(r.seconds());
                prompts.append(r.prompts());
                pps.append(r.promptsPerSecond());
                tps.append(r.tokensPerSecond());
                fed.append((double) r.fedTokens() / r.promptTokens());
            }
            return Table.create("bench eval", mode, round, seconds, prompts, pps, tps, fed);
        }

        /** Mean prompts/s with the cache over mean prompts/s without it. */
        public double speedUp() {
            return mean("on") / mean("off");
        }

        private double mean(String m) {
            return runs.stream().filter(r -> r.mode().equals(m)).mapToDouble(Run::promptsPerSecond).average().orElse(Double.NaN);
        }
    }

    private EvalBenchmark() {}

    /** Runs {@code spec} {@code rounds} times each way (results file ignored). */
    public static Result run(EvalSpec spec, int rounds) {
        EvalSpec base = spec.withResultsFile(null);
        List<Run> runs = new ArrayList<>();
        List<String> reference = null;
        String difference = null;
        try (HfModel model = HfModel.open(spec.modelDir())) {
            for (int round = 1; round <= rounds; round++) {
                for (boolean on : new boolean[] {false, true}) {
                    long t0 = System.nanoTime();
                    Evaluation.Result r = Evaluation.run(base.withPrefixCache(on), model);
                    double s = (System.nanoTime() - t0) / 1e9;
                    runs.add(new Run(on ? "on" : "off", round, s, r.prompts(), r.promptTokens(), r.fedTokens()));
                    List<String> records = r.records().stream().map(x -> x.toJson().toString()).toList();
                    if (reference == null) {
                        reference = records;
                    } else if (difference == null && !records.equals(reference)) {
                        difference = String.format(Locale.ROOT, "round %d, cache %s: %s", round, on ? "on" : "off",
                                firstDifferent(reference, records));
                    }
                }
            }
        }
        return new Result(runs, difference == null, difference);
    }

    private static String firstDifferent(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return b.get(i);
            }
        }
        return "record count " + a.size() + " vs " + b.size();
    }
}
