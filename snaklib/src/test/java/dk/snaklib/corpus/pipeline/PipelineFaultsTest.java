package dk.snaklib.corpus.pipeline;

import static dk.snaklib.corpus.Fixtures.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.catalog.Catalog;
import dk.snaklib.catalog.PipelineFile;
import dk.snaklib.corpus.ErrorPolicy;
import dk.snaklib.util.BadInputException;
import dk.snaklib.util.LockHolderFile;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Misuse of `snak corpus run`: concurrent runs, stale locks, duplicate names, shrunk pipelines, empty sources. */
class PipelineFaultsTest {
    @TempDir
    Path tmp;

    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    static PipelineSpec spec(Path out, PipelineSpec.Source... sources) {
        return new PipelineSpec(List.of(sources), out, ErrorPolicy.SKIP, false, false, true, null, null, true, null);
    }

    static PipelineSpec.Source opus(String name) {
        return new PipelineSpec.Source(name, "opus-mono", List.of(path("opus/da.txt.gz")));
    }

    static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void aSecondRunIntoTheSameFolderSaysWhoHoldsItAndStops() throws Exception {
        Path out = tmp.resolve("run");
        Path fifo = tmp.resolve("slow.txt");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // The first run blocks reading the pipe until the test writes to it, so it holds the folder meanwhile.
        PipelineSpec first = spec(out, new PipelineSpec.Source("slow", "lines", List.of(fifo)));
        CompletableFuture<PipelineResult> running = CompletableFuture.supplyAsync(() -> CorpusPipeline.run(first, log));
        Path lock = out.resolve("corpus-run.lock");
        for (int i = 0; i < 200 && !(Files.exists(lock) && Files.size(lock) > 0); i++) {
            Thread.sleep(50);
        }
        try {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> CorpusPipeline.run(spec(out, opus("other")), log));
            String m = e.getMessage();
            assertTrue(m.contains("pid " + ProcessHandle.current().pid()) && m.contains("host ")
                    && m.contains("since ") && m.contains("command "), m);
            assertTrue(m.contains(lock.toString()), m);
        } finally {
            try (OutputStream w = Files.newOutputStream(fifo)) {
                w.write("En linje på dansk, skrevet mens den første kørsel ventede.\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        PipelineResult r = running.get(60, TimeUnit.SECONDS);
        assertEquals(1, r.keptTotal());
        assertEquals(0, Files.size(lock), "the run's end empties the lock");
        assertFalse(Files.exists(out.resolve("corpus/other.parquet")), "the refused run wrote nothing");
    }

    @Test
    void aStaleLockFromADeadProcessIsTakenOverAndSaidSo() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path out = tmp.resolve("run");
        Files.createDirectories(out);
        String host = LockHolderFile.host();
        Files.writeString(out.resolve("corpus-run.lock"), "{\"pid\": " + gone.pid() + ", \"host\": \"" + host
                + "\", \"started\": \"2026-01-01T00:00:00Z\", \"command\": \"snak corpus run old.yaml\"}\n");
        PipelineResult r = CorpusPipeline.run(spec(out, opus("subs")), log);
        assertTrue(r.keptTotal() > 0);
        String printed = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("stale lock") && printed.contains("pid " + gone.pid()), printed);
        assertEquals(0, Files.size(out.resolve("corpus-run.lock")));
    }

    @Test
    void twoSourcesWithOneNameAreRejectedUpFront() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("dup.yaml"), String.join("\n",
                "output: out",
                "sources:",
                "  - {name: news, format: lines, files: [a.txt]}",
                "  - {name: subs, format: lines, files: [b.txt]}",
                "  - {name: news, format: opus-mono, files: [c.txt.gz]}", ""));
        BadInputException e = assertThrows(BadInputException.class,
                () -> PipelineFile.load(yaml, Catalog.load(Path.of("../data-catalog"))));
        String m = e.getMessage();
        assertTrue(m.startsWith(yaml + ": ") && m.contains("sources 1 and 3") && m.contains("\"news\"")
                && m.contains("a.txt") && m.contains("c.txt.gz"), m);

        IllegalArgumentException lib = assertThrows(IllegalArgumentException.class,
                () -> spec(tmp.resolve("o"), opus("subs"), opus("news"), opus("subs")));
        assertTrue(lib.getMessage().contains("sources 1 and 3") && lib.getMessage().contains("\"subs\""), lib.getMessage());
    }

    @Test
    void aRerunWithFewerSourcesRemovesTheStaleOutputsAndSaysSo() throws Exception {
        Path out = tmp.resolve("run");
        CorpusPipeline.run(spec(out, opus("bookshop"), new PipelineSpec.Source("news", "danewsroom",
                List.of(path("danewsroom/danewsroom.jsonl.gz")))), log);
        assertTrue(Files.exists(out.resolve("corpus/news.parquet")));
        logBytes.reset();
        PipelineResult r = CorpusPipeline.run(spec(out, opus("bookshop")), log);
        String printed = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("removed stale output of \"news\""), printed);
        try (Stream<Path> s = Files.list(out.resolve("corpus"))) {
            assertEquals(List.of(out.resolve("corpus/bookshop.parquet")), s.sorted().toList(),
                    "a glob over corpus/ finds only this run's sources");
        }
        for (String f : List.of("rejects/news.parquet", "bad-records/news.tsv", "done/news.json")) {
            assertFalse(Files.exists(out.resolve(f)), f);
        }
        assertEquals(1, r.sources().size());
    }

    @Test
    void aSourceThatYieldsNothingIsAnErrorUnlessAllowed() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        Path notGzip = Files.writeString(tmp.resolve("broken.txt.gz"), "not gzip at all\n");
        Path out = tmp.resolve("run");
        PipelineSpec.Source bad = new PipelineSpec.Source("news", "lines", List.of(empty, notGzip));
        BadInputException e = assertThrows(BadInputException.class,
                () -> CorpusPipeline.run(spec(out, opus("bookshop"), bad), log));
        String m = e.getMessage();
        assertTrue(m.contains("\"news\"") && m.contains("no documents") && m.contains(empty.toString())
                && m.contains(notGzip.toString()) && m.contains("1 bad record") && m.contains("allow_empty"), m);
        assertFalse(Files.exists(out.resolve("corpus/news.parquet")), "no empty corpus file for a failed source");
        assertTrue(files(out).stream().noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");

        PipelineResult allowed = CorpusPipeline.run(spec(out, opus("bookshop"),
                new PipelineSpec.Source("news", "lines", List.of(empty, notGzip), true)), log);
        assertEquals(0, allowed.sources().get(1).read());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("\"news\" yielded no documents (allowed"));
    }

    @Test
    void allowEmptyIsAPipelineFileOption() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("p.yaml"), String.join("\n",
                "output: out",
                "sources:",
                "  - {name: news, format: lines, files: [a.txt], allow_empty: true}",
                "  - {name: subs, format: lines, files: [b.txt]}", ""));
        PipelineSpec spec = PipelineFile.load(yaml, Catalog.load(Path.of("../data-catalog")));
        assertTrue(spec.sources().get(0).allowEmpty());
        assertFalse(spec.sources().get(1).allowEmpty());
    }
}
