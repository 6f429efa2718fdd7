package dk.snaklib.notebook;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The report of a replay that already ran, drawn in headless Chromium: every notebook ok, every finding there, every
 * figure plotted offline. CI runs it after {@code ./snak replay --preset tiny} with {@code SNAK_REPLAY_REPORT} naming
 * the index (.ci/run); without that variable it is skipped.
 */
class ReplayReportRendersTest {
    @TempDir
    Path tmp;

    @Test
    void theReplaysReportRendersWithEveryFigureDrawn() throws Exception {
        String given = System.getenv("SNAK_REPLAY_REPORT");
        Assumptions.assumeTrue(given != null && !given.isBlank(), "SNAK_REPLAY_REPORT not set (CI sets it after the replay)");
        Path index = Path.of(given).toAbsolutePath();
        assertTrue(Files.isRegularFile(index), "SNAK_REPLAY_REPORT=" + given + ": no such report");
        String html = Files.readString(index);
        check(html, index, tmp);
    }

    /** The checks, on a report index and its rendered DOM. */
    static void check(String html, Path index, Path scratch) throws Exception {
        assertFalse(html.contains("The replay stopped at"), "the replay stopped: " + index);
        assertFalse(html.contains("<td>failed</td>"), "a notebook failed: " + index);
        int notebooks = Chromium.count(html, "<td>ok</td>");
        assertTrue(notebooks >= 1, "no notebook ran ok in " + index);
        assertTrue(Chromium.count(html, "Finding:</b>") >= notebooks, "every notebook states its finding");
        int figures = Chromium.count(html, "class=\"snaklib-plot\"");
        assertTrue(figures >= 1, "no figure in " + index);
        Chromium.require();
        String dom = Chromium.dom(index, scratch);
        assertEquals(figures, Chromium.count(dom, "data-snaklib-plotted=\"true\""), "every figure of " + index + " draws offline");
    }
}
