package dk.snaklib.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An executed notebook opened in Debian's classic Notebook 6 (RequireJS on the page, our kernel started by the
 * server) in headless Chromium that may reach only the local server: its figures draw from the bundled plotly.js.
 */
class ClassicNotebookUiTest {
    @TempDir
    Path prefix;

    @Test
    void figuresDrawInClassicNotebookWithoutNetwork() throws Exception {
        JupyterTools.require("notebook", "nbformat");
        Chromium.require();
        JupyterTools.installKernel(prefix);
        Path dir = Files.createDirectories(prefix.resolve("ui"));
        var run = NotebookRunner.run(NotebookRunnerTest.resource("figures.ipynb"), dir, NotebookRunner.Options.defaults());
        assertTrue(run.ok());
        // Notebook 6 runs output scripts only in trusted notebooks: sign it as `jupyter trust` would.
        var sign = JupyterTools.run(dir, prefix, 60, JupyterTools.PYTHON, "-c",
                "import nbformat; from nbformat.sign import NotebookNotary as N; nb = nbformat.read('figures.ipynb', 4); N().sign(nb)");
        assertEquals(0, sign.exit(), sign.output());

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = prefix.resolve("server.log");
        Process server = JupyterTools.start(dir, prefix, log, JupyterTools.JUPYTER, "notebook", "--no-browser", "--allow-root",
                "--ip=127.0.0.1", "--port=" + port, "--NotebookApp.token=", "--NotebookApp.password=", "--notebook-dir=" + dir);
        try {
            waitForServer(port, server, log);
            String dom = Chromium.dom("http://127.0.0.1:" + port + "/notebooks/figures.ipynb", prefix, true);
            assertTrue(dom.contains("require.js") || dom.contains("requirejs"), "the classic page uses RequireJS");
            FigureRenderingTest.assertThreeFiguresDrawn(dom, "classic Notebook");
        } finally {
            server.destroy(); // SIGTERM: the server shuts down the kernel it started
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
        }
    }

    private static void waitForServer(int port, Process server, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(server.isAlive(), () -> "notebook server exited: " + read(log));
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        fail("notebook server did not start within 60 s: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
