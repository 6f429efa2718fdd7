package dk.snaklib.tune;

import dk.snaklib.experiment.InstructionData;
import dk.snaklib.experiment.PretrainSpec;
import dk.snaklib.experiment.Preset;
import dk.snaklib.experiment.Pretraining;
import dk.snaklib.experiment.TrainingData;
import dk.snaklib.experiment.TunePreset;
import dk.snaklib.experiment.TuneSpec;
import dk.snaklib.util.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A tiny pre-trained base for the tuning tests, made once per test JVM: the pre-training recipe on the test Danish
 * text (40 steps of 4 x 64 tokens, a 1,000-token BPE vocabulary; a few seconds), and tuning specs over a slice of the
 * bundled instruction set sized to run in seconds.
 */
public final class TuneFixtures {
    private static Path base;

    private TuneFixtures() {}

    /** The base checkpoint folder (config.json, model.safetensors, tokenizer.json). */
    public static synchronized Path base() throws Exception {
        if (base == null) {
            Path dir = Files.createTempDirectory("snak-tune-base");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> AtomicFiles.deleteTree(dir)));
            Path text = Path.of(TuneFixtures.class.getResource("/text/danish.txt").toURI());
            var run = Pretraining.run(PretrainSpec.of(Preset.TINY, TrainingData.files(List.of(text)), dir.resolve("run"))
                    .with(Map.of("steps", 40, "seq_len", 64, "micro_batch", 4, "warmup_steps", 4, "eval_every", 40,
                            "eval_batches", 1, "checkpoint_every", 40, "keep_checkpoints", 1, "vocab_size", 1000))
                    .log(quiet()));
            base = run.finalCheckpoint();
        }
        return base;
    }

    /** The repository's data-catalog (tests run in snaklib/). */
    public static Path catalog() {
        return Path.of("../data-catalog").toAbsolutePath().normalize();
    }

    /** LoRA on {@code pairs} bundled training pairs, 64-token chunks, 60 held-out pairs; quiet. */
    public static TuneSpec spec(Path runDir, PromptTemplate template, int pairs) throws Exception {
        Path catalog = catalog();
        return TuneSpec.of(base(), template, TunePreset.named("tiny"), runDir)
                .with(Map.of("seq_len", 64, "max_pairs", pairs, "held_out_pairs", 60, "eval_every", 1000,
                        "checkpoint_every", 1000))
                .data(InstructionData.catalog(catalog, catalog.getParent(), List.of(InstructionData.BUNDLED)))
                .heldOut(InstructionData.catalog(catalog, catalog.getParent(), List.of(InstructionData.BUNDLED_HELD_OUT)))
                .log(quiet());
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
