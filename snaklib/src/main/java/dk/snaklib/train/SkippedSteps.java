package dk.snaklib.train;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Counts the steps whose update the {@link StepGuard} skipped, says each on the console, and stops the run when
 * too many come in a row: one bad batch is survivable, a run that keeps producing non-finite numbers is not.
 */
public final class SkippedSteps {
    /** Consecutive skipped steps that stop a run. */
    public static final int DEFAULT_LIMIT = 3;

    private final int limit;
    private final Path metricsFile;
    private final PrintStream log;
    private long total;
    private int inARow;

    public SkippedSteps(int limit, Path metricsFile, PrintStream log) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit of consecutive skipped steps must be >= 1, got " + limit);
        }
        this.limit = limit;
        this.metricsFile = metricsFile;
        this.log = log;
    }

    /** Notes one step's outcome; throws when the limit of skipped steps in a row is reached. */
    public void record(long step, double lr, TrainingStep.Outcome outcome) {
        if (outcome.applied()) {
            inARow = 0;
            return;
        }
        total++;
        inARow++;
        log.printf("snak: step %d skipped, no update (%s; loss %s, lr %.3g); %d skipped so far, %d in a row%n",
                step, outcome.skipped(), outcome.loss(), lr, total, inARow);
        if (inARow >= limit) {
            throw new IllegalStateException("training stopped at step " + step + ": " + inARow
                    + " steps in a row had a non-finite loss or gradient (last: " + outcome.skipped() + ", lr "
                    + lr + "); see the skipped column of " + metricsFile
                    + ". Lower the learning rate, check the data, or resume from an earlier checkpoint.");
        }
    }

    /** Steps skipped so far in this process. */
    public long total() {
        return total;
    }
}
