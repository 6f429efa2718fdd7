package dk.snaklib.cli;

import dk.snaklib.experiment.Preset;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flags that override a preset's values, each named after the preset file's key (`snak presets show NAME`); unset
 * flags keep the preset's value. The library applies them ({@link Preset#with(Map)}), so the CLI and a notebook
 * override the same way.
 */
public final class TrainOverrides {
    @Option(names = "--steps", description = "optimizer updates") Integer steps;
    @Option(names = "--micro-batch", description = "sequences per forward/backward") Integer microBatch;
    @Option(names = "--grad-accum", description = "micro-batches per update") Integer gradAccum;
    @Option(names = "--lr", description = "peak learning rate") Double lr;
    @Option(names = "--min-lr", description = "final learning rate of the cosine") Double minLr;
    @Option(names = "--warmup", description = "warm-up steps") Integer warmup;
    @Option(names = "--weight-decay", description = "AdamW decay of matrices") Double weightDecay;
    @Option(names = "--decay-embeddings", description = "decay embeddings and lm_head too") Boolean decayEmbeddings;
    @Option(names = "--beta1") Double beta1;
    @Option(names = "--beta2") Double beta2;
    @Option(names = "--adam-eps") Double eps;
    @Option(names = "--grad-clip", description = "global gradient norm limit (0: none)") Double gradClip;
    @Option(names = "--eval-every", description = "validation every k steps") Integer evalEvery;
    @Option(names = "--eval-batches", description = "validation micro-batches") Integer evalBatches;
    @Option(names = "--checkpoint-every", description = "checkpoint every k steps") Integer checkpointEvery;
    @Option(names = "--checkpoint-minutes", description = "also checkpoint after this many minutes of wall time (0: off)") Double checkpointMinutes;
    @Option(names = "--keep-checkpoints", description = "newest checkpoints kept (0: all)") Integer keepCheckpoints;
    @Option(names = "--seed") Long seed;
    @Option(names = "--seq-len", description = "tokens per training sequence") Integer seqLen;
    @Option(names = "--vocab", description = "BPE vocabulary size when training a tokenizer") Integer vocab;
    @Option(names = "--max-text-bytes", description = "cap on text read (0: all)") Long maxTextBytes;
    @Option(names = "--val-fraction", description = "share of sequences held out for validation") Double valFraction;

    /** The given flags by preset key, in flag order. */
    Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "steps", steps);
        put(m, "micro_batch", microBatch);
        put(m, "grad_accum", gradAccum);
        put(m, "lr", lr);
        put(m, "min_lr", minLr);
        put(m, "warmup_steps", warmup);
        put(m, "weight_decay", weightDecay);
        put(m, "decay_embeddings", decayEmbeddings);
        put(m, "beta1", beta1);
        put(m, "beta2", beta2);
        put(m, "eps", eps);
        put(m, "grad_clip", gradClip);
        put(m, "eval_every", evalEvery);
        put(m, "eval_batches", evalBatches);
        put(m, "checkpoint_every", checkpointEvery);
        put(m, "checkpoint_minutes", checkpointMinutes);
        put(m, "keep_checkpoints", keepCheckpoints);
        put(m, "seed", seed);
        put(m, "seq_len", seqLen);
        put(m, "vocab_size", vocab);
        put(m, "max_text_bytes", maxTextBytes);
        put(m, "val_fraction", valFraction);
        return m;
    }

    /** The preset with every given flag applied. */
    Preset apply(Preset p) {
        return p.with(settings());
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
