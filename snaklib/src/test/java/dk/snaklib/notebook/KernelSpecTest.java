package dk.snaklib.notebook;

import dk.snaklib.cli.SnakCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class KernelSpecTest {
    @TempDir
    Path prefix;

    @Test
    void installWritesAnAbsoluteKernelspecAndUninstallRemovesIt() throws Exception {
        assertEquals(0, SnakCli.run("kernel", "install", "--prefix", prefix.toString(), "--name", "snak-test"));
        Path dir = prefix.resolve("share/jupyter/kernels/snak-test");
        var spec = NotebookFile.JSON.readTree(dir.resolve("kernel.json").toFile());
        assertEquals("java", spec.get("language").asText());
        assertEquals("message", spec.get("interrupt_mode").asText());
        var argv = spec.get("argv");
        assertTrue(Path.of(argv.get(0).asText()).isAbsolute() && Files.isExecutable(Path.of(argv.get(0).asText())));
        assertEquals("{connection_file}", argv.get(argv.size() - 1).asText());
        String cp = argv.get(argv.size() - 3).asText();
        assertTrue(cp.contains("jjava-jupyter"), cp);
        for (String entry : cp.split(File.pathSeparator)) {
            assertTrue(Path.of(entry).isAbsolute() && Files.exists(Path.of(entry)), entry);
        }
        assertEquals(0, SnakCli.run("kernel", "uninstall", "--prefix", prefix.toString(), "--name", "snak-test"));
        assertFalse(Files.exists(dir));
        assertEquals(1, SnakCli.run("kernel", "uninstall", "--prefix", prefix.toString(), "--name", "snak-test"));
        assertEquals(2, SnakCli.run("kernel", "install", "--prefix", prefix.toString(), "--name", "bad name"));
    }
}
