package dk.snaklib.plot;

import dk.snaklib.train.MetricsLog;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.HeatmapTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The figures the study needs, in one style: {@code Plots.line("Loss", "step", "loss", Series.of("train", x, y))}.
 * Built with tablesaw-jsplot; rendered offline by {@link Plot}.
 */
public final class Plots {
    private Plots() {}

    /** One named line or point set. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
            }
        }

        public static Series of(String name, double[] x, double[] y) {
            return new Series(name, x, y);
        }
    }

    /** Lines over a shared x axis, e.g. loss per step for several runs. */
    public static Plot line(String title, String xTitle, String yTitle, Series... series) {
        return xy(title, xTitle, yTitle, ScatterTrace.Mode.LINE, series);
    }

    /** Points, e.g. one benchmark score against another. */
    public static Plot scatter(String title, String xTitle, String yTitle, Series... series) {
        return xy(title, xTitle, yTitle, ScatterTrace.Mode.MARKERS, series);
    }

    private static Plot xy(String title, String xTitle, String yTitle, ScatterTrace.Mode mode, Series... series) {
        Trace[] traces = Arrays.stream(series)
                .map(s -> ScatterTrace.builder(s.x(), s.y()).mode(mode).name(safe(s.name())).showLegend(series.length > 1).build())
                .toArray(Trace[]::new);
        return new Plot(title, new Figure(layout(title, xTitle, yTitle), traces), "");
    }

    /**
     * A training run's loss: train loss per step as a line, validation loss as points where it was measured.
     * {@code Plots.lossCurve(MetricsLog.read(Path.of("runs/tiny/metrics.csv")))}.
     */
    public static Plot lossCurve(List<MetricsLog.Row> rows) {
        return lossCurve(rows, false);
    }

    /** The loss curve, with a logarithmic loss axis when {@code logY} (early steps drop by orders of magnitude). */
    public static Plot lossCurve(List<MetricsLog.Row> rows, boolean logY) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("loss curve: no metrics rows (has the run taken a step yet?)");
        }
        double[] steps = rows.stream().mapToDouble(MetricsLog.Row::step).toArray();
        double[] loss = rows.stream().mapToDouble(MetricsLog.Row::loss).toArray();
        List<MetricsLog.Row> evaluated = rows.stream().filter(r -> !Double.isNaN(r.valLoss())).toList();
        Trace train = ScatterTrace.builder(steps, loss).mode(ScatterTrace.Mode.LINE).name("train").build();
        Trace val = ScatterTrace.builder(evaluated.stream().mapToDouble(MetricsLog.Row::step).toArray(),
                        evaluated.stream().mapToDouble(MetricsLog.Row::valLoss).toArray())
                .mode(ScatterTrace.Mode.LINE_AND_MARKERS).name("validation").build();
        Axis.AxisBuilder y = Axis.builder().title("loss (nats/token)");
        if (logY) {
            y.type(Axis.Type.LOG);
        }
        Layout layout = Layout.builder().title("Loss").xAxis(Axis.builder().title("step").build()).yAxis(y.build()).build();
        return new Plot("Loss", new Figure(layout, train, val), "");
    }

    /** A matrix as colours, e.g. weight divergence per layer and module; {@code z[row][column]}. */
    public static Plot heatmap(String title, String[] columns, String[] rows, double[][] z) {
        if (z.length != rows.length || Arrays.stream(z).anyMatch(r -> r.length != columns.length)) {
            throw new IllegalArgumentException("heatmap '" + title + "': z must be " + rows.length + " rows x " + columns.length + " columns");
        }
        Trace t = HeatmapTrace.builder(safe(columns), safe(rows), z).build();
        return new Plot(title, new Figure(layout(title, null, null), t), "");
    }

    /** Bars with symmetric error bars (pass null for none), e.g. benchmark scores with bootstrap intervals. */
    public static Plot bars(String title, String yTitle, String[] categories, double[] values, double[] errors) {
        if (categories.length != values.length || (errors != null && errors.length != values.length)) {
            throw new IllegalArgumentException("bars '" + title + "': categories, values and errors must have the same length");
        }
        Trace t = BarTrace.builder(safe(categories), values).build();
        // tablesaw's BarTrace has no error bars: add plotly's error_y to the trace in the browser.
        String errorJs = errors == null ? "" : "trace0.error_y = {type: 'data', visible: true, array: ["
                + Arrays.stream(errors).mapToObj(e -> String.format(Locale.ROOT, "%s", e)).collect(Collectors.joining(", ")) + "]};";
        return new Plot(title, new Figure(layout(title, null, yTitle), t), errorJs);
    }

    private static Layout layout(String title, String xTitle, String yTitle) {
        Layout.LayoutBuilder b = Layout.builder().title(safe(title));
        if (xTitle != null) {
            b.xAxis(Axis.builder().title(safe(xTitle)).build());
        }
        if (yTitle != null) {
            b.yAxis(Axis.builder().title(safe(yTitle)).build());
        }
        return b.build();
    }

    /** tablesaw writes names into single-quoted JavaScript strings without escaping them. */
    static String safe(String s) {
        return s == null ? "" : s.replace("\\", "/").replace("'", "\u2019").replace("\n", " ").replace("</", "<\\/");
    }

    static String[] safe(String[] s) {
        return Arrays.stream(s).map(Plots::safe).toArray(String[]::new);
    }
}
