package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.train.MetricsLog;
import dk.snaklib.util.AtomicFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run record: a 4-step run writes run.json; a resume with a changed hyper-parameter is refused naming the value
 * (old -> new); extending the steps is allowed, said, and continues at the data position the checkpoint saved; a
 * shorter run or other data into the same folder is refused. All through {@link Pretraining#run(PretrainSpec)}.
 */
class RunRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path base;
    static Path text;

    /** The tiny preset cut down to seconds: 4 steps of 2 x 32 tokens, a 300-token tokenizer. */
    static PretrainSpec spec(Path runDir, ByteArrayOutputStream log) {
        return PretrainSpec.of(Preset.TINY, TrainingData.files(List.of(text)), runDir)
                .with(Map.of("steps", 4, "seq_len", 32, "micro_batch", 2, "warmup_steps", 1, "eval_every", 2,
                        "eval_batches", 1, "checkpoint_every", 2, "keep_checkpoints", 0, "vocab_size", 300))
                .log(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void fourSteps() throws Exception {
        text = Path.of(RunRecordTest.class.getResource("/text/danish.txt").toURI());
        base = work.resolve("base");
        Pretraining.run(spec(base, new ByteArrayOutputStream()));
    }

    /** A copy of the 4-step run folder, so each test changes its own. */
    static Path copyOfBase(String name) throws Exception {
        Path to = work.resolve(name);
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : all.toList()) {
                Path t = to.resolve(base.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    @Test
    void runJsonRecordsEveryHyperParameterTheDataAndTheCode() throws Exception {
        var run = JSON.readTree(base.resolve("run.json").toFile());
        assertEquals("snaklab-run", run.get("format").asText());
        assertEquals(4, run.at("/preset/train/steps").asInt());
        assertEquals(Preset.TINY.train().lr(), run.at("/preset/train/lr").asDouble());
        assertEquals(32, run.at("/preset/seq_len").asInt());
        assertEquals(AtomicFiles.sha256(text), run.at("/data/files/danish.txt/sha256").asText());
        assertEquals(AtomicFiles.sha256(base.resolve("shards/train.bin")), run.at("/shards/files/train.bin/sha256").asText());
        assertEquals(AtomicFiles.sha256(base.resolve("tokenizer/tokenizer.json")), run.at("/tokenizer/sha256").asText());
        assertEquals(300, run.at("/model/vocab_size").asInt());
        assertFalse(run.at("/code/snaklib_version").asText().isEmpty());
        assertTrue(run.at("/code/git_commit").isNull() || run.at("/code/git_commit").asText().matches("[0-9a-f]{40}(-dirty)?"),
                run.at("/code").toString());
        // every train setting of the preset is there by name
        Preset.TINY.toTree().get("train").fieldNames().forEachRemaining(k ->
                assertTrue(run.at("/preset/train").has(k), k + " missing from run.json"));
    }

    @Test
    void resumeRefusesAChangedHyperParameterNamingIt() throws Exception {
        Path run = copyOfBase("changed-lr");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Pretraining.run(spec(run, new ByteArrayOutputStream()).with("lr", 1e-3).with("grad_clip", 0.5)));
        String msg = e.getMessage();
        assertTrue(msg.contains("holds another run") && msg.contains("preset.train.lr: 0.003 -> 0.001")
                && msg.contains("preset.train.grad_clip: 1.0 -> 0.5"), msg);
        assertFalse(msg.contains("steps"), msg);
        assertEquals(4, MetricsLog.read(run.resolve("metrics.csv")).size(), "nothing was trained");
    }

    @Test
    void extendingTheStepsIsAllowedSaidAndContinuesAtTheSavedDataPosition() throws Exception {
        Path run = copyOfBase("extended");
        // move the saved data position: the resumed run must read from there, not from step x batch
        Path state = run.resolve("checkpoints/step-00000004/training/state.json");
        ObjectNode st = (ObjectNode) JSON.readTree(state.toFile());
        assertEquals(8, st.get("data_position").asLong(), "4 steps x 2 sequences");
        st.put("data_position", 100);
        Files.writeString(state, JSON.writeValueAsString(st));

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        var result = Pretraining.run(spec(run, log).with("steps", 6));
        String said = log.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("preset.train.steps: 4 -> 6: extending the run"), said);
        assertTrue(said.contains("resuming from") && said.contains("data position 100"), said);
        assertEquals(6, result.metrics().size());
        var last = JSON.readTree(run.resolve("checkpoints/step-00000006/training/state.json").toFile());
        assertEquals(104, last.get("data_position").asLong(), "100 + 2 steps x 2 sequences");
        assertEquals(6, JSON.readTree(run.resolve("run.json").toFile()).at("/preset/train/steps").asInt());
    }

    @Test
    void aShorterRunOrOtherDataIntoTheFolderIsRefused() throws Exception {
        Path run = copyOfBase("notebook");
        var shorter = assertThrows(IllegalArgumentException.class,
                () -> Pretraining.run(spec(run, new ByteArrayOutputStream()).with("steps", 3)));
        assertTrue(shorter.getMessage().contains("preset.train.steps: 4 -> 3 (a run cannot be shortened)"), shorter.getMessage());

        Path other = Files.writeString(work.resolve("danish.txt"), Files.readString(text) + "\n\nEn ny sætning til sidst.\n");
        var data = assertThrows(IllegalArgumentException.class, () -> Pretraining.run(
                spec(run, new ByteArrayOutputStream()).data(TrainingData.files(List.of(other)))));
        assertTrue(data.getMessage().contains("data.files.danish.txt.sha256: " + AtomicFiles.sha256(text) + " -> "
                + AtomicFiles.sha256(other)), data.getMessage());
    }

    @Test
    void theSameSpecAgainShowsTheFinishedRun() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        var result = Pretraining.run(spec(base, log));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("already complete"), log.toString(StandardCharsets.UTF_8));
        assertEquals(4, result.metrics().size());
        assertTrue(result.tokensPerSecond() > 0, "the run's measured rate, not 0");
    }

    @Test
    void badInputsFailBeforeAnyWork() throws Exception {
        Path noConfig = Files.createDirectories(work.resolve("not-a-checkpoint"));
        long t0 = System.nanoTime();
        var e = assertThrows(RuntimeException.class,
                () -> Pretraining.run(spec(work.resolve("bad1"), new ByteArrayOutputStream()).initFrom(noConfig)));
        assertTrue(e.getMessage().contains(noConfig.toString()) && e.getMessage().contains("config.json is missing"), e.getMessage());
        var missing = assertThrows(RuntimeException.class, () -> Pretraining.run(new PretrainSpec(Preset.TINY, Map.of(),
                TrainingData.files(List.of(text, work.resolve("nope.jsonl"))), work.resolve("bad2"), null, null,
                ai.djl.Device.cpu(), true, System.err)));
        assertTrue(missing.getMessage().contains("nope.jsonl") && missing.getMessage().contains("does not exist"), missing.getMessage());
        var gpu = assertThrows(IllegalArgumentException.class,
                () -> Pretraining.run(spec(work.resolve("bad3"), new ByteArrayOutputStream()).device(ai.djl.Device.gpu())));
        assertTrue(gpu.getMessage().contains("no CUDA GPU"), gpu.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "validation took over 5 s");
        assertFalse(Files.exists(work.resolve("bad1/tokenizer")) || Files.exists(work.resolve("bad2/tokenizer")),
                "no tokenizer was trained");
    }

    @Test
    void wallTimeCheckpointsComeBetweenTheStepCheckpoints() throws Exception {
        Path run = work.resolve("by-time");
        Pretraining.run(spec(run, new ByteArrayOutputStream()).with(Map.of("checkpoint_every", 100,
                "checkpoint_minutes", 1e-6)).tokenizer(base.resolve("tokenizer/tokenizer.json")));
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            assertEquals(List.of("step-00000001", "step-00000002", "step-00000003", "step-00000004"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
