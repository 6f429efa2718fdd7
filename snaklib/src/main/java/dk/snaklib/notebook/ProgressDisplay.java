package dk.snaklib.notebook;

import dk.snaklib.util.Progress;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.UUID;

/**
 * A {@link Progress} shown in a notebook cell as one display that updates in place (display_data with a
 * display_id, then update_display_data), instead of stderr lines that front ends render as an error block.
 */
final class ProgressDisplay implements Progress.View {
    static final String ID_PREFIX = "progress-";

    private final OutputSink sink;
    private final String displayId = ID_PREFIX + UUID.randomUUID();
    private boolean shown;

    ProgressDisplay(OutputSink sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void draw(String line, boolean finished) {
        DisplayData data = new DisplayData(line);
        data.setDisplayId(displayId);
        if (shown) {
            sink.updateDisplay(data);
        } else {
            shown = true;
            sink.display(data);
        }
    }
}
