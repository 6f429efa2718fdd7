package dk.snaklib.notebook;

import dk.snaklib.analysis.Divergence;
import dk.snaklib.analysis.DivergenceLog;
import dk.snaklib.analysis.StudyReference;
import dk.snaklib.plot.DivergencePlots;
import dk.snaklib.plot.Plot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weight-divergence figures draw offline in headless Chromium: heatmaps, bars with error bars, lines. */
class DivergenceFiguresRenderTest {
    @TempDir
    Path tmp;

    @Test
    void everyDivergenceFigureDraws() throws Exception {
        Chromium.require();
        Divergence d = Divergence.between(Path.of(getClass().getResource("/golden/divergence/a").toURI()),
                Path.of(getClass().getResource("/golden/divergence/b").toURI()));
        DivergenceLog.append(tmp, 5, d);
        List<Plot> plots = List.of(DivergencePlots.heatmap(d, true), DivergencePlots.heatmap(d, false),
                DivergencePlots.moduleBars(d, StudyReference.load()), DivergencePlots.layerBars(d),
                DivergencePlots.overCheckpoints(DivergenceLog.read(tmp), true));
        StringBuilder page = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>");
        for (int i = 0; i < plots.size(); i++) {
            page.append(plots.get(i).html(i == 0));
        }
        Path file = tmp.resolve("divergence.html");
        Files.writeString(file, page.append("</body></html>").toString());
        String dom = Chromium.dom(file, tmp);
        assertEquals(plots.size(), Chromium.count(dom, "data-snaklib-plotted=\"true\""), "every figure drawn");
        assertTrue(dom.contains("class=\"hm\"") || dom.contains("heatmaplayer"), "heatmap drawn");
        assertTrue(dom.contains("class=\"errorbar\""), "error bars drawn");
    }
}
