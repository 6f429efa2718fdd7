package dk.snaklib.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** The kernel under real Jupyter: the conformance suite, and nbconvert --execute matching our runner. */
class JupyterKernelTest {
    @TempDir
    static Path prefix;

    @BeforeAll
    static void install() throws Exception {
        JupyterTools.require("jupyter_kernel_test", "nbconvert", "nbformat", "nbclient");
        JupyterTools.installKernel(prefix);
    }

    @Test
    void passesJupyterKernelConformanceTests() throws Exception {
        var run = JupyterTools.run(Path.of("src/test/python"), prefix, 600, JupyterTools.PYTHON, "kernel_conformance.py");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("OK"), run.output());
    }

    @Test
    void nbconvertExecuteGivesTheSameOutputsAsOurRunner() throws Exception {
        Path smoke = NotebookRunnerTest.resource("smoke.ipynb");
        Path outDir = prefix.resolve("nbconvert");
        var run = JupyterTools.run(Path.of("."), prefix, 300, JupyterTools.JUPYTER, "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=snaklib", "--ExecutePreprocessor.timeout=120",
                "--output-dir", outDir.toString(), smoke.toString());
        assertEquals(0, run.exit(), run.output());
        JsonNode jupyter = NotebookRunnerTest.read(outDir.resolve("smoke.ipynb"));

        var ours = NotebookRunner.run(smoke, prefix.resolve("ours"), NotebookRunner.Options.defaults());
        assertTrue(ours.ok());
        assertEquals(outputs(jupyter), outputs(NotebookRunnerTest.read(ours.notebook())));

        var valid = JupyterTools.run(Path.of("."), prefix, 60, JupyterTools.PYTHON, "-c",
                "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')",
                ours.notebook().toString());
        assertEquals(0, valid.exit(), valid.output());
    }

    /**
     * The lost-output guard: nbclient (what nbconvert --execute runs) executes a notebook of cells that print as
     * they end 30 times in one kernel; every run's outputs must equal the expected ones exactly. The expected file
     * is the first run of repeat_execute.py, checked by hand (stderr before stdout, as printed; the display made
     * with the thread's interrupt flag set is there).
     */
    @Test
    void thirtyRunsOfANotebookGiveExactlyTheSameOutputs() throws Exception {
        int runs = 30;
        var run = JupyterTools.run(Path.of("src/test"), prefix, 900, JupyterTools.PYTHON, "python/repeat_execute.py",
                "resources/notebooks/outputs_at_cell_end.ipynb", String.valueOf(runs));
        assertEquals(0, run.exit(), run.output());
        String expected = java.nio.file.Files.readString(NotebookRunnerTest.resource("outputs_at_cell_end.expected.json")).strip();
        List<String> lines = run.output().lines().filter(l -> l.startsWith("[[")).toList();
        assertEquals(runs, lines.size(), run.output());
        for (int i = 0; i < runs; i++) {
            assertEquals(expected, lines.get(i), "run " + (i + 1) + " of " + runs);
        }
    }

    @Test
    void figuresFromTheRealKernelDrawInNbconvertHtmlOffline() throws Exception {
        Chromium.require();
        Path outDir = prefix.resolve("html");
        var run = JupyterTools.run(Path.of("."), prefix, 300, JupyterTools.JUPYTER, "nbconvert", "--to", "html", "--execute",
                "--ExecutePreprocessor.kernel_name=snaklib", "--ExecutePreprocessor.timeout=120",
                "--output-dir", outDir.toString(), NotebookRunnerTest.resource("figures.ipynb").toString());
        assertEquals(0, run.exit(), run.output());
        // nbconvert's template asks a CDN for RequireJS and MathJax; offline those fail and the bundle takes over.
        FigureRenderingTest.assertThreeFiguresDrawn(Chromium.dom(outDir.resolve("figures.html"), prefix), "nbconvert HTML");
    }

    /** Code-cell outputs as sorted text (streams merged, multi-line values joined), for comparison. */
    static List<String> outputs(JsonNode nb) {
        List<String> all = new ArrayList<>();
        for (JsonNode cell : nb.get("cells")) {
            if (!"code".equals(cell.get("cell_type").asText())) {
                continue;
            }
            List<Map<String, String>> merged = new ArrayList<>();
            for (JsonNode o : cell.get("outputs")) {
                Map<String, String> flat = new TreeMap<>();
                o.fields().forEachRemaining(f -> {
                    if (f.getKey().equals("data")) {
                        f.getValue().fields().forEachRemaining(d -> flat.put("data " + d.getKey(), NotebookFile.multiline(d.getValue())));
                    } else if (!f.getKey().equals("execution_count") && !f.getKey().equals("metadata")) {
                        flat.put(f.getKey(), NotebookFile.multiline(f.getValue()));
                    }
                });
                Map<String, String> last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && "stream".equals(flat.get("output_type")) && flat.get("name").equals(last.get("name"))) {
                    last.put("text", last.get("text") + flat.get("text"));
                } else {
                    merged.add(flat);
                }
            }
            all.add(merged.toString());
        }
        return all;
    }
}
