package dk.snaklib.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `snak divergence A B --out FILE` prints the per-module summary and writes the table; a missing folder is one line. */
class DivergenceCliTest {
    @Test
    void printsTheSummaryAndWritesTheTable(@TempDir Path tmp) throws Exception {
        Path a = Path.of(getClass().getResource("/golden/divergence/a").toURI());
        Path b = Path.of(getClass().getResource("/golden/divergence/b").toURI());
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, SnakCli.run("divergence", a.toString(), b.toString(), "--out", tmp.resolve("d.csv").toString(),
                    "--study-json", tmp.resolve("weights.json").toString(), "--threads", "1"));
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("mean angle (deg)") && text.contains("\nUP ") && text.contains("most changed: \"Hej\" (268)"), text);
        assertEquals(22, Files.readAllLines(tmp.resolve("d.csv")).size(), "header + 21 tensors");
        assertTrue(Files.readString(tmp.resolve("weights.json")).contains("\"ssa\""));
        assertEquals(2, SnakCli.run("divergence", a.toString(), tmp.resolve("missing").toString()));
    }
}
