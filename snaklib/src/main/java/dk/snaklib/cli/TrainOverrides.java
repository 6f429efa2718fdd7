package dk.snaklib.cli;

import dk.snaklib.experiment.Preset;
import dk.snaklib.train.TrainConfig;
import picocli.CommandLine.Option;

/** Flags that override any value of a preset's training settings; unset flags keep the preset's value. */
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
    @Option(names = "--keep-checkpoints", description = "newest checkpoints kept (0: all)") Integer keepCheckpoints;
    @Option(names = "--seed") Long seed;
    @Option(names = "--seq-len", description = "tokens per training sequence") Integer seqLen;
    @Option(names = "--vocab", description = "BPE vocabulary size when training a tokenizer") Integer vocab;
    @Option(names = "--max-text-bytes", description = "cap on text read (0: all)") Long maxTextBytes;

    /** The preset with every given flag applied. */
    Preset apply(Preset p) {
        TrainConfig t = p.train();
        TrainConfig merged = new TrainConfig(or(steps, t.steps()), or(microBatch, t.microBatch()),
                or(gradAccum, t.gradAccum()), or(lr, t.lr()), or(minLr, t.minLr()), or(warmup, t.warmupSteps()),
                or(weightDecay, t.weightDecay()), or(decayEmbeddings, t.decayEmbeddings()), or(beta1, t.beta1()),
                or(beta2, t.beta2()), or(eps, t.eps()), or(gradClip, t.gradClip()), or(evalEvery, t.evalEvery()),
                or(evalBatches, t.evalBatches()), or(checkpointEvery, t.checkpointEvery()),
                or(keepCheckpoints, t.keepCheckpoints()), or(seed, t.seed()));
        return new Preset(p.name(), or(vocab, p.vocabSize()), p.hiddenSize(), p.intermediate(), p.layers(), p.heads(),
                p.kvHeads(), or(seqLen, p.seqLen()), or(maxTextBytes, p.maxTextBytes()), p.valFraction(), merged);
    }

    private static <T> T or(T flag, T preset) {
        return flag != null ? flag : preset;
    }
}
