package dk.snaklib.analysis;

import dk.snaklib.train.CheckpointListener;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Live divergence logging: at each checkpoint a run writes, {@link Divergence#between} the run's initial weights and
 * that checkpoint, appended to the run's {@link DivergenceLog}. Hand it to {@code Pretrainer.onCheckpoint}. A failure
 * here is reported on the log and does not stop training (the checkpoint is there to measure again).
 */
public final class CheckpointDivergence implements CheckpointListener {
    private final Path initial;
    private final Path runDir;
    private final PrintStream log;
    private final Divergence.Options options;

    /** Measures every checkpoint of the run in {@code runDir} against {@code initial} (an HF model folder). */
    public CheckpointDivergence(Path initial, Path runDir, PrintStream log) {
        this(initial, runDir, log, Divergence.Options.defaults().withTopK(20));
    }

    public CheckpointDivergence(Path initial, Path runDir, PrintStream log, Divergence.Options options) {
        this.initial = initial;
        this.runDir = runDir;
        this.log = log;
        this.options = options;
    }

    @Override
    public void starting(long step) {
        try {
            DivergenceLog.keepUpTo(runDir, step);
        } catch (RuntimeException e) {
            log.println("snak: the divergence log could not be trimmed to step " + step + ": " + e.getMessage());
        }
    }

    @Override
    public void saved(long step, Path checkpoint) {
        try {
            Divergence d = Divergence.between(initial, checkpoint, options);
            DivergenceLog.append(runDir, step, d);
            double mean = d.byLayer().stream().mapToDouble(DivergenceGroup::meanAngleDegrees).average().orElse(Double.NaN);
            log.println(String.format(Locale.ROOT, "snak: divergence at step %d vs the initial weights: mean angle %.4g deg"
                    + " over the layers (%.1f s) -> %s", step, mean, d.seconds(), runDir.resolve(DivergenceLog.FILE)));
        } catch (RuntimeException e) {
            log.println("snak: divergence at step " + step + " was not logged: " + e.getMessage());
        }
    }
}
