package dk.snaklib.plot;

import dk.snaklib.analysis.Divergence;
import dk.snaklib.analysis.DivergenceGroup;
import dk.snaklib.analysis.DivergenceLog;
import dk.snaklib.analysis.ModuleType;
import dk.snaklib.analysis.StudyReference;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Notebook 07's figures, after the study's plot helper: layer x module heatmaps, the type bars beside the study's,
 * the layer bars (first and last in firebrick, as theirs), and per module type the mean angle over checkpoints with
 * the spread over layers (step 0 drawn as zeros, as theirs).
 */
public final class DivergencePlots {
    private DivergencePlots() {}

    /** Layer x module heatmap of the mean angle in degrees ({@code angle}) or of the mean |dW|. */
    public static Plot heatmap(Divergence d, boolean angle) {
        String[] columns = ModuleType.IN_LAYER.stream().map(Enum::name).toArray(String[]::new);
        String[] rows = new String[d.layers()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = "layer " + i;
        }
        String what = angle ? "mean principal angle (deg)" : "mean |dW|";
        return Plots.heatmap(what + ": " + d.name(), columns, rows, d.layerByModule(angle));
    }

    /** The study's type bars: the mean angle per module type, ours beside the study's published numbers (null: ours). */
    public static Plot moduleBars(Divergence d, StudyReference study) {
        List<DivergenceGroup> groups = d.byModule().stream().filter(g -> ModuleType.STUDY_ORDER.contains(ModuleType.valueOf(g.label())))
                .toList();
        String[] labels = groups.stream().map(DivergenceGroup::label).toArray(String[]::new);
        double[] ours = groups.stream().mapToDouble(DivergenceGroup::meanAngleDegrees).toArray();
        double[] spread = groups.stream().mapToDouble(DivergenceGroup::stdAngleDegrees).toArray();
        List<Trace> traces = new ArrayList<>();
        traces.add(BarTrace.builder(Plots.safe(labels), ours).name("ours").build());
        if (study != null) {
            double[] theirs = groups.stream().mapToDouble(g -> study.meanAngle(ModuleType.valueOf(g.label()))).toArray();
            traces.add(BarTrace.builder(Plots.safe(labels), theirs).name("study (Llama-2-7B, step 12500)").build());
        }
        Layout layout = Layout.builder().title(Plots.safe("mean angle by module type: " + d.name()))
                .yAxis(Axis.builder().title("degrees").build()).barMode(Layout.BarMode.GROUP).build();
        return new Plot("module bars", new Figure(layout, traces.toArray(Trace[]::new)), "trace0.error_y = " + errors(spread) + ";");
    }

    /** The study's layer bars: the sum of the mean angles in each layer (EMB, 0..L-1, LMH), first and last in firebrick. */
    public static Plot layerBars(Divergence d) {
        List<DivergenceGroup> groups = d.byLayer();
        String[] labels = groups.stream().map(DivergenceGroup::label).toArray(String[]::new);
        double[] sums = groups.stream().mapToDouble(DivergenceGroup::sumAngleDegrees).toArray();
        String colours = "[" + java.util.stream.IntStream.range(0, labels.length)
                .mapToObj(i -> i == 0 || i == labels.length - 1 ? "'firebrick'" : "'#1f5fbf'").collect(Collectors.joining(", ")) + "]";
        Layout layout = Layout.builder().title(Plots.safe("sum of mean angles by layer: " + d.name()))
                .yAxis(Axis.builder().title("degrees").build()).build();
        return new Plot("layer bars", new Figure(layout, BarTrace.builder(Plots.safe(labels), sums).build()),
                "trace0.marker = {color: " + colours + "};");
    }

    /**
     * Mean angle per module type over a run's checkpoints (its {@link DivergenceLog}), with error bars of the standard
     * deviation over layers; step 0 is added as zeros. {@code angle} false draws the mean |dW| instead.
     */
    public static Plot overCheckpoints(List<DivergenceLog.Row> rows, boolean angle) {
        List<DivergenceLog.Row> modules = rows.stream().filter(r -> r.by() == DivergenceGroup.By.MODULE).toList();
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("divergence over checkpoints: no module rows (has the run written a checkpoint?)");
        }
        List<Trace> traces = new ArrayList<>();
        StringBuilder js = new StringBuilder();
        for (ModuleType type : ModuleType.STUDY_ORDER) {
            TreeMap<Long, DivergenceLog.Row> bySteps = new TreeMap<>();
            modules.stream().filter(r -> r.group().equals(type.name())).forEach(r -> bySteps.put(r.step(), r));
            if (bySteps.isEmpty()) {
                continue;
            }
            int n = bySteps.size() + (bySteps.containsKey(0L) ? 0 : 1);
            double[] x = new double[n];
            double[] y = new double[n];
            double[] err = new double[n];
            int i = n - bySteps.size(); // step 0 first, as zeros
            for (DivergenceLog.Row r : bySteps.values()) {
                x[i] = r.step();
                y[i] = angle ? r.meanAngleDegrees() : r.meanAbsDelta();
                err[i] = angle ? r.stdAngleDegrees() : 0;
                i++;
            }
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(type.name()).build());
            if (angle) {
                js.append("trace").append(traces.size() - 1).append(".error_y = ").append(errors(err)).append(";\n");
            }
        }
        String what = angle ? "mean principal angle (deg), +- std over layers" : "mean |dW|";
        Layout layout = Layout.builder().title(Plots.safe(what + " vs the initial weights"))
                .xAxis(Axis.builder().title("step").build()).yAxis(Axis.builder().title(angle ? "degrees" : "mean |dW|").build()).build();
        return new Plot("divergence over checkpoints", new Figure(layout, traces.toArray(Trace[]::new)), js.toString());
    }

    private static String errors(double[] e) {
        return "{type: 'data', visible: true, array: [" + Arrays.stream(e)
                .mapToObj(v -> Double.isNaN(v) ? "0" : String.format(Locale.ROOT, "%s", v)).collect(Collectors.joining(", ")) + "]}";
    }
}
