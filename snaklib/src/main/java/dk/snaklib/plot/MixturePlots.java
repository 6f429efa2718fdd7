package dk.snaklib.plot;

import dk.snaklib.experiment.SourceMixtures;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.HeatmapTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Notebook 06's figures: left-out source x task heatmaps of the change against the full mixture, each cell labelled
 * with its value and, where there is one, its 95% half-width; a diverging colour scale centred on 0.
 */
public final class MixturePlots {
    private MixturePlots() {}

    /** Score change (points on the totals' scale) per left-out source and task, cells "+1.2 ± 3.4". */
    public static Plot scoreChanges(SourceMixtures m) {
        String[] rows = m.leftOut().stream().map(s -> "without " + s).toArray(String[]::new);
        return heatmap("Score change vs the full mixture (95% interval)", "bundled Danish task", m.tasks().toArray(String[]::new),
                rows, m.scoreChanges(false), m.scoreChanges(true));
    }

    /** Held-out perplexity change (%) per left-out source and held-out source ("all" pooled). */
    public static Plot perplexityChanges(SourceMixtures m) {
        List<String> cols = new ArrayList<>(m.heldOutSources());
        cols.add("all");
        String[] rows = m.leftOut().stream().map(s -> "without " + s).toArray(String[]::new);
        return heatmap("Held-out perplexity change vs the full mixture (%)", "held-out source", cols.toArray(String[]::new),
                rows, m.perplexityChanges(), null);
    }

    /** A heatmap with a label per cell; {@code halfWidths} null for none. */
    static Plot heatmap(String title, String xTitle, String[] columns, String[] rows, double[][] z, double[][] halfWidths) {
        String[] c = new String[columns.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Plots.safe(columns[i]);
        }
        String[] r = new String[rows.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Plots.safe(rows[i]);
        }
        HeatmapTrace t = HeatmapTrace.builder(c, r, z).build();
        Layout layout = Layout.builder().title(Plots.safe(title)).xAxis(Axis.builder().title(Plots.safe(xTitle)).build())
                .margin(tech.tablesaw.plotly.components.Margin.builder().left(220).build()).build();
        StringBuilder text = new StringBuilder("[");
        double max = 0;
        for (int i = 0; i < z.length; i++) {
            text.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < z[i].length; j++) {
                String cell = Double.isFinite(z[i][j]) ? String.format(Locale.ROOT, "%+.2f", z[i][j]) : "-";
                if (halfWidths != null && Double.isFinite(halfWidths[i][j])) {
                    cell += String.format(Locale.ROOT, " \\u00b1 %.2f", halfWidths[i][j]);
                }
                text.append(j == 0 ? "" : ", ").append('"').append(cell).append('"');
                if (Double.isFinite(z[i][j])) {
                    max = Math.max(max, Math.abs(z[i][j]));
                }
            }
            text.append(']');
        }
        text.append(']');
        double bound = max == 0 ? 1 : max;
        String js = "trace0.text = " + text + ";\ntrace0.texttemplate = '%{text}';\ntrace0.colorscale = 'RdBu';\n"
                + String.format(Locale.ROOT, "trace0.zmin = %s; trace0.zmax = %s; trace0.zmid = 0;", -bound, bound);
        return new Plot(title, new Figure(layout, t), js);
    }

}
