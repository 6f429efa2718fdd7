package dk.snaklib.notebook;

import dk.snaklib.cli.SnakCli;
import dk.snaklib.experiment.Project;
import dk.snaklib.train.MetricsLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A replay killed (SIGKILL) in the middle of base pre-training resumes from the run's last checkpoint when started
 * again, and ends with the report numbers of a replay that was never interrupted. Notebook 02 at a 40-step preset.
 */
class ReplayResumeTest {
    @TempDir
    Path tmp;

    @Test
    void aKilledReplayResumesWhereItStoppedAndReportsTheSameNumbers() throws Exception {
        Path preset = Path.of(ReplayResumeTest.class.getResource("/presets/replay-test.yaml").toURI());
        Project project = Project.at(ReplayTest.PROJECT);

        Replay.Result reference = Replay.run(Replay.Options.of(project, preset.toString()).only(List.of("02"))
                .out(tmp.resolve("ref/reports")).artifacts(tmp.resolve("ref/artifacts")));
        assertTrue(reference.ok(), reference.stoppedAt());

        Path artifacts = tmp.resolve("killed/artifacts");
        Path log = tmp.resolve("killed/child.log");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dai.djl.offline=true", "-Xss8m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SnakCli.class.getName(),
                "replay", "--preset", preset.toString(), "--only", "02", "--out", tmp.resolve("killed/reports").toString(),
                "--artifacts", artifacts.toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (checkpoint(artifacts, "step-00000020").isEmpty()) {
                assertTrue(child.isAlive(), () -> "the replay ended before it could be killed:\n" + read(log));
                assertTrue(System.nanoTime() < deadline, () -> "no checkpoint within 10 minutes:\n" + read(log));
                Thread.sleep(50);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertTrue(Files.notExists(tmp.resolve("killed/reports/index.html")), "killed before the report");
        try (Stream<Path> s = Files.list(artifacts.resolve("base-pretraining"))) {
            assertTrue(s.noneMatch(p -> !p.getFileName().toString().startsWith(".")), "no finished base model yet");
        }

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Replay.Result resumed = Replay.run(Replay.Options.of(project, preset.toString()).only(List.of("02"))
                .out(tmp.resolve("killed/reports")).artifacts(artifacts).log(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String said = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(resumed.ok(), resumed.stoppedAt() + "\n" + said);
        assertTrue(said.contains("continuing the attempt that stopped in"), said);
        assertTrue(said.matches("(?s).*snak: resuming from \\S+step-000000[23]0 at step [23]0.*"), "training resumes at its last checkpoint: " + said);
        assertFalse(said.matches("(?s).*artifact tokenizer/\\w+ computed.*"), "the tokenizer finished before the kill and is not recomputed");

        List<String> want = ReplayTest.numbers(Files.readString(reference.index()));
        assertEquals(3, want.size(), want.toString());
        assertEquals(want, ReplayTest.numbers(Files.readString(resumed.index())), "the same report numbers as the uninterrupted replay");
        assertEquals(losses(tmp.resolve("ref/artifacts")), losses(artifacts), "and the same loss at every step");
    }

    /** The base run's checkpoint {@code name} once its state file is written, in the partial folder of the run. */
    static Optional<Path> checkpoint(Path artifacts, String name) throws Exception {
        Path kind = artifacts.resolve("base-pretraining");
        if (!Files.isDirectory(kind)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(kind)) {
            return s.map(p -> p.resolve("checkpoints").resolve(name).resolve("training/state.json")).filter(Files::isRegularFile).findFirst();
        }
    }

    static List<Double> losses(Path artifacts) throws Exception {
        try (Stream<Path> s = Files.list(artifacts.resolve("base-pretraining"))) {
            Path run = s.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
            return MetricsLog.read(run.resolve("metrics.csv")).stream().map(MetricsLog.Row::loss).toList();
        }
    }

    static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}
