package dk.snaklib.train;

import dk.snaklib.model.LlamaModel;
import dk.snaklib.util.Progress;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * The loop every training run shares (pre-training and instruction tuning): for each step the run's micro-batches
 * go through {@link TrainingStep} (guard, clipping, AdamW), the row goes to {@code metrics.csv}, {@link SkippedSteps}
 * stops a run that keeps failing, validation runs every {@code evalEvery} steps and at the end, and a checkpoint is
 * written every {@code checkpointEvery} steps, at the end, and when {@code checkpointMinutes} of wall time have
 * passed; an interrupt checkpoints the last completed step. What differs between runs (where the batches come
 * from, what validation measures, what a checkpoint holds) is given by the run.
 */
public final class TrainingLoop {

    /**
     * The loop's settings.
     *
     * @param label             the progress line's name ("pretrain", "tune")
     * @param steps             the last step of the run
     * @param sequencesPerStep  sequences a full step reads: a step's data position is (step - 1) x this
     * @param seqLen            tokens per sequence (tokens seen = data position x seqLen)
     * @param gradClip          global gradient norm limit (0: none)
     * @param evalEvery         validation every k steps (and at the end)
     * @param checkpointEvery   checkpoint every k steps (and at the end)
     * @param checkpointMinutes also checkpoint when this much wall time passed since the last one (0: off)
     * @param keepCheckpoints   newest good checkpoints kept (0: all)
     * @param seed              the run's seed, saved in every checkpoint's state
     */
    public record Settings(String label, long steps, int sequencesPerStep, int seqLen, double gradClip, int evalEvery,
                           int checkpointEvery, double checkpointMinutes, int keepCheckpoints, long seed) {
        /** The settings a {@link TrainConfig} gives. */
        public static Settings of(String label, TrainConfig tc, int seqLen) {
            return new Settings(label, tc.steps(), tc.sequencesPerStep(), seqLen, tc.gradClip(), tc.evalEvery(),
                    tc.checkpointEvery(), tc.checkpointMinutes(), tc.keepCheckpoints(), tc.seed());
        }
    }

    /**
     * One step's data: {@code microBatches} forward/backward passes reading {@code sequences} sequences (fewer than
     * a full step only at the end of an epoch-bounded run), combined as {@code normalisation} says.
     */
    public record Step(TrainingStep.Batches batches, int microBatches, int sequences, TrainingStep.Normalisation normalisation) {}

    /** What the run supplies. */
    public interface Run {
        /** The data of {@code step}, whose first sequence is sequence {@code position} of the run's data. */
        Step step(long step, long position);

        /** The validation loss after {@code step}. */
        double validationLoss(long step);

        /** Writes the checkpoint of {@code state} (model or adapter, optimizer, state) and returns its folder. */
        Path checkpoint(TrainingState state);

        /** Called after each checkpoint the loop writes at its schedule (not an interrupt's), before pruning. */
        default void checkpointed(long step, Path checkpoint) {}
    }

    /** What the loop leaves: the newest checkpoint, every metrics row of the run, the last measured tokens/s. */
    public record Result(Path lastCheckpoint, List<MetricsLog.Row> metrics, double tokensPerSecond) {}

    private final Settings settings;
    private final LlamaModel model;
    private final AdamW optimizer;
    private final CheckpointStore store;
    private final Path metricsFile;
    private final LongToDoubleFunction learningRate;
    private final Run run;
    private final PrintStream log;

    public TrainingLoop(Settings settings, LlamaModel model, AdamW optimizer, CheckpointStore store, Path metricsFile,
                        LongToDoubleFunction learningRate, Run run, PrintStream log) {
        this.settings = settings;
        this.model = model;
        this.optimizer = optimizer;
        this.store = store;
        this.metricsFile = metricsFile;
        this.learningRate = learningRate;
        this.run = run;
        this.log = log;
    }

    /** Runs steps {@code startStep + 1 .. steps}, the first reading the data at {@code startPosition}. */
    public Result run(long startStep, long startPosition) {
        Settings s = settings;
        List<Path> existing = store.list();
        Path lastCheckpoint = existing.isEmpty() ? null : existing.getLast();
        Progress progress = new Progress(s.label(), s.steps(), "steps").resumedAt(startStep);
        long started = System.nanoTime();
        long lastSaved = started;
        double tokensPerSecond = 0;
        SkippedSteps skips = new SkippedSteps(SkippedSteps.DEFAULT_LIMIT, metricsFile, log);
        try (MetricsLog metrics = new MetricsLog(metricsFile, startStep)) {
            for (long step = startStep + 1; step <= s.steps(); step++) {
                long stepStart = System.nanoTime();
                double lr = learningRate.applyAsDouble(step);
                long position = startPosition + (step - startStep - 1) * s.sequencesPerStep();
                TrainingStep.Outcome out;
                Step data;
                try {
                    data = run.step(step, position);
                    out = TrainingStep.run(model, optimizer, data.batches(), data.microBatches(), lr, s.gradClip(),
                            data.normalisation());
                } catch (TrainingInterruptedException e) {
                    throw interrupted(e, step - 1, position, lastCheckpoint);
                }
                double seconds = (System.nanoTime() - stepStart) / 1e9; // training only: validation is not throughput
                double valLoss = Double.NaN;
                if (step % s.evalEvery() == 0 || step == s.steps()) {
                    valLoss = run.validationLoss(step);
                }
                tokensPerSecond = (double) data.sequences() * s.seqLen() / seconds;
                MetricsLog.Row row = new MetricsLog.Row(step, out.loss(), valLoss, lr, out.gradNorm(), tokensPerSecond,
                        (System.nanoTime() - started) / 1e9, out.skipped());
                metrics.append(row);
                skips.record(step, lr, out);   // after the row is written: a run it stops keeps its last reason
                progress.update(step, String.format("loss %.4f%s  lr %.2e  %.0f tok/s", out.loss(),
                        Double.isNaN(valLoss) ? "" : String.format("  val %.4f", valLoss), lr, tokensPerSecond));
                boolean timeUp = s.checkpointMinutes() > 0
                        && System.nanoTime() - lastSaved >= (long) (s.checkpointMinutes() * 60e9);
                if (step % s.checkpointEvery() == 0 || step == s.steps() || timeUp) {
                    long next = position + data.sequences();
                    lastCheckpoint = run.checkpoint(state(step, next));
                    run.checkpointed(step, lastCheckpoint); // before pruning, which only removes older ones
                    store.prune(s.keepCheckpoints());
                    lastSaved = System.nanoTime();
                }
            }
        }
        List<MetricsLog.Row> rows = MetricsLog.read(metricsFile);
        if (startStep >= s.steps() && !rows.isEmpty()) {
            tokensPerSecond = rows.getLast().tokensPerSecond(); // nothing ran now: the run's last measured rate
        }
        return new Result(lastCheckpoint, rows, tokensPerSecond);
    }

    private TrainingState state(long step, long nextPosition) {
        return new TrainingState(step, nextPosition, nextPosition * settings.seqLen(), settings.seed(),
                optimizer.stepCount(), Map.of());
    }

    /**
     * The weights are those after {@code doneStep} (an interrupted step applies nothing): checkpoint them unless the
     * newest checkpoint already is that step, and say where the run can resume. The interrupt flag is cleared so
     * that the checkpoint's file writes are not themselves interrupted; the exception carries the interrupt on.
     */
    private TrainingInterruptedException interrupted(TrainingInterruptedException e, long doneStep, long nextPosition,
                                                     Path lastCheckpoint) {
        Thread.interrupted();
        Path saved = lastCheckpoint;
        boolean alreadySaved = lastCheckpoint != null && lastCheckpoint.getFileName().toString().equals(CheckpointStore.name(doneStep));
        if (doneStep > 0 && !alreadySaved) {
            saved = run.checkpoint(state(doneStep, nextPosition));
            store.prune(settings.keepCheckpoints());
        }
        String where = saved == null ? "no checkpoint yet" : "checkpoint " + saved;
        log.println("snak: training interrupted after step " + doneStep + " (" + e.getMessage() + "); " + where
                + (saved == null ? "" : "; continue with --resume"));
        TrainingInterruptedException out = new TrainingInterruptedException("training interrupted after step " + doneStep
                + "; " + where);
        out.initCause(e);
        return out;
    }
}
