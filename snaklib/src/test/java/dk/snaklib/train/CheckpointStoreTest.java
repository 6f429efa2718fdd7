package dk.snaklib.train;

import ai.djl.Device;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pruning keeps the newest good checkpoints, whatever damaged or half-written folders lie beside them. */
class CheckpointStoreTest {
    @TempDir Path run;
    LlamaModel model;
    AdamW adamw;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @BeforeEach
    void tinyModel() {
        model = LlamaModel.initialize(LlamaConfig.of(16, 8, 8, 1, 2, 1, 16), 1, Device.cpu());
        adamw = new AdamW(model.weights(), AdamW.Settings.defaults(), model.manager());
    }

    @AfterEach
    void release() {
        adamw.close();
        model.close();
    }

    /** A store as a new process sees the run folder (nothing known about its checkpoints yet). */
    CheckpointStore store() {
        return new CheckpointStore(run, new PrintStream(logged, true));
    }

    Path save(CheckpointStore store, long step) {
        return store.save(model, adamw, null, new TrainingState(step, step * 4, step * 64, 1, step, Map.of()));
    }

    List<Long> steps(CheckpointStore store) {
        return store.list().stream().map(p -> CheckpointStore.readState(p).step()).toList();
    }

    /** Flips one byte in the middle of the checkpoint's weights: its checksum no longer matches. */
    static void damage(Path checkpoint) throws Exception {
        try (FileChannel ch = FileChannel.open(checkpoint.resolve("model.safetensors"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long at = ch.size() / 2;
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x5a)).rewind();
            ch.write(b, at);
        }
    }

    @Test
    void keepsTheNewestN() {
        CheckpointStore store = store();
        for (long step = 100; step <= 500; step += 100) {
            save(store, step);
        }
        assertEquals(List.of(), store.prune(0), "keep 0 deletes nothing");
        assertEquals(5, store.list().size());
        List<Path> deleted = store.prune(2);
        assertEquals(List.of(run.resolve("checkpoints/step-00000100"), run.resolve("checkpoints/step-00000200"),
                run.resolve("checkpoints/step-00000300")), deleted);
        assertEquals(List.of(400L, 500L), steps(store));
        assertEquals(List.of(), store.prune(2));
    }

    /**
     * The run resumes from 200 because 300 is damaged. Before, prune(1) kept the damaged 300 and deleted 200, the
     * checkpoint being resumed, and then every new one: the run was left with nothing usable.
     */
    @Test
    void aDamagedNewerCheckpointNeverPushesOutTheGoodOnes() throws Exception {
        CheckpointStore first = store();
        save(first, 100);
        save(first, 200);
        damage(save(first, 300));

        CheckpointStore resumed = store();
        Optional<Path> from = resumed.latestGood();
        assertEquals(Optional.of(run.resolve("checkpoints/step-00000200")), from);
        assertTrue(logged.toString().contains("step-00000300 is unusable (checksum mismatch in model.safetensors)"),
                logged.toString());
        resumed.prune(1);
        assertEquals(List.of(200L, 300L), steps(resumed), "the resumed checkpoint stays; the damaged one is left");

        save(resumed, 250); // e.g. a checkpoint by wall time
        resumed.prune(1);
        assertEquals(List.of(250L, 300L), steps(resumed));
        assertEquals(Optional.of(run.resolve("checkpoints/step-00000250")), store().latestGood());

        save(resumed, 300); // reaching the damaged step replaces it
        resumed.prune(1);
        assertEquals(List.of(300L), steps(resumed));
        assertEquals(Optional.empty(), CheckpointStore.verify(run.resolve("checkpoints/step-00000300")));
    }

    /** A fresh store verifies what it did not write, once; damaged older ones beyond the kept ones go. */
    @Test
    void countsOnlyVerifiedCheckpointsWrittenByEarlierRuns() throws Exception {
        CheckpointStore first = store();
        for (long step = 1; step <= 4; step++) {
            save(first, step);
        }
        damage(run.resolve("checkpoints/step-00000004"));
        damage(run.resolve("checkpoints/step-00000001"));
        CheckpointStore later = store();
        later.prune(2);
        assertEquals(List.of(2L, 3L, 4L), steps(later));
    }

    @Test
    void halfWrittenTemporariesAndOtherFilesAreNotCheckpoints() throws Exception {
        CheckpointStore store = store();
        save(store, 10);
        save(store, 20);
        Path checkpoints = store.directory();
        Path partial = Files.createDirectories(checkpoints.resolve(".step-00000030.tmp"));
        Files.writeString(partial.resolve("config.json"), "{\"hidden_size\": 8"); // a save cut short
        Path inner = Files.createDirectories(checkpoints.resolve("..step-00000030.tmp.tmp-123"));
        Path notes = Files.writeString(checkpoints.resolve("notes.txt"), "best run so far");
        Path best = Files.createDirectories(checkpoints.resolve("step-00000010-best"));

        store.prune(1);
        assertEquals(List.of(20L), steps(store));
        assertTrue(Files.exists(partial) && Files.exists(inner), "prune never touches a temporary folder");
        assertTrue(Files.exists(notes) && Files.exists(best));

        // Resuming is the moment a leftover is known to be one: latestGood removes it and says so.
        assertEquals(Optional.of(checkpoints.resolve("step-00000020")), store().latestGood());
        assertFalse(Files.exists(partial) || Files.exists(inner));
        assertTrue(logged.toString().contains(".step-00000030.tmp, left by a checkpoint save that did not finish"),
                logged.toString());
        assertTrue(Files.exists(notes) && Files.exists(best));
    }

    @Test
    void stepsPastEightDigitsSortByNumber() {
        CheckpointStore store = store();
        save(store, 99_999_999L);
        save(store, 100_000_000L);
        assertEquals(List.of(99_999_999L, 100_000_000L), steps(store));
        store.prune(1);
        assertEquals(List.of(100_000_000L), steps(store));
        assertEquals(Optional.of(run.resolve("checkpoints/step-100000000")), store().latestGood());
    }
}
