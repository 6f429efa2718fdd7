package dk.snaklib.plot;

import dk.snaklib.train.MetricsLog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PlotsTest {
    @Test
    void figureHtmlCarriesTheBundleOnlyWhenAskedAndFixesTitlesForPlotly3() {
        Plot p = Plots.line("Loss 'train'", "step", "loss", Plots.Series.of("a", new double[]{1, 2}, new double[]{2, 1}));
        String with = p.html(true);
        String without = p.html(false);
        assertTrue(with.contains("id=\"" + PlotlyBundle.ELEMENT_ID + "\" data-plotly-version=\"3.0.1\""));
        assertFalse(without.contains("id=\"" + PlotlyBundle.ELEMENT_ID + "\""));
        assertTrue(without.length() < 10_000, "a figure without the bundle stays small");
        assertTrue(without.contains("layout.title = text(layout.title)"), "plotly.js 3 needs {text: ...} titles");
        assertTrue(without.contains("Loss \u2019train\u2019"), "quotes cannot break tablesaw's JavaScript strings");
        assertTrue(PlotlyBundle.compressed().length() < 3_500_000);
    }

    @Test
    void barsGetErrorBarsAndShapesAreChecked() {
        Plot bars = Plots.bars("Acc", "accuracy", new String[]{"a", "b"}, new double[]{0.5, 0.6}, new double[]{0.1, 0.2});
        assertTrue(bars.html(false).contains("trace0.error_y = {type: 'data', visible: true, array: [0.1, 0.2]};"));
        assertThrows(IllegalArgumentException.class, () -> Plots.bars("x", "y", new String[]{"a"}, new double[]{1, 2}, null));
        assertThrows(IllegalArgumentException.class, () -> Plots.heatmap("h", new String[]{"a"}, new String[]{"r"}, new double[][]{{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> Plots.Series.of("s", new double[]{1}, new double[]{}));
    }

    @Test
    void lossCurveDrawsTrainLossAndValidationPointsOptionallyOnALogAxis() {
        List<MetricsLog.Row> rows = List.of(
                new MetricsLog.Row(1, 6.5, Double.NaN, 1e-3, 1, 100, 1),
                new MetricsLog.Row(2, 5.25, 5.75, 1e-3, 1, 100, 2),
                new MetricsLog.Row(3, 4.125, Double.NaN, 1e-3, 1, 100, 3));
        String linear = Plots.lossCurve(rows).html(false);
        assertTrue(linear.contains("'train'") && linear.contains("'validation'"), linear);
        assertTrue(linear.contains("4.125") && linear.contains("5.75"), "train and validation values are in the data");
        assertFalse(linear.contains("'log'"));
        assertTrue(Plots.lossCurve(rows, true).html(false).contains("type: 'log'"));
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.lossCurve(List.of()));
        assertTrue(e.getMessage().contains("no metrics rows"));
    }
}
