package dk.snaklib.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import dk.snaklib.train.MetricsLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * notebooks/00-spine-tour.ipynb run headless as `snak notebooks run --param steps=5` runs it: trains the tiny preset
 * for five steps from a cell, shows the run and its loss curve, scores a sentence with the checkpoint. Where
 * chromium is installed, the executed notebook's HTML is opened offline and both figures must draw.
 */
class SpineTourNotebookTest {
    static final Path NOTEBOOK = Path.of("../notebooks/00-spine-tour.ipynb");

    @TempDir
    Path tmp;

    /** The bundled Danish sample when the repository has it, else the tokenizer tests' Danish text. */
    static Path danishText() throws Exception {
        Path bundled = Path.of("../data-catalog/bundled/da");
        if (Files.isDirectory(bundled)) {
            try (Stream<Path> s = Files.list(bundled)) {
                if (s.anyMatch(f -> f.toString().endsWith(".jsonl.zst"))) {
                    return bundled.toAbsolutePath();
                }
            }
        }
        return Path.of(SpineTourNotebookTest.class.getResource("/text/danish.txt").toURI());
    }

    static JsonNode cell(JsonNode nb, String id) {
        for (JsonNode c : nb.get("cells")) {
            if (id.equals(c.path("id").asText())) {
                return c;
            }
        }
        throw new AssertionError("no cell " + id);
    }

    static String output(JsonNode cell, String type, String key) {
        for (JsonNode o : cell.get("outputs")) {
            if (type.equals(o.path("output_type").asText())) {
                return "stream".equals(type) ? o.path("text").asText() : o.path("data").path(key).asText();
            }
        }
        throw new AssertionError("no " + type + " output in cell " + cell.path("id").asText() + ": " + cell.get("outputs"));
    }

    @Test
    void trainsShowsTheLossCurveAndScoresASentence() throws Exception {
        Path run = tmp.resolve("run");
        var options = new NotebookRunner.Options(Stream.of("steps=5", "out=" + run, "text=" + danishText())
                .map(NotebookFile.Parameter::parse).toList(), Duration.ofMinutes(10), SnakKernel.DEFAULT_OUTPUT_LIMIT);
        var r = NotebookRunner.run(NOTEBOOK, tmp.resolve("executed"), options);
        assertTrue(r.ok(), () -> r.failure().describe(r.notebook()));

        List<MetricsLog.Row> rows = MetricsLog.read(run.resolve("metrics.csv"));
        assertEquals(5, rows.size(), "five steps logged");
        assertTrue(Files.exists(run.resolve("checkpoints/step-00000005/model.safetensors")));

        JsonNode nb = NotebookFile.JSON.readTree(r.notebook().toFile());
        String runHtml = output(cell(nb, "spine-train"), "execute_result", "text/html");
        assertTrue(runHtml.contains("class=\"snaklib-plot\"") && runHtml.contains("Plotly.newPlot("), "the run shows its loss curve");
        assertTrue(runHtml.contains("<th style=\"text-align:left\">steps</th><td style=\"text-align:left\">5</td>"), "and its summary");
        assertTrue(runHtml.contains(String.format(java.util.Locale.ROOT, "%.4f", rows.getLast().loss())), "with the final loss");
        assertTrue(runHtml.contains("step-00000005"), "and the final checkpoint");
        assertTrue(output(cell(nb, "spine-train"), "execute_result", "text/plain").startsWith("Pre-training run"));

        String curve = output(cell(nb, "spine-curve"), "execute_result", "text/html");
        assertTrue(curve.contains("type: 'log'") && curve.contains("'validation'"), "log-y loss curve from metrics.csv");

        String scored = output(cell(nb, "spine-score"), "stream", "");
        assertTrue(scored.matches("(?s).*\\d+ tokens, \\d+\\.\\d{3} nats/token, perplexity \\d+\\.\\d\\n.*"), scored);
        assertTrue(output(cell(nb, "spine-tokens"), "execute_result", "text/html").contains("<th>log p</th>"));

        assertTrue(Files.readString(r.html()).contains("Plotly.newPlot("), "the HTML rendering carries the figures");
        if (Files.isExecutable(Chromium.BINARY) || System.getenv("SNAK_REQUIRE_CHROMIUM") != null) {
            Chromium.require();
            String dom = Chromium.dom(r.html(), tmp);
            assertEquals(2, Chromium.count(dom, "data-snaklib-plotted=\"true\""), "both loss curves draw offline in the notebook's HTML");
        }
    }
}
