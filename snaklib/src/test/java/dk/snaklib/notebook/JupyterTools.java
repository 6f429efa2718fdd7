package dk.snaklib.notebook;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's Jupyter (/usr/bin/python3, /usr/bin/jupyter) against a kernelspec installed in a temporary prefix.
 * Tests skip when Jupyter is missing, unless SNAK_REQUIRE_JUPYTER is set (CI sets it, so they cannot silently skip).
 */
final class JupyterTools {
    static final String PYTHON = "/usr/bin/python3";
    static final String JUPYTER = "/usr/bin/jupyter";

    private JupyterTools() {}

    /** Skips (or, with SNAK_REQUIRE_JUPYTER, fails) unless Python can import {@code modules}. */
    static void require(String... modules) throws Exception {
        boolean ok = Files.isExecutable(Path.of(PYTHON))
                && run(Path.of("."), Path.of("/tmp"), 60, PYTHON, "-c", "import " + String.join(", ", modules)).exit == 0;
        if (!ok && System.getenv("SNAK_REQUIRE_JUPYTER") != null) {
            throw new AssertionError("SNAK_REQUIRE_JUPYTER is set but " + PYTHON + " cannot import " + List.of(modules)
                    + " (apt-get install jupyter-nbconvert python3-nbclient python3-jupyter-kernel-test)");
        }
        Assumptions.assumeTrue(ok, "Jupyter not installed: " + PYTHON + " cannot import " + List.of(modules));
    }

    /** Installs kernelspec "snaklib" under {@code prefix}/share/jupyter, pointing at this build's classes. */
    static Path installKernel(Path prefix) {
        return KernelSpec.install(KernelSpec.dataDir(false, prefix), "snaklib", "Java (snaklib test)", KernelSpec.defaultClassPath());
    }

    record Run(int exit, String output) {}

    /** Runs a command with Jupyter looking only in {@code prefix}, all its state in temporary directories. */
    static Run run(Path dir, Path prefix, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("jupyter", ".log");
        Process p = start(dir, prefix, log, command);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new Run(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Run(p.exitValue(), out);
    }

    /** Starts a command in the same isolated Jupyter environment, output to {@code log}. */
    static Process start(Path dir, Path prefix, Path log, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        var env = pb.environment();
        env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        env.put("JUPYTER_DATA_DIR", prefix.resolve("data").toString());
        env.put("JUPYTER_RUNTIME_DIR", prefix.resolve("runtime").toString());
        env.put("JUPYTER_CONFIG_DIR", prefix.resolve("config").toString());
        env.put("JUPYTER_PLATFORM_DIRS", "1");
        env.put("PATH", "/usr/bin:/bin");
        env.put("SNAK_TEST_CLASSES", Path.of("target/test-classes").toAbsolutePath().toString()); // for %classpath in tests
        return pb.start();
    }
}
