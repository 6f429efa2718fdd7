package dk.snaklib.corpus.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Engines by name: snaklib alone has the local one; the Spark one says where it lives. */
class CorpusEngineTest {
    private final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void snaklibAloneHasTheLocalEngineAndSaysHowToGetSpark() {
        try (CorpusEngine local = CorpusEngine.open("local", Map.of(), log)) {
            assertEquals("local", local.name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorpusEngine.open("spark", Map.of(), log));
        assertTrue(e.getMessage().contains("no corpus engine \"spark\" on the classpath (engines found: local)")
                && e.getMessage().contains("snaklib-spark") && e.getMessage().contains("--engine spark"), e.getMessage());
        IllegalArgumentException master = assertThrows(IllegalArgumentException.class,
                () -> CorpusEngine.open("local", Map.of("master", "local[2]"), log));
        assertTrue(master.getMessage().contains("--master is for --engine spark"), master.getMessage());
    }

    @Test
    void sparkIsNotOnSnaklibsClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.sql.SparkSession"));
    }
}
