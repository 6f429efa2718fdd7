package dk.snaklib.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.catalog.Catalog;
import dk.snaklib.catalog.PipelineFile;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ErrorPolicy;
import dk.snaklib.corpus.pipeline.CorpusPipeline;
import dk.snaklib.corpus.pipeline.MinHashDeduplicator;
import dk.snaklib.corpus.pipeline.PipelineResult;
import dk.snaklib.corpus.pipeline.PipelineSpec;
import dk.snaklib.util.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine against the local one, in local mode on loopback, on one shared session. */
class SparkEngineTest {
    @TempDir
    Path tmp;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private PipelineResult spark(PipelineSpec spec) {
        return SparkCorpusEngine.on(SharedSpark.session()).run(spec, log);
    }

    private static PipelineSpec into(PipelineSpec spec, Path out) {
        return new PipelineSpec(spec.sources(), out, spec.policy(), spec.studyRules(), spec.linePerDocument(), spec.normalize(),
                spec.language(), spec.quality(), spec.exactDedup(), spec.minhash());
    }

    @Test
    void theBundledCorpusGivesTheSameStatisticsAndDocumentsOnBothEngines() throws IOException {
        PipelineSpec spec = PipelineFile.load(Path.of("../data-catalog/pipelines/bundled-study.yaml"),
                Catalog.load(Path.of("../data-catalog")));
        long t0 = System.nanoTime();
        PipelineResult local = CorpusPipeline.run(into(spec, tmp.resolve("local")), log);
        long t1 = System.nanoTime();
        PipelineResult spark = spark(into(spec, tmp.resolve("spark")));
        long t2 = System.nanoTime();
        System.out.printf("bundled corpus: local %.1f s, Spark local[2] %.1f s; kept %d documents%n", (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, spark.keptTotal());
        assertTrue(local.keptTotal() > 30_000, "the bundled corpus keeps tens of thousands of lines: " + local.keptTotal());
        assertTrue(local.step("minhash").droppedTotal() > 0 && local.step("exact-dedup").droppedTotal() > 0
                && local.step("langid").droppedTotal() > 0, "every step drops something here: " + local.steps());
        EngineOutputs.assertSame(local, spark);
    }

    @Test
    void plantedChainsAreOneClusterEachOnBothEngines() throws IOException {
        ChainedCorpus corpus = ChainedCorpus.write(tmp.resolve("in"), 12, 42);
        PipelineSpec spec = corpus.spec(tmp.resolve("local"));
        PipelineResult local = CorpusPipeline.run(spec, log);
        PipelineResult spark = spark(into(spec, tmp.resolve("spark")));
        EngineOutputs.assertSame(local, spark);

        // Connected components mattered: of every chain A, C (source one), B (source two) only A survives, though
        // C shares no band with A, the only survivor before it; a rule that compares with survivors keeps C.
        Set<String> kept = Stream.concat(EngineOutputs.documents(local.corpusFiles().get(0)).stream(),
                EngineOutputs.documents(local.corpusFiles().get(1)).stream()).map(Document::text).collect(Collectors.toSet());
        for (ChainedCorpus.Chain c : corpus.chains()) {
            assertTrue(kept.contains(c.a()), "the earliest of a chain survives");
            assertFalse(kept.contains(c.b()) || kept.contains(c.c()), "the rest of the chain is dropped");
        }
        assertTrue(corpus.distinct().stream().allMatch(kept::contains), "unrelated documents survive");
        assertEquals(corpus.distinct().size() + corpus.chains().size(), local.keptTotal());
        assertEquals(2L * corpus.chains().size(), local.step("minhash").droppedTotal());
        assertEquals((long) corpus.exactCopies(), local.step("exact-dedup").droppedTotal());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("connected components, round 2"), "more than one round ran");
    }

    @Test
    void aBadRecordInFailFastModeFailsTheRunWithTheLocalMessageAndWritesNothing() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path good = Files.writeString(in.resolve("good.txt"), "En god linje om vejret.\nEn anden linje.\n");
        Path broken = Files.write(in.resolve("broken.jsonl"), "{\"text\": \"fin\"}\n{\"text\": 17}\n".getBytes(StandardCharsets.UTF_8));
        PipelineSpec spec = new PipelineSpec(List.of(new PipelineSpec.Source("good", "lines", List.of(good)),
                new PipelineSpec.Source("news", "jsonl", List.of(broken))), tmp.resolve("out"), ErrorPolicy.FAIL_FAST, false,
                false, true, null, null, true, MinHashDeduplicator.Config.study());
        BadInputException local = assertThrows(BadInputException.class, () -> CorpusPipeline.run(into(spec, tmp.resolve("local")), log));
        BadInputException e = assertThrows(BadInputException.class, () -> spark(spec));
        assertEquals(local.getMessage(), e.getMessage());
        assertTrue(e.getMessage().contains("broken.jsonl") && e.getMessage().contains("line 2"), e.getMessage());
        try (Stream<Path> files = Files.walk(tmp.resolve("out"))) {
            List<Path> written = files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("corpus-run.lock")).toList();
            assertEquals(List.of(), written, "nothing written but the (released) lock");
        }
    }

    @Test
    void anUnreachableMasterIsAClearErrorWithinTheTimeoutAndNothingIsWritten() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free once closed: nobody listens there
        }
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SparkEngineProvider().open(Map.of("master", "spark://127.0.0.1:" + port,
                        "snak.spark.connectTimeoutSeconds", "3"), log));
        double secs = (System.nanoTime() - t0) / 1e9;
        assertTrue(e.getMessage().contains("cannot reach the Spark master spark://127.0.0.1:" + port)
                && e.getMessage().contains("nothing was written"), e.getMessage());
        assertTrue(secs < 10, "took " + secs + " s");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new SparkEngineProvider().open(Map.of("mastr", "local[2]"), log));
        assertTrue(unknown.getMessage().contains("mastr"), unknown.getMessage());
    }

    @Test
    void theEngineIsFoundByNameWhenThisModuleIsOnTheClasspath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dk.snaklib.corpus.pipeline.CorpusEngine.open("flink", Map.of(), log));
        assertTrue(e.getMessage().contains("engines found: ") && e.getMessage().contains("spark")
                && e.getMessage().contains("local"), e.getMessage());
    }

    /** Lists the jars of a classpath file by their Maven path (group/artifact/version/file). */
    static List<String> jars(Path classpathFile) throws IOException {
        List<String> out = new ArrayList<>();
        for (String p : Files.readString(classpathFile).strip().split(java.io.File.pathSeparator)) {
            int i = p.indexOf("/repository/");
            out.add(i < 0 ? p : p.substring(i + "/repository/".length()));
        }
        return out;
    }
}
