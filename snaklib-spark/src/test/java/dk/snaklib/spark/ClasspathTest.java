package dk.snaklib.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module stays optional: snaklib's runtime classpath (snaklib/target/runtime-classpath.txt, what ./snak and
 * the notebooks run with) holds none of the jars Spark brings, and here snaklib runs on Spark's Jackson and
 * Parquet, not on its own pins.
 */
class ClasspathTest {
    @Test
    void snaklibsRuntimeClasspathHasNoneOfSparksJars() throws IOException {
        List<String> core = SparkEngineTest.jars(Path.of("../snaklib/target/runtime-classpath.txt"));
        List<String> module = SparkEngineTest.jars(Path.of("target/runtime-classpath.txt"));
        List<String> sparkOnly = module.stream().filter(j -> !core.contains(j)).toList();
        System.out.printf("snaklib: %d jars; with Spark: %d jars, %d of them not in snaklib's%n", core.size(), module.size(),
                sparkOnly.size());
        assertTrue(sparkOnly.size() > 100, "Spark brings over a hundred jars: " + sparkOnly.size());
        assertTrue(core.stream().noneMatch(j -> j.startsWith("org/apache/spark/") || j.startsWith("org/scala-lang/")), core.toString());
        assertTrue(sparkOnly.stream().anyMatch(j -> j.startsWith("org/apache/spark/spark-core_2.13/")), sparkOnly.toString());
        assertEquals(List.of(), core.stream().filter(sparkOnly::contains).toList());
        assertTrue(module.stream().anyMatch(j -> j.startsWith("com/fasterxml/jackson/core/jackson-databind/2.21.")), "Spark's Jackson");
        assertTrue(module.stream().anyMatch(j -> j.startsWith("org/apache/parquet/parquet-hadoop/1.17.0/")), "Spark's Parquet");
        assertTrue(core.stream().noneMatch(j -> j.startsWith("com/fasterxml/jackson/core/jackson-databind/2.21.")), "snaklib keeps its own");
    }

    @Test
    void noSnaklibClassNamesSpark() throws IOException {
        Path classes = Path.of("../snaklib/target/classes");
        byte[] needle = "org/apache/spark".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Path> naming;
        try (var files = java.nio.file.Files.walk(classes)) {
            naming = files.filter(p -> p.toString().endsWith(".class")).filter(p -> contains(read(p), needle)).toList();
        }
        assertEquals(List.of(), naming, "snaklib finds the Spark engine by ServiceLoader only");
    }

    private static byte[] read(Path p) {
        try {
            return java.nio.file.Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
