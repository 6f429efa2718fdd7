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

import java.io.PrintStream;

import java.nio.file.Path;
import java.util.List;
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

    /** The shared {@link TrainingLoop} over the shards: the cosine schedule, the validation shard, model checkpoints. */
    private Result loop(LlamaModel model, AdamW optimizer, CheckpointStore store, TokenShards.Split train,
                        TokenShards.Split val, int seqLen, long startStep, long startPosition) {
        TrainConfig tc = spec.train();
        CosineSchedule schedule = tc.schedule();
        TrainingLoop.Run run = new TrainingLoop.Run() {
            @Override
            public TrainingLoop.Step step(long step, long position) {
                return new TrainingLoop.Step(
                        (micro, m) -> batch(m, train, position + (long) micro * tc.microBatch(), tc.microBatch(), seqLen),
                        tc.gradAccum(), tc.sequencesPerStep(), TrainingStep.Normalisation.MICRO_BATCH_MEAN);
            }

            @Override
            public double validationLoss(long step) {
                return Pretrainer.this.validationLoss(model, val, seqLen);
            }

            @Override
            public Path checkpoint(TrainingState state) {
                return store.save(model, optimizer, spec.tokenizerJson(), state);
            }

            @Override
            public void checkpointed(long step, Path checkpoint) {
                onCheckpoint.saved(step, checkpoint);
            }
        };
        onCheckpoint.starting(startStep);
        TrainingLoop.Result r = new TrainingLoop(TrainingLoop.Settings.of("pretrain", tc, seqLen), model, optimizer, store,
                spec.runDir().resolve("metrics.csv"), schedule::at, run, log).run(startStep, startPosition);
        return new Result(spec.runDir(), r.lastCheckpoint(), r.metrics(), r.tokensPerSecond());
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
