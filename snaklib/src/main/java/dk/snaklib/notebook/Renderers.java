package dk.snaklib.notebook;

import dk.snaklib.experiment.Finding;
import dk.snaklib.plot.Plot;
import dk.snaklib.plot.Plots;
import dk.snaklib.train.Pretrainer;
import dk.snaklib.train.TrainBenchmark;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * Rich display for what notebooks show: Plotly figures (ours and plain tablesaw ones), Tablesaw tables, and
 * snaklib's result objects (a pre-training run shows its summary and loss curve, a training benchmark its table).
 * Images, URLs and text come with BaseKernel. Renderers for new result types belong here: lower packages cannot
 * depend on the notebook.
 */
final class Renderers {
    /** Rows of a table shown inline; the rest is summarised. */
    static final int TABLE_ROWS = 50;

    private Renderers() {}

    /** Registers on {@code renderer}; the kernel session's first figure carries plotly.js, later ones reuse it. */
    static void registerAll(Renderer renderer) {
        boolean[] bundleSent = {false};
        renderer.createRegistration(Plot.class).preferring(MIMEType.TEXT_HTML).register((plot, ctx) -> figure(plot, ctx.getOutputContainer(), bundleSent));
        renderer.createRegistration(Figure.class).preferring(MIMEType.TEXT_HTML)
                .register((fig, ctx) -> figure(Plot.of(fig), ctx.getOutputContainer(), bundleSent));
        renderer.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML).register((table, ctx) -> {
            ctx.getOutputContainer().putHTML(tableHtml(table));
            ctx.getOutputContainer().putText(table.rowCount() > TABLE_ROWS ? table.first(TABLE_ROWS).print() + "\n... " + table.rowCount() + " rows" : table.print());
        });
        renderer.createRegistration(Pretrainer.Result.class).preferring(MIMEType.TEXT_HTML).register((run, ctx) -> {
            String curve = run.metrics().isEmpty() ? "<p><i>no metrics rows: nothing to plot</i></p>"
                    : figureHtml(Plots.lossCurve(run.metrics()), bundleSent);
            ctx.getOutputContainer().putHTML("<div class=\"snaklib-run\">" + TrainingViews.summaryHtml(run) + curve + "</div>");
            ctx.getOutputContainer().putText(TrainingViews.summaryText(run));
        });
        renderer.createRegistration(Finding.class).preferring(MIMEType.TEXT_HTML).register((finding, ctx) -> {
            ctx.getOutputContainer().putHTML(FindingViews.html(finding));
            ctx.getOutputContainer().putText(finding.toString());
            ctx.getOutputContainer().putData(FindingViews.MIME, finding.toMap());
        });
        renderer.createRegistration(dk.snaklib.analysis.Divergence.class).preferring(MIMEType.TEXT_HTML).register((d, ctx) -> {
            ctx.getOutputContainer().putHTML("<div class=\"snaklib-divergence\">" + tableHtml(d.modules()) + tableHtml(d.layersTable()) + "</div>");
            ctx.getOutputContainer().putText(d.summary());
        });
        renderer.createRegistration(TrainBenchmark.Result.class).preferring(MIMEType.TEXT_HTML).register((bench, ctx) -> {
            ctx.getOutputContainer().putHTML(TrainingViews.benchmarkHtml(bench));
            ctx.getOutputContainer().putText(bench.table());
        });
    }

    private static void figure(Plot plot, DisplayData out, boolean[] bundleSent) {
        out.putHTML(figureHtml(plot, bundleSent));
        out.putText(plot.toString());
    }

    /** The figure's HTML; the first one of the session carries plotly.js. */
    private static String figureHtml(Plot plot, boolean[] bundleSent) {
        synchronized (bundleSent) {
            String html = plot.html(!bundleSent[0]);
            bundleSent[0] = true;
            return html;
        }
    }

    static String tableHtml(Table t) {
        StringBuilder sb = new StringBuilder("<table class=\"snaklib-table\"><thead><tr>");
        for (String c : t.columnNames()) {
            sb.append("<th>").append(NotebookHtml.escape(c)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        int rows = Math.min(t.rowCount(), TABLE_ROWS);
        for (int r = 0; r < rows; r++) {
            sb.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) {
                sb.append("<td>").append(NotebookHtml.escape(t.getString(r, c))).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (t.rowCount() > rows) {
            sb.append("<p><i>").append(rows).append(" of ").append(t.rowCount()).append(" rows shown</i></p>");
        }
        return "<div><b>" + NotebookHtml.escape(t.name() == null ? "" : t.name()) + "</b>" + sb + "</div>";
    }
}
