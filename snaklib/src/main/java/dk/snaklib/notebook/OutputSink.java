package dk.snaklib.notebook;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** Where a running cell's outputs go: Jupyter's iopub channel in the kernel, nbformat outputs in the runner. */
public interface OutputSink {
    /** Text written to {@code stdout} or {@code stderr}. */
    void stream(String name, String text);

    /** A rich output published while the cell runs (display_data). */
    void display(DisplayData data);

    /** Replaces the earlier display with the same display_id (update_display_data); {@code data} carries the id. */
    void updateDisplay(DisplayData data);

    /** Clears the cell's outputs; with {@code wait}, only when the next output arrives. */
    void clearOutput(boolean wait);

    /** Drops everything: the sink outside a running cell. */
    OutputSink DISCARD = new OutputSink() {
        @Override
        public void stream(String name, String text) {}

        @Override
        public void display(DisplayData data) {}

        @Override
        public void updateDisplay(DisplayData data) {}

        @Override
        public void clearOutput(boolean wait) {}
    };
}
