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
        // From the build: sh reads target/runtime-classpath.txt at each start; $0 is an absolute JDK java.
        assertEquals("/bin/sh", argv.get(0).asText());
        String script = argv.get(2).asText();
        assertTrue(script.contains("/target/classes':\"$(cat '") && script.contains("runtime-classpath.txt')\""), script);
        assertTrue(script.contains("--enable-native-access=ALL-UNNAMED") && script.endsWith("dk.snaklib.notebook.KernelMain \"$1\""), script);
        Path java = Path.of(argv.get(3).asText());
        assertTrue(java.isAbsolute() && Files.isExecutable(java), java.toString());
        assertEquals("{connection_file}", argv.get(4).asText());

        var fixed = KernelSpec.argv(KernelSpec.ClassPath.fixed("/a.jar" + File.pathSeparator + "/b"));
        assertEquals(java.toString(), fixed.get(0));
        assertEquals("/a.jar:/b", fixed.get(fixed.indexOf("-cp") + 1));
        assertEquals(0, SnakCli.run("kernel", "uninstall", "--prefix", prefix.toString(), "--name", "snak-test"));
        assertFalse(Files.exists(dir));
        assertEquals(1, SnakCli.run("kernel", "uninstall", "--prefix", prefix.toString(), "--name", "snak-test"));
        assertEquals(2, SnakCli.run("kernel", "install", "--prefix", prefix.toString(), "--name", "bad name"));
    }
}
