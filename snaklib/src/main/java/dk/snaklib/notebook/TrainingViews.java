package dk.snaklib.notebook;

import dk.snaklib.train.MetricsLog;
import dk.snaklib.train.Pretrainer;
import dk.snaklib.train.TrainBenchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How training results read in a notebook: a run's summary (steps, final losses, throughput, checkpoint) and a
 * benchmark's table, as HTML and as plain text. The run's loss curve is drawn by {@link Renderers} with
 * {@code Plots.lossCurve}.
 */
final class TrainingViews {
    private TrainingViews() {}

    /** The facts of a finished run, in reading order; values formatted for people. */
    static Map<String, String> summary(Pretrainer.Result run) {
        List<MetricsLog.Row> rows = run.metrics();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("run folder", String.valueOf(run.runDir()));
        if (rows.isEmpty()) {
            facts.put("steps", "0 (no metrics rows)");
        } else {
            MetricsLog.Row last = rows.getLast();
            facts.put("steps", String.format(Locale.ROOT, "%,d", last.step()));
            facts.put("final train loss", String.format(Locale.ROOT, "%.4f", last.loss()));
            lastValidation(rows).ifPresent(v -> facts.put("final validation loss",
                    String.format(Locale.ROOT, "%.4f (step %,d)", v.valLoss(), v.step())));
            facts.put("wall time", String.format(Locale.ROOT, "%.1f s", last.elapsedSeconds()));
        }
        facts.put("tokens/s", String.format(Locale.ROOT, "%,.0f", run.tokensPerSecond()));
        facts.put("final checkpoint", run.finalCheckpoint() == null ? "none" : run.finalCheckpoint().toString());
        return facts;
    }

    private static Optional<MetricsLog.Row> lastValidation(List<MetricsLog.Row> rows) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (!Double.isNaN(rows.get(i).valLoss())) {
                return Optional.of(rows.get(i));
            }
        }
        return Optional.empty();
    }

    static String summaryHtml(Pretrainer.Result run) {
        return factsHtml("Pre-training run", summary(run));
    }

    static String summaryText(Pretrainer.Result run) {
        StringBuilder sb = new StringBuilder("Pre-training run");
        summary(run).forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%n  %-22s %s", k, v)));
        return sb.toString();
    }

    /** The benchmark's own {@code table()} (label, two or more spaces, value) as a two-column HTML table. */
    static String benchmarkHtml(TrainBenchmark.Result bench) {
        Map<String, String> facts = new LinkedHashMap<>();
        List<String> loose = new ArrayList<>();
        for (String line : bench.table().split("\n")) {
            String[] kv = line.trim().split("\\s{2,}", 2);
            if (kv.length == 2) {
                facts.put(kv[0], kv[1]);
            } else {
                loose.add(line);
            }
        }
        loose.forEach(l -> facts.put(l, ""));
        return factsHtml("Training benchmark", facts);
    }

    private static String factsHtml(String title, Map<String, String> facts) {
        StringBuilder sb = new StringBuilder("<div><b>").append(NotebookHtml.escape(title))
                .append("</b><table class=\"snaklib-table snaklib-facts\"><tbody>");
        facts.forEach((k, v) -> sb.append("<tr><th style=\"text-align:left\">").append(NotebookHtml.escape(k))
                .append("</th><td style=\"text-align:left\">").append(NotebookHtml.escape(v)).append("</td></tr>"));
        return sb.append("</tbody></table></div>").toString();
    }
}
