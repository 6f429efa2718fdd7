package dk.snaklib.train;

/**
 * Training stopped because its thread was interrupted (a Jupyter interrupt, a runner timeout, Ctrl-C in a
 * notebook). Thrown between micro-batches, after DJL's gradient collector is released, so the next training in
 * the same JVM can start.
 */
public final class TrainingInterruptedException extends RuntimeException {
    public TrainingInterruptedException(String message) {
        super(message);
    }
}
