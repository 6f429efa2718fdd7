package dk.snaklib.train;

/**
 * Every hyper-parameter of a pre-training run, in one place (nanoGPT style). Steps count optimizer updates;
 * one update sees {@code microBatch * gradAccum} sequences.
 *
 * @param steps           optimizer updates in the whole run
 * @param microBatch      sequences per forward/backward pass
 * @param gradAccum       forward/backward passes per update
 * @param lr              peak learning rate after warm-up
 * @param minLr           learning rate at the end of the cosine
 * @param warmupSteps     linear warm-up length
 * @param weightDecay     AdamW decay for matrices (norms never decay)
 * @param decayEmbeddings whether embeddings and lm_head decay too
 * @param beta1           Adam first-moment decay
 * @param beta2           Adam second-moment decay
 * @param eps             Adam epsilon
 * @param gradClip        global gradient norm limit (0 = no clipping)
 * @param evalEvery       validation every k steps (and at the end)
 * @param evalBatches     micro-batches of the validation shard per validation
 * @param checkpointEvery checkpoint every k steps (and at the end)
 * @param checkpointMinutes also checkpoint when this many minutes of wall time passed since the last one (0 = off),
 *                        so a crash loses minutes, not hundreds of steps
 * @param keepCheckpoints newest checkpoints to keep (0 = all)
 * @param seed            seeds the initial weights; the data order is fixed by the shards
 */
public record TrainConfig(
        int steps,
        int microBatch,
        int gradAccum,
        double lr,
        double minLr,
        int warmupSteps,
        double weightDecay,
        boolean decayEmbeddings,
        double beta1,
        double beta2,
        double eps,
        double gradClip,
        int evalEvery,
        int evalBatches,
        int checkpointEvery,
        double checkpointMinutes,
        int keepCheckpoints,
        long seed) {

    public TrainConfig {
        require(steps >= 1, "steps must be >= 1");
        require(microBatch >= 1 && gradAccum >= 1, "micro_batch and grad_accum must be >= 1");
        require(evalEvery >= 1 && checkpointEvery >= 1, "eval_every and checkpoint_every must be >= 1");
        require(evalBatches >= 1, "eval_batches must be >= 1");
        require(gradClip >= 0 && keepCheckpoints >= 0, "grad_clip and keep_checkpoints must be >= 0");
        require(checkpointMinutes >= 0, "checkpoint_minutes must be >= 0");
        require(warmupSteps >= 0 && lr >= 0 && minLr >= 0, "warmup_steps, lr and min_lr must be >= 0");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid training config: " + message);
        }
    }

    /**
     * The same run shortened (or lengthened) to {@code n} steps: warm-up at most a quarter of it, validation and
     * checkpoints at least at the end.
     */
    public TrainConfig withSteps(int n) {
        return new TrainConfig(n, microBatch, gradAccum, lr, minLr, Math.min(warmupSteps, n / 4), weightDecay,
                decayEmbeddings, beta1, beta2, eps, gradClip, Math.min(evalEvery, n), evalBatches,
                Math.min(checkpointEvery, n), checkpointMinutes, keepCheckpoints, seed);
    }

    public CosineSchedule schedule() {
        return new CosineSchedule(lr, minLr, warmupSteps, steps);
    }

    public AdamW.Settings optimizer() {
        return new AdamW.Settings(beta1, beta2, eps, weightDecay, decayEmbeddings);
    }

    public int sequencesPerStep() {
        return microBatch * gradAccum;
    }
}
