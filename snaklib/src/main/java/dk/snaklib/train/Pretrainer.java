package dk.snaklib.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.model.EngineArrays;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.NoGrad;
import dk.snaklib.tokenizer.TokenShards;
import dk.snaklib.util.BadInputException;
import dk.snaklib.util.Progress;

import java.io.PrintStream;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Continued pre-training (or pre-training from scratch): the loop of nanoGPT in DJL. Each step runs
 * {@code gradAccum} forward/backward passes, clips the global gradient norm, applies AdamW with the cosine
 * learning rate, and logs; every {@code evalEvery} steps it measures validation loss, every
 * {@code checkpointEvery} steps it writes a resumable checkpoint. The whole loop runs inside this one call
 * (DJL's grad mode is per thread and one collector may be open at a time).
 */
public final class Pretrainer {

    /**
     * What to train and where.
     *
     * @param runDir        folder of the run: metrics.csv, checkpoints/
     * @param shardsDir     packed token shards (train.bin, val.bin, meta.json)
     * @param tokenizerJson the tokenizer the shards were made with; copied into every checkpoint
     * @param scratchModel  the model to initialise when {@code initFrom} is null
     * @param initFrom      a Hugging Face model folder to continue from, or null
     * @param train         hyper-parameters
     * @param device        CPU or a GPU
     * @param resume        continue from the newest good checkpoint in runDir if there is one
     */
    public record Spec(Path runDir, Path shardsDir, Path tokenizerJson, LlamaConfig scratchModel, Path initFrom,
                       TrainConfig train, Device device, boolean resume) {}

    /** What a finished run leaves: its folder, final checkpoint, metrics and measured throughput. */
    public record Result(Path runDir, Path finalCheckpoint, List<MetricsLog.Row> metrics, double tokensPerSecond) {}

    private final Spec spec;
    private final PrintStream log;
    private CheckpointListener onCheckpoint = CheckpointListener.NONE;

    public Pretrainer(Spec spec, PrintStream log) {
        this.spec = spec;
        this.log = log;
    }

    /** Calls {@code listener} after every checkpoint the loop writes (not the one an interrupt writes); returns this. */
    public Pretrainer onCheckpoint(CheckpointListener listener) {
        this.onCheckpoint = listener == null ? CheckpointListener.NONE : listener;
        return this;
    }

    public static Result run(Spec spec) {
        return new Pretrainer(spec, System.err).run();
    }

    public Result run() {
        TrainConfig tc = spec.train();
        CheckpointStore store = new CheckpointStore(spec.runDir(), log);
        Optional<Path> resumeFrom = Optional.empty();
        if (!store.list().isEmpty()) {
            if (!spec.resume()) {
                throw new IllegalArgumentException("run folder " + spec.runDir() + " already has checkpoints: "
                        + "pass --resume to continue it, or choose another --out");
            }
            resumeFrom = store.latestGood();
            if (resumeFrom.isEmpty()) {
                log.println("snak: no usable checkpoint in " + store.directory() + "; starting over");
            }
        }
        TokenShards shards = TokenShards.open(spec.shardsDir());
        try (LlamaModel model = loadModel(resumeFrom, shards)) {
            var train = shards.train();
            var val = shards.val();
            int seqLen = train.seqLen();
            model.setTrainable(true);
            try (AdamW optimizer = new AdamW(model.weights(), tc.optimizer(), model.manager())) {
                log.printf("snak: %,d parameters; AdamW decay group %d tensors, no-decay group %d tensors%n",
                        model.config().parameterCount(), optimizer.decayGroup().size(), optimizer.noDecayGroup().size());
                long step = 0;
                long dataPosition = 0;
                if (resumeFrom.isPresent()) {
                    TrainingState st = CheckpointStore.readState(resumeFrom.get());
                    CheckpointStore.restoreOptimizer(resumeFrom.get(), optimizer, st.optimizerStep(), model.manager());
                    step = st.step();
                    dataPosition = st.dataPosition(); // the position saved, not one recomputed from today's settings
                    log.println("snak: resuming from " + resumeFrom.get() + " at step " + step + ", data position "
                            + dataPosition + (step >= tc.steps() ? " (the run is already complete)" : ""));
                }
                return loop(model, optimizer, store, train, val, seqLen, step, dataPosition);
            }
        }
    }

    private LlamaModel loadModel(Optional<Path> resumeFrom, TokenShards shards) {
        Path from = resumeFrom.orElse(spec.initFrom());
        LlamaModel model;
        if (from != null) {
            try (NDManager tmp = NDManager.newBaseManager(spec.device(), "PyTorch")) {
                HfCheckpoint ckpt = HfCheckpoint.load(from, tmp);
                model = LlamaModel.fromWeights(ckpt.config(), ckpt.weights(), spec.device());
            }
        } else {
            model = LlamaModel.initialize(spec.scratchModel(), spec.train().seed(), spec.device());
        }
        int vocab = model.config().vocabSize();
        if (shards.meta().vocabSize() > vocab) {
            model.close();
            throw new BadInputException(spec.shardsDir(), "token shards use a vocabulary of " + shards.meta().vocabSize()
                    + " but the model has only " + vocab + " embedding rows");
        }
        return model;
    }

    private Result loop(LlamaModel model, AdamW optimizer, CheckpointStore store, TokenShards.Split train,
                        TokenShards.Split val, int seqLen, long startStep, long startPosition) {
        TrainConfig tc = spec.train();
        CosineSchedule schedule = tc.schedule();
        long tokensPerStep = (long) tc.sequencesPerStep() * seqLen;
        List<Path> existing = store.list();
        Path lastCheckpoint = existing.isEmpty() ? null : existing.getLast();
        Progress progress = new Progress("pretrain", tc.steps(), "steps").resumedAt(startStep);
        long started = System.nanoTime();
        long lastSaved = started;
        double tokensPerSecond = 0;
        SkippedSteps skips = new SkippedSteps(SkippedSteps.DEFAULT_LIMIT, spec.runDir().resolve("metrics.csv"), log);
        onCheckpoint.starting(startStep);
        try (MetricsLog metrics = new MetricsLog(spec.runDir().resolve("metrics.csv"), startStep)) {
            for (long step = startStep + 1; step <= tc.steps(); step++) {
                long stepStart = System.nanoTime();
                double lr = schedule.at(step);
                long position = startPosition + (step - startStep - 1) * tc.sequencesPerStep();
                TrainingStep.Outcome out;
                try {
                    out = TrainingStep.run(model, optimizer,
                            (micro, m) -> batch(m, train, position + (long) micro * tc.microBatch(), tc.microBatch(), seqLen),
                            tc.gradAccum(), lr, tc.gradClip());
                } catch (TrainingInterruptedException e) {
                    throw interrupted(e, model, optimizer, store, step - 1, position, seqLen, lastCheckpoint);
                }
                double loss = out.loss();
                double gradNorm = out.gradNorm();
                double seconds = (System.nanoTime() - stepStart) / 1e9; // training only: validation is not throughput
                double valLoss = Double.NaN;
                if (step % tc.evalEvery() == 0 || step == tc.steps()) {
                    valLoss = validationLoss(model, val, seqLen);
                }
                tokensPerSecond = tokensPerStep / seconds;
                MetricsLog.Row row = new MetricsLog.Row(step, loss, valLoss, lr, gradNorm, tokensPerSecond,
                        (System.nanoTime() - started) / 1e9, out.skipped());
                metrics.append(row);
                skips.record(step, lr, out);   // after the row is written: a run it stops keeps its last reason
                progress.update(step, String.format("loss %.4f%s  lr %.2e  %.0f tok/s", loss,
                        Double.isNaN(valLoss) ? "" : String.format("  val %.4f", valLoss), lr, tokensPerSecond));
                boolean timeUp = tc.checkpointMinutes() > 0
                        && System.nanoTime() - lastSaved >= (long) (tc.checkpointMinutes() * 60e9);
                if (step % tc.checkpointEvery() == 0 || step == tc.steps() || timeUp) {
                    long next = position + tc.sequencesPerStep();
                    lastCheckpoint = store.save(model, optimizer, spec.tokenizerJson(), new TrainingState(step,
                            next, next * seqLen, tc.seed(), optimizer.stepCount(), Map.of()));
                    onCheckpoint.saved(step, lastCheckpoint); // before pruning, which only removes older ones
                    store.prune(tc.keepCheckpoints());
                    lastSaved = System.nanoTime();
                }
            }
        }
        List<MetricsLog.Row> rows = MetricsLog.read(spec.runDir().resolve("metrics.csv"));
        if (startStep >= tc.steps() && !rows.isEmpty()) {
            tokensPerSecond = rows.getLast().tokensPerSecond(); // nothing ran now: the run's last measured rate
        }
        return new Result(spec.runDir(), lastCheckpoint, rows, tokensPerSecond);
    }

    /**
     * The weights are those after {@code doneStep} (an interrupted step applies nothing): checkpoint them unless the
     * newest checkpoint already is that step, and say where the run can resume. The interrupt flag is cleared so
     * that the checkpoint's file writes are not themselves interrupted; the exception carries the interrupt on.
     */
    private TrainingInterruptedException interrupted(TrainingInterruptedException e, LlamaModel model, AdamW optimizer,
                                                     CheckpointStore store, long doneStep, long nextPosition, int seqLen,
                                                     Path lastCheckpoint) {
        Thread.interrupted();
        TrainConfig tc = spec.train();
        Path saved = lastCheckpoint;
        boolean alreadySaved = lastCheckpoint != null && lastCheckpoint.getFileName().toString().equals(CheckpointStore.name(doneStep));
        if (doneStep > 0 && !alreadySaved) {
            saved = store.save(model, optimizer, spec.tokenizerJson(), new TrainingState(doneStep, nextPosition,
                    nextPosition * seqLen, tc.seed(), optimizer.stepCount(), Map.of()));
            store.prune(tc.keepCheckpoints());
        }
        String where = saved == null ? "no checkpoint yet" : "checkpoint " + saved;
        log.println("snak: training interrupted after step " + doneStep + " (" + e.getMessage() + "); " + where
                + (saved == null ? "" : "; continue with --resume"));
        TrainingInterruptedException out = new TrainingInterruptedException("training interrupted after step " + doneStep
                + "; " + where);
        out.initCause(e);
        return out;
    }

    /** Mean loss over the first {@code evalBatches} micro-batches of the validation split, without gradients. */
    private double validationLoss(LlamaModel model, TokenShards.Split val, int seqLen) {
        TrainConfig tc = spec.train();
        double sum = 0;
        for (int b = 0; b < tc.evalBatches(); b++) {
            try (NoGrad off = NoGrad.enter(); NDManager scratch = model.manager().newSubManager()) {
                NDArray[] xy = batch(scratch, val, (long) b * tc.microBatch(), tc.microBatch(), seqLen);
                sum += model.loss(xy[0], xy[1]).getFloat();
            }
        }
        return sum / tc.evalBatches();
    }

    /** Inputs and targets [batch, seqLen] from sequences start..start+batch-1 (wrapping around the split). */
    static NDArray[] batch(NDManager m, TokenShards.Split split, long start, int batch, int seqLen) {
        long[] inputs = new long[batch * seqLen];
        long[] targets = new long[batch * seqLen];
        int[] seq = new int[seqLen + 1];
        for (int b = 0; b < batch; b++) {
            split.read(Math.floorMod(start + b, split.size()), seq);
            for (int t = 0; t < seqLen; t++) {
                inputs[b * seqLen + t] = seq[t];
                targets[b * seqLen + t] = seq[t + 1];
            }
        }
        Shape shape = new Shape(batch, seqLen);
        return new NDArray[] {EngineArrays.longs(m, inputs, shape), EngineArrays.longs(m, targets, shape)};
    }
}
