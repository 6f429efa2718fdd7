package dk.snaklib.notebook;

import dk.snaklib.train.MetricsLog;
import dk.snaklib.train.Pretrainer;
import dk.snaklib.train.TrainBenchmark;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** snaklib's training results as a notebook shows them: real objects through the kernel's renderer. */
class TrainingRenderersTest {
    @TempDir
    Path tmp;

    static Renderer renderer() {
        Renderer r = new Renderer();
        Renderers.registerAll(r);
        return r;
    }

    static String html(DisplayData d) {
        return String.valueOf(d.getData(MIMEType.TEXT_HTML));
    }

    static String text(DisplayData d) {
        return String.valueOf(d.getData(MIMEType.TEXT_PLAIN));
    }

    /** A metrics.csv as the training loop writes it: six steps, validation at 3 and 6. */
    List<MetricsLog.Row> metrics() {
        Path csv = tmp.resolve("run/metrics.csv");
        try (MetricsLog log = new MetricsLog(csv, 0)) {
            double[] loss = {6.9312, 6.2041, 5.5123, 4.9876, 4.5012, 4.1234};
            for (int i = 0; i < loss.length; i++) {
                int step = i + 1;
                log.append(new MetricsLog.Row(step, loss[i], step % 3 == 0 ? loss[i] + 0.25 : Double.NaN, 3e-3, 1.5,
                        12_345.6, 0.5 * step));
            }
        }
        return MetricsLog.read(csv);
    }

    @Test
    void aPretrainingRunShowsItsSummaryAndLossCurve() {
        List<MetricsLog.Row> rows = metrics();
        assertEquals(6, rows.size());
        Path ckpt = tmp.resolve("run/checkpoints/step-00000006");
        var run = new Pretrainer.Result(tmp.resolve("run"), ckpt, rows, 12_345.6);
        DisplayData d = renderer().render(run);
        String html = html(d);
        assertTrue(html.contains("class=\"snaklib-plot\""), "figure div");
        assertTrue(html.contains("Plotly.newPlot("), "figure script");
        assertTrue(html.contains("snaklib-plotly-js"), "the session's first figure carries plotly.js");
        assertTrue(html.contains("<th style=\"text-align:left\">steps</th><td style=\"text-align:left\">6</td>"), "summary table");
        assertTrue(html.contains("4.1234</td>"), "final train loss");
        assertTrue(html.contains("4.3734 (step 6)"), "final validation loss and its step");
        assertTrue(html.contains("12,346"), "tokens/s");
        assertTrue(html.contains(ckpt.toString()), "final checkpoint");
        assertTrue(html.contains("'validation'") && html.contains("'train'"), "both traces are named");
        assertTrue(html.contains("y: [\"5.7623\",\"4.3734\"]"), "validation points in the figure data");
        String plain = text(d);
        assertTrue(plain.startsWith("Pre-training run"), plain);
        assertTrue(plain.contains("final validation loss  4.3734 (step 6)"), plain);
        assertTrue(plain.contains(ckpt.toString()), plain);
    }

    @Test
    void aRunWithoutMetricsStillRendersItsSummary() {
        var run = new Pretrainer.Result(tmp, null, List.of(), 0);
        DisplayData d = renderer().render(run);
        assertTrue(html(d).contains("no metrics rows: nothing to plot"), html(d));
        assertTrue(text(d).contains("final checkpoint       none"), text(d));
    }

    @Test
    void laterFiguresInASessionReuseThePlotlyBundle() {
        Renderer r = renderer();
        var run = new Pretrainer.Result(tmp.resolve("run"), null, metrics(), 100);
        assertTrue(html(r.render(run)).contains("snaklib-plotly-js"));
        assertFalse(html(r.render(run)).contains("id=\"snaklib-plotly-js\""));
    }

    @Test
    void aTrainBenchmarkShowsItsTable() {
        var bench = new TrainBenchmark.Result("Test CPU, 2 cores", "2026-11-26T08:00:00Z", 2, 6_123_456L, 256, 16, 5,
                123.4, 0.8123, 0.0123, 5042.3, 0.0371, 187.1, 0.1516, 1234, 321);
        DisplayData d = renderer().render(bench);
        String html = html(d);
        assertTrue(html.contains("<th style=\"text-align:left\">machine</th><td style=\"text-align:left\">Test CPU, 2 cores</td>"), html);
        assertTrue(html.contains("<th style=\"text-align:left\">parameters</th><td style=\"text-align:left\">6,123,456</td>"), html);
        assertTrue(html.contains("<th style=\"text-align:left\">tokens per step</th><td style=\"text-align:left\">4,096 (16 x 256)</td>"), html);
        assertTrue(html.contains("<th style=\"text-align:left\">MFU</th><td style=\"text-align:left\">15.2%</td>"), html);
        assertTrue(html.contains("1234 MB RSS, 321 MB Java heap"), html);
        assertEquals(13, html.split("<tr>").length - 1, "one row per line of table()");
        assertEquals(bench.table(), text(d));
    }

    @Test
    void theKernelRendersARunThatACellReturns() throws Exception {
        List<MetricsLog.Row> rows = metrics();
        assertFalse(rows.isEmpty());
        SnakKernel kernel = new SnakKernel(10_000);
        kernel.onStartup();
        try {
            String csv = tmp.resolve("run/metrics.csv").toString().replace("\\", "/");
            DisplayData d = kernel.runCell("new dk.snaklib.train.Pretrainer.Result(Path.of(\"" + tmp.resolve("run").toString().replace("\\", "/")
                    + "\"), null, dk.snaklib.train.MetricsLog.read(Path.of(\"" + csv + "\")), 1000.0)", OutputSink.DISCARD);
            assertTrue(html(d).contains("Plotly.newPlot(") && html(d).contains("4.1234"), html(d));
            DisplayData curve = kernel.runCell("dk.snaklib.plot.Plots.lossCurve(dk.snaklib.train.MetricsLog.read(Path.of(\"" + csv + "\")), true)", OutputSink.DISCARD);
            assertTrue(html(curve).contains("type: 'log'") || html(curve).contains("type:'log'"), html(curve));
            assertTrue(Files.exists(Path.of(csv)));
        } finally {
            kernel.onShutdown(false);
        }
    }
}
