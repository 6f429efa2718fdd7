package dk.snaklib.train;

import java.nio.file.Path;

/**
 * Told about the checkpoints a {@link Pretrainer} writes, so that code above {@code train/} (weight divergence in
 * {@code analysis/}) can measure each one while the run goes on, without {@code train/} knowing it. Called on the
 * training thread: the run waits for it, so keep it to seconds.
 */
@FunctionalInterface
public interface CheckpointListener {
    /** Does nothing. */
    CheckpointListener NONE = (step, checkpoint) -> {};

    /**
     * The loop starts after {@code step} (0 for a new run): anything recorded for later steps belongs to an attempt
     * that will be redone, as the metrics log drops its rows past a resumed checkpoint.
     */
    default void starting(long step) {}

    /** The checkpoint of {@code step} is complete in {@code checkpoint} (an HF model folder). */
    void saved(long step, Path checkpoint);
}
