package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The artifact store: a second run recomputes nothing, a changed spec value recomputes only what depends on it,
 * one writer per artifact (in this JVM and across processes), corruption detected and recomputed, a stopped step
 * restarting cleanly or resuming.
 */
class ArtifactsTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    /** A three-artifact graph: text (spec: words) -> counted (spec: unit) -> report (spec: title). */
    private final class Graph {
        final Artifacts store;
        final AtomicInteger textRuns = new AtomicInteger();
        final AtomicInteger countRuns = new AtomicInteger();
        final AtomicInteger reportRuns = new AtomicInteger();

        Graph(Artifacts store) {
            this.store = store;
        }

        Artifact report(String words, String unit, String title) {
            Artifact text = store.get("text", Map.of("words", words), Map.of(), w -> {
                textRuns.incrementAndGet();
                Files.writeString(w.dir().resolve("text.txt"), words);
                return Map.of("length", words.length());
            });
            Artifact counted = store.get("counted", Map.of("unit", unit), Map.of("text", text), w -> {
                countRuns.incrementAndGet();
                String t = Files.readString(w.input("text").file("text.txt"));
                int n = unit.equals("words") ? t.split(" ").length : t.length();
                Files.writeString(w.dir().resolve("count.txt"), Integer.toString(n));
                return Map.of("count", n);
            });
            return store.get("report", Map.of("title", title), Map.of("counted", counted), w -> {
                reportRuns.incrementAndGet();
                Files.createDirectories(w.dir().resolve("sub"));
                Files.writeString(w.dir().resolve("sub/report.md"), title + ": " + Files.readString(w.input("counted").file("count.txt")));
                return null;
            });
        }

        List<Integer> runs() {
            return List.of(textRuns.get(), countRuns.get(), reportRuns.get());
        }
    }

    @Test
    void aSecondRunRecomputesNothingAndAChangedValueOnlyWhatDependsOnIt() throws Exception {
        Graph g = new Graph(Artifacts.open(tmp.resolve("store")).log(log));
        Artifact first = g.report("hej med dig", "words", "Count");
        assertEquals("Count: 3", Files.readString(first.file("sub/report.md")));
        assertEquals(List.of(1, 1, 1), g.runs());

        Artifact again = g.report("hej med dig", "words", "Count");
        assertEquals(List.of(1, 1, 1), g.runs(), "a second run recomputes nothing");
        assertEquals(first.key(), again.key());

        // a fresh store object (a new process) verifies the files and still recomputes nothing
        Graph fresh = new Graph(Artifacts.open(tmp.resolve("store")).log(log));
        fresh.report("hej med dig", "words", "Count");
        assertEquals(List.of(0, 0, 0), fresh.runs());

        g.report("hej med dig", "chars", "Count");
        assertEquals(List.of(1, 2, 2), g.runs(), "the middle spec changed: it and its dependant recompute, its input does not");
        g.report("hej med dig", "chars", "Total");
        assertEquals(List.of(1, 2, 3), g.runs(), "the last spec changed: only it recomputes");
        g.report("hej med dig", "words", "Count");
        assertEquals(List.of(1, 2, 3), g.runs(), "the first combination is still cached");
    }

    @Test
    void theLineageRecordsInputsSpecCodeTimingsMachineAndContent() throws Exception {
        Graph g = new Graph(Artifacts.open(tmp.resolve("store")).log(log));
        Artifact report = g.report("a b", "words", "T");
        JsonNode l = report.lineage();
        assertEquals("report", l.path("kind").asText());
        assertEquals(report.key(), l.path("key").asText());
        assertEquals(64, report.key().length());
        assertEquals("T", l.at("/spec/title").asText());
        assertEquals("counted", l.at("/inputs/counted/kind").asText());
        assertEquals(64, l.at("/inputs/counted/key").asText().length());
        assertEquals(CodeVersion.fingerprint(), l.at("/code/fingerprint").asText());
        assertTrue(l.at("/timings/seconds").asDouble() >= 0);
        assertFalse(l.at("/machine/cpu").asText().isEmpty());
        assertEquals(Runtime.getRuntime().availableProcessors(), l.at("/machine/cores").asInt());
        assertTrue(l.at("/machine/jdk").asText().contains(System.getProperty("java.runtime.version")));
        assertEquals(1, l.at("/content/files_count").asInt());
        assertEquals(dk.snaklib.util.AtomicFiles.sha256(report.file("sub/report.md")), l.at("/content/files/sub~1report.md/sha256").asText());
        Artifact counted = Artifacts.open(tmp.resolve("store")).find(l.at("/inputs/counted/key").asText().substring(0, 10));
        assertEquals(2, counted.summary().path("count").asInt());
        assertEquals(3, Artifacts.open(tmp.resolve("store")).closure(List.of(report)).size());
    }

    @Test
    void theTimeByKindSumsEachKindsMakingTimeLargestFirst() throws Exception {
        Artifacts store = Artifacts.open(tmp.resolve("store")).log(log);
        store.get("slow", Map.of("n", 1), Map.of(), w -> {
            Thread.sleep(300);
            return null;
        });
        store.get("slow", Map.of("n", 2), Map.of(), w -> {
            Thread.sleep(300);
            return null;
        });
        store.get("quick", Map.of("n", 1), Map.of(), w -> null);
        List<Artifacts.KindTime> kinds = Artifacts.timeByKind(store.list());
        assertEquals(List.of("slow", "quick"), kinds.stream().map(Artifacts.KindTime::kind).toList());
        assertEquals(2, kinds.get(0).count());
        assertTrue(kinds.get(0).seconds() >= 0.6, "two 0.3 s steps: " + kinds.get(0));
        assertEquals(store.list().stream().filter(a -> a.kind().equals("slow")).mapToDouble(Artifact::seconds).sum(),
                kinds.get(0).seconds(), 1e-9);
    }

    @Test
    void aCorruptedArtifactIsDetectedSaidAndRecomputed() throws Exception {
        Graph g = new Graph(Artifacts.open(tmp.resolve("store")).log(log));
        Artifact report = g.report("en to tre fire", "words", "N");
        Artifact counted = Artifacts.open(tmp.resolve("store")).find("counted/" + report.lineage().at("/inputs/counted/key").asText());
        Files.writeString(counted.file("count.txt"), "5"); // same size, other bytes

        Graph next = new Graph(Artifacts.open(tmp.resolve("store")).log(log));
        Artifact again = next.report("en to tre fire", "words", "N");
        assertEquals(List.of(0, 1, 0), next.runs(), "only the corrupted artifact is recomputed (its key, and so its dependants', is the same)");
        assertEquals("4", Files.readString(counted.file("count.txt")));
        assertEquals(report.key(), again.key());
        String said = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(said.matches("(?s).*artifact counted/" + counted.shortKey() + " in .* is corrupted.*count\\.txt: sha256 .*recomputing it.*"), said);

        Files.delete(again.file("sub/report.md"));
        Graph third = new Graph(Artifacts.open(tmp.resolve("store")).log(log));
        third.report("en to tre fire", "words", "N");
        assertEquals(List.of(0, 0, 1), third.runs(), "a missing file is corruption too");
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("sub/report.md: missing"));
    }

    @Test
    void aFailedStepLeavesNoArtifactAndRestartsFromAnEmptyFolder() throws Exception {
        Artifacts store = Artifacts.open(tmp.resolve("store")).log(log);
        var ex = assertThrows(IllegalStateException.class, () -> store.get("flaky", Map.of("n", 1), Map.of(), w -> {
            Files.writeString(w.dir().resolve("half.txt"), "half");
            throw new IllegalStateException("disk full");
        }));
        assertEquals("disk full", ex.getMessage());
        assertTrue(store.list().isEmpty(), "nothing half-done under a real name");
        Artifact a = store.get("flaky", Map.of("n", 1), Map.of(), w -> {
            assertFalse(w.resumed());
            assertFalse(Files.exists(w.dir().resolve("half.txt")), "a step that does not resume starts from an empty folder");
            Files.writeString(w.dir().resolve("whole.txt"), "whole");
            return null;
        });
        assertEquals(List.of("whole.txt"), List.copyOf(ArtifactContent.files(a.dir()).keySet()));
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("an earlier attempt stopped before it finished; starting again"));
    }

    @Test
    void aResumableStepContinuesInItsPartialFolder() throws Exception {
        Artifacts store = Artifacts.open(tmp.resolve("store")).log(log);
        var step = Artifacts.Step.of("training", Map.of("steps", 4)).resumable(true);
        assertThrows(IllegalStateException.class, () -> store.get(step.producer(w -> {
            Files.writeString(w.dir().resolve("step-2"), "checkpoint");
            throw new IllegalStateException("killed");
        })));
        Artifact a = store.get(step.producer(w -> {
            assertTrue(w.resumed());
            assertEquals("checkpoint", Files.readString(w.dir().resolve("step-2")));
            Files.writeString(w.dir().resolve("step-4"), "checkpoint");
            return null;
        }));
        assertTrue(a.lineage().at("/timings/resumed_an_earlier_attempt").asBoolean());
        assertEquals(List.of("step-2", "step-4"), List.copyOf(ArtifactContent.files(a.dir()).keySet()));
    }

    @Test
    void twoThreadsAskingForOneArtifactComputeItOnce() throws Exception {
        Artifacts store = Artifacts.open(tmp.resolve("store")).log(log);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Artifacts.Producer slow = w -> {
            runs.incrementAndGet();
            inside.countDown();
            assertTrue(release.await(30, TimeUnit.SECONDS));
            Files.writeString(w.dir().resolve("x"), "x");
            return null;
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Artifact> a = pool.submit(() -> store.get("shared", Map.of(), Map.of(), slow));
            assertTrue(inside.await(30, TimeUnit.SECONDS));
            var busy = assertThrows(ArtifactBusyException.class,
                    () -> store.waitForLock(Duration.ofMillis(300)).get("shared", Map.of(), Map.of(), slow));
            assertTrue(busy.getMessage().contains("artifact shared/") && busy.getMessage().contains("another thread of this process"), busy.getMessage());
            Future<Artifact> b = pool.submit(() -> store.get("shared", Map.of(), Map.of(), slow));
            Thread.sleep(300);
            release.countDown();
            assertEquals(a.get(30, TimeUnit.SECONDS).key(), b.get(30, TimeUnit.SECONDS).key());
            assertEquals(1, runs.get(), "the second caller waited and used the first one's artifact");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWriterInAnotherProcessIsDetectedAndSaid() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python), "python3 holds the lock from another process");
        Artifacts store = Artifacts.open(tmp.resolve("store")).log(log);
        var step = Artifacts.Step.of("contended", Map.of("v", 1)).producer(w -> {
            Files.writeString(w.dir().resolve("v.txt"), "1");
            return null;
        });
        Path lock = store.dir().resolve("contended").resolve("." + Artifacts.key(step).substring(0, 16) + ".lock");
        Files.createDirectories(lock.getParent());
        // fcntl locks, as Java's FileLock takes them on Linux; the holder writes who it is, as snak does
        Process holder = new ProcessBuilder(python.toString(), "-c", """
                import fcntl, os, sys, time
                f = open(sys.argv[1], 'a+')
                fcntl.lockf(f, fcntl.LOCK_EX)
                f.seek(0); f.truncate(); f.write('{"pid": %d, "host": "elsewhere", "since": "now"}' % os.getpid()); f.flush()
                print('locked', flush=True)
                time.sleep(float(sys.argv[2]))
                """, lock.toString(), "3").redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("locked", r.readLine());
            var busy = assertThrows(ArtifactBusyException.class, () -> store.waitForLock(Duration.ofMillis(500)).get(step));
            assertTrue(busy.getMessage().contains("another process (pid " + holder.pid() + " on host elsewhere"), busy.getMessage());
            assertTrue(store.list().isEmpty(), "nothing was written meanwhile");
            Artifact a = store.get(step); // waits until the holder exits (3 s), saying whom it waits for
            assertEquals("1", Files.readString(a.file("v.txt")));
            assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("waiting for artifact contended/"));
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void gcKeepsWhatRootsNeedAndRemovesTheRestAndLeftovers() throws Exception {
        Artifacts store = Artifacts.open(tmp.resolve("store")).log(log);
        Graph g = new Graph(store);
        Artifact kept = g.report("a b c", "words", "kept");
        Artifact dropped = g.report("x y", "words", "dropped");
        var noRoots = store.gc(false);
        assertFalse(noRoots.rootsKnown());
        assertEquals(6, store.list().size(), "without roots nothing is removed");
        store.recordRoot("replay-tiny", List.of(kept));
        assertThrows(IllegalStateException.class, () -> store.get("never", Map.of(), Map.of(), w -> {
            throw new IllegalStateException("stopped");
        }));
        var dry = store.gc(true);
        assertEquals(4, dry.removed().size(), dry.removed().toString()); // 3 artifacts of "x y" + one partial folder
        assertEquals(6, store.list().size(), "a dry run removes nothing");
        store.gc(false);
        assertEquals(3, store.list().size());
        assertTrue(Files.isDirectory(kept.dir()));
        assertFalse(Files.exists(dropped.dir()));
    }
}
