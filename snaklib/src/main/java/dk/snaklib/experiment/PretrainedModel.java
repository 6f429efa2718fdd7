package dk.snaklib.experiment;

import dk.snaklib.train.CheckpointStore;
import dk.snaklib.train.MetricsLog;
import dk.snaklib.train.Pretrainer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A pre-training run kept as an artifact ({@code base-pretraining} or {@code continued-pretraining}): the run folder
 * Pretraining.run wrote (run.json, metrics.csv, checkpoints/, tokenizer and shards), read back.
 */
public record PretrainedModel(Artifact artifact) {

    public Path runDir() {
        return artifact.dir();
    }

    /** Every kept checkpoint (HF model folders), oldest first. */
    public List<Path> checkpoints() {
        return new CheckpointStore(runDir(), new PrintStream(PrintStream.nullOutputStream())).list();
    }

    /** The checkpoint written at the last step. */
    public Path finalCheckpoint() {
        List<Path> all = checkpoints();
        if (all.isEmpty()) {
            throw new IllegalStateException(artifact + " has no checkpoints in " + runDir());
        }
        return all.getLast();
    }

    public List<MetricsLog.Row> metrics() {
        return MetricsLog.read(runDir().resolve("metrics.csv"));
    }

    /** The run as {@link Pretraining#run} returned it (a notebook shows its summary and loss curve). */
    public Pretrainer.Result run() {
        return new Pretrainer.Result(runDir(), finalCheckpoint(), metrics(), artifact.summary().path("tokens_per_second").asDouble());
    }

    /** The final validation loss (the last measured one). */
    public double finalValLoss() {
        return artifact.summary().path("final_val_loss").asDouble(Double.NaN);
    }

    @Override
    public String toString() {
        return "PretrainedModel[" + artifact + ", " + runDir() + "]";
    }
}
