package dk.snaklib.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.io.CorpusParquetReader;
import dk.snaklib.corpus.pipeline.PipelineResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Asserts two runs' outputs are the same: statistics, counters, and every file's rows in order. */
final class EngineOutputs {
    private EngineOutputs() {}

    static void assertSame(PipelineResult local, PipelineResult spark) throws IOException {
        assertEquals(local.sources(), spark.sources(), "statistics per source");
        assertEquals(local.steps(), spark.steps(), "counters per step");
        assertEquals(Files.readString(local.statsFile()), Files.readString(spark.statsFile()), "stats.tsv");
        assertSameBytes(local.statsFile().resolveSibling("stats.parquet"), spark.statsFile().resolveSibling("stats.parquet"));
        for (int i = 0; i < local.sources().size(); i++) {
            assertEquals(documents(local.corpusFiles().get(i)), documents(spark.corpusFiles().get(i)), "kept documents of "
                    + local.sources().get(i).source());
            assertEquals(rejects(local.rejects().get(i)), rejects(spark.rejects().get(i)), "rejects of " + local.sources().get(i).source());
            assertEquals(Files.readString(local.badRecords().get(i)), Files.readString(spark.badRecords().get(i)), "bad records");
            assertSameBytes(local.corpusFiles().get(i), spark.corpusFiles().get(i));
            assertSameBytes(local.rejects().get(i), spark.rejects().get(i));
        }
    }

    static List<Document> documents(Path corpusFile) {
        try (Stream<Document> s = CorpusParquetReader.read(corpusFile)) {
            return s.toList();
        }
    }

    static List<CorpusParquetReader.Row> rejects(Path rejectsFile) {
        try (Stream<CorpusParquetReader.Row> s = CorpusParquetReader.read(rejectsFile, List.of("step", "reason"))) {
            return s.toList();
        }
    }

    /** Byte for byte: in one JVM both engines write with the same Parquet writer, so equal rows give equal files. */
    static void assertSameBytes(Path a, Path b) throws IOException {
        assertEquals(-1L, Files.mismatch(a, b), a + " and " + b + " differ");
    }
}
