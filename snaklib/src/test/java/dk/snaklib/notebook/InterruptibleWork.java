package dk.snaklib.notebook;

/**
 * Library code a kernel test calls from a cell: a loop that checks its thread's interrupt flag, as the training
 * loop does between micro-batches, then cleans up the way a checkpoint-on-interrupt would. Compiled by javac, not
 * JShell, so only the interrupt flag can stop it (JShell's own stop check exists only in cell code).
 */
public final class InterruptibleWork {
    private InterruptibleWork() {}

    /** Spins until interrupted (or {@code maxMillis}), then spends 500 ms "saving"; says what happened. */
    public static void untilInterrupted(long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        double x = 0;
        while (!Thread.currentThread().isInterrupted()) {
            x += Math.sqrt(x + 1); // work between checks
            if (System.nanoTime() > deadline) {
                System.out.println("never interrupted");
                return;
            }
        }
        Thread.interrupted(); // handled: clear the flag, write the checkpoint
        System.out.println("library loop saw the interrupt");
        try {
            Thread.sleep(500);
            System.out.println("cleanup finished without a second interrupt");
        } catch (InterruptedException e) {
            System.out.println("interrupted again during cleanup");
        }
    }
}
