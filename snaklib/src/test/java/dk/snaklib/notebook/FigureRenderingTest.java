package dk.snaklib.notebook;

import dk.snaklib.cli.SnakCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Figures in an executed notebook and in the report draw as SVG in headless Chromium with no network. */
class FigureRenderingTest {
    @TempDir
    Path tmp;

    @Test
    void figuresRenderOfflineInTheNotebookHtmlAndTheReport() throws Exception {
        Chromium.require();
        Path executed = tmp.resolve("reports/notebooks");
        var r = NotebookRunner.run(NotebookRunnerTest.resource("figures.ipynb"), executed, NotebookRunner.Options.defaults());
        assertTrue(r.ok(), () -> r.failure().describe(r.notebook()));
        String first = NotebookRunnerTest.read(r.notebook()).at("/cells/2/outputs/0/data/text~1html").asText();
        String second = NotebookRunnerTest.read(r.notebook()).at("/cells/3/outputs/0/data/text~1html").asText();
        assertTrue(first.contains("id=\"snaklib-plotly-js\"") && !second.contains("id=\"snaklib-plotly-js\""), "plotly.js ships once per session");
        assertTrue(NotebookRunnerTest.read(r.notebook()).at("/cells/5/outputs/0/data/text~1html").asText().contains("<td>cpt</td>"));

        assertThreeFiguresDrawn(Chromium.dom(r.html(), tmp), "notebook HTML");

        assertEquals(0, SnakCli.run("report", "--notebooks", executed.toString(), "--out", tmp.resolve("reports").toString()));
        String index = Files.readString(tmp.resolve("reports/index.html"));
        assertTrue(index.contains("<a href=\"figures.html\">Figures</a>") && index.contains("href=\"notebooks/figures.ipynb\""), index);
        assertTrue(index.contains("href=\"notebooks/smoke.ipynb\""), "artifact link from notebook metadata");
        assertThreeFiguresDrawn(Chromium.dom(tmp.resolve("reports/figures.html"), tmp), "report page");
    }

    @Test
    void aPageWithRequireJsStillGetsPlotlyFromTheBundle() throws Exception {
        Chromium.require();
        // Classic Notebook 6 loads RequireJS: plotly.js would register as an anonymous AMD module, not window.Plotly.
        String amd = "<script>window.define = function () { document.title = 'anonymous define called'; };"
                + "window.define.amd = {}; window.require = function () {}; window.require.defined = function () { return false; };</script>\n";
        var plot = dk.snaklib.plot.Plots.scatter("Points", "x", "y", dk.snaklib.plot.Plots.Series.of("p", new double[]{1, 2}, new double[]{2, 1}));
        Path page = tmp.resolve("amd.html");
        Files.writeString(page, "<!DOCTYPE html><html><head><title>amd</title>" + amd + "</head><body>" + plot.html(true) + "</body></html>");
        String dom = Chromium.dom(page, tmp);
        assertEquals(1, Chromium.count(dom, "data-snaklib-plotted=\"true\""), dom.length() > 2000 ? dom.substring(dom.length() - 2000) : dom);
        assertTrue(dom.contains("<title>amd</title>"), "RequireJS's define was hidden while plotly.js loaded");
    }

    static void assertThreeFiguresDrawn(String dom, String where) {
        assertEquals(3, Chromium.count(dom, "data-snaklib-plotted=\"true\""), where + ": every figure drawn");
        assertTrue(Chromium.count(dom, "<svg class=\"main-svg\"") >= 3, where + ": plotly SVG present");
        assertTrue(dom.contains("class=\"errorbar\""), where + ": error bars drawn");
        assertFalse(dom.contains("could not be loaded: ") && dom.contains(">Plotly could not"), where);
    }
}
