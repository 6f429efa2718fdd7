package dk.snaklib.train;

import dk.snaklib.experiment.TuneSpec;
import dk.snaklib.experiment.Tuning;
import dk.snaklib.tune.PeftAdapterFiles;
import dk.snaklib.tune.PromptTemplate;
import dk.snaklib.tune.TuneFixtures;
import dk.snaklib.tune.Tuner;
import dk.snaklib.util.AtomicFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An interrupted tuning run, resumed, ends with the same adapter as an uninterrupted one, to the bit (LoRA dropout
 * on, so the per-step mask seeds matter); a changed setting on resume is refused, naming it.
 */
class TuningResumeTest {
    @TempDir
    Path work;

    @AfterEach
    void noHooks() {
        TrainingStep.hooks = TrainingStep.NO_HOOKS;
        Thread.interrupted();
    }

    private static TuneSpec spec(Path run) throws Exception {
        return TuneFixtures.spec(run, PromptTemplate.CHAT, 120).with(Map.of("steps", 8, "checkpoint_every", 3,
                "keep_checkpoints", 0, "eval_every", 4));
    }

    @Test
    void anInterruptedRunResumedGivesTheUninterruptedAdapterBitForBit() throws Exception {
        Tuner.Result reference = Tuning.run(spec(work.resolve("reference")));

        Path run = work.resolve("interrupted");
        AtomicInteger backwards = new AtomicInteger();
        TrainingStep.hooks = new TrainingStep.Hooks() {
            @Override
            public void beforeBackward() {
                if (backwards.incrementAndGet() == 5) {   // step 5 finishes; step 6 sees the flag before its micro-batch
                    Thread.currentThread().interrupt();
                }
            }
        };
        TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class, () -> Tuning.run(spec(run)));
        assertTrue(e.getMessage().contains("after step 5"), e.getMessage());
        TrainingStep.hooks = TrainingStep.NO_HOOKS;
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/" + CheckpointStore.name(5) + "/" + PeftAdapterFiles.WEIGHTS)),
                "the interrupted step's checkpoint is a PEFT adapter folder");
        AtomicFiles.deleteTree(run.resolve("checkpoints/" + CheckpointStore.name(5))); // resume from step 3's checkpoint

        Tuner.Result resumed = Tuning.run(spec(run));
        assertEquals(8, resumed.steps());
        assertEquals(AtomicFiles.sha256(reference.adapterDir().resolve(PeftAdapterFiles.WEIGHTS)),
                AtomicFiles.sha256(resumed.adapterDir().resolve(PeftAdapterFiles.WEIGHTS)), "final adapter, bit for bit");
        assertEquals(AtomicFiles.sha256(reference.lastCheckpoint().resolve(CheckpointStore.OPTIMIZER)),
                AtomicFiles.sha256(resumed.lastCheckpoint().resolve(CheckpointStore.OPTIMIZER)), "AdamW moments");
        List<Double> a = reference.metrics().stream().map(MetricsLog.Row::loss).toList();
        List<Double> b = resumed.metrics().stream().map(MetricsLog.Row::loss).toList();
        assertEquals(a, b, "every step's loss");
        assertEquals(reference.heldOutAfter(), resumed.heldOutAfter());

        IllegalArgumentException changed = assertThrows(IllegalArgumentException.class,
                () -> Tuning.run(spec(run).with("lr", 1e-3)));
        assertTrue(changed.getMessage().contains("preset.train.lr: 0.003 -> 0.001"), changed.getMessage());
        IllegalArgumentException template = assertThrows(IllegalArgumentException.class,
                () -> Tuning.run(TuneFixtures.spec(run, PromptTemplate.ALPACA, 120).with(Map.of("steps", 8,
                        "checkpoint_every", 3, "keep_checkpoints", 0, "eval_every", 4))));
        assertTrue(template.getMessage().contains("template.name: chat -> alpaca"), template.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> Tuning.run(spec(run).with("r", 4)));
        assertTrue(rank.getMessage().contains("preset.lora.r: 8 -> 4"), rank.getMessage());
    }
}
