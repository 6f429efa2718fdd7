package dk.snaklib.notebook;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/** Helpers for notebook cells (imported statically at kernel start-up). */
public final class Notebook {
    private Notebook() {}

    /** Clears the current cell's outputs, e.g. to redraw a progress display. */
    public static void clearOutput() {
        if (BaseKernel.notebookKernel() instanceof SnakKernel k) {
            k.clearOutput(false);
        }
    }
}
