package dk.snaklib.corpus.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ErrorPolicy;
import dk.snaklib.corpus.Fixtures;
import dk.snaklib.corpus.pipeline.CorpusPipeline;
import dk.snaklib.corpus.pipeline.PipelineSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corpus Parquet files: whole whatever writers overlap, and the same bytes from the same input in every JVM. */
class ParquetOutputFaultsTest {
    @TempDir
    Path tmp;

    static List<Document> read(Path f) {
        try (Stream<Document> s = CorpusParquetReader.read(f)) {
            return s.toList();
        }
    }

    @Test
    void twoWritersOfOneFileNeverLeaveItCorrupt() throws Exception {
        Path target = tmp.resolve("corpus/x.parquet");
        try (DocumentParquetWriter a = new DocumentParquetWriter(target, List.of());
                DocumentParquetWriter b = new DocumentParquetWriter(target, List.of())) {
            for (int i = 0; i < 2000; i++) {
                a.write(new Document("a" + i, "s", "første skrivers dokument nummer " + i));
                b.write(new Document("b" + i, "s", "anden skrivers dokument " + i));
            }
            a.finish();
            assertEquals(2000, read(target).size());
            b.finish();
        }
        List<Document> docs = read(target);
        assertEquals(2000, docs.size());
        assertTrue(docs.stream().allMatch(d -> d.id().startsWith("b")), "the last finished file, whole");
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(target), s.toList(), "no temp file left");
        }
    }

    /** Writes a small pipeline run into args[0]; run in fresh JVMs by the test below. */
    public static void main(String[] args) {
        PipelineSpec spec = new PipelineSpec(List.of(
                new PipelineSpec.Source("bookshop", "opus-mono", List.of(Fixtures.path("opus/da.txt.gz"))),
                new PipelineSpec.Source("news", "danewsroom", List.of(Fixtures.path("danewsroom/danewsroom.jsonl.gz")))),
                Path.of(args[0]), ErrorPolicy.SKIP, false, false, true, null, null, true, null);
        CorpusPipeline.run(spec, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (DocumentParquetWriter w = new DocumentParquetWriter(Path.of(args[0], "meta.parquet"), List.of())) {
            w.write(new Document("m", "s", "text", Map.of("url", "u", "title", "t", "date", "d", "file", "f",
                    "line", "1", "author", "a", "lang", "da", "domain", "x")));
            w.finish();
        }
    }

    @Test
    void theSameInputGivesTheSameBytesInEveryJvm() throws Exception {
        // Map.of/Map.copyOf iterate in an order salted per JVM, so only separate JVMs show the difference.
        List<Path> runs = List.of(tmp.resolve("r1"), tmp.resolve("r2"), tmp.resolve("r3"));
        for (Path run : runs) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), ParquetOutputFaultsTest.class.getName(), run.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), output);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(runs.get(0))) {
            files = s.filter(Files::isRegularFile).map(runs.get(0)::relativize).sorted().toList();
        }
        assertTrue(files.contains(Path.of("corpus/bookshop.parquet")) && files.contains(Path.of("meta.parquet")), files.toString());
        for (Path run : runs.subList(1, runs.size())) {
            for (Path f : files) {
                assertArrayEquals(Files.readAllBytes(runs.get(0).resolve(f)), Files.readAllBytes(run.resolve(f)), f.toString());
            }
        }
    }
}
