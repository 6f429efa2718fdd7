package dk.snaklib.util;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ProgressTest {
    /** A clock the test moves. */
    static final class Clock {
        long nanos = 1_000_000_000L;

        void advanceSeconds(double s) {
            nanos += (long) (s * 1e9);
        }
    }

    private static List<String> lines(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void offATerminalALineAtStartAtLeastEvery30SecondsAndAtTheEnd() {
        var bytes = new ByteArrayOutputStream();
        Clock clock = new Clock();
        // 1000 steps of 2 s: 10% is 2000 s, far more than 30 s
        Progress p = new Progress("pretrain", 1000, "steps", new PrintStream(bytes, true, StandardCharsets.UTF_8), false, null, () -> clock.nanos);
        for (int step = 1; step <= 100; step++) {
            clock.advanceSeconds(2);
            p.update(step, "");
        }
        List<String> l = lines(bytes);
        assertTrue(l.get(0).startsWith("pretrain [") && l.get(0).contains(" 1/1000 steps"), l.get(0));
        // the first update, one per 30 s (at 32, 62, ... 182 s), and 10% at step 100
        assertEquals(1 + 6 + 1, l.size(), "a line at the first update, then one per 30 s: " + l);
        assertTrue(l.get(1).contains(" 16/1000 steps") && l.get(1).contains("elapsed 0:32"), l.get(1));
        for (int step = 101; step <= 1000; step++) {
            clock.advanceSeconds(2);
            p.update(step, "");
        }
        l = lines(bytes);
        assertTrue(l.getLast().contains(" 1000/1000 steps"), l.getLast());
        assertTrue(l.size() >= 1998 / 30, "about one line per 30 s over 2000 s: " + l.size());
    }

    @Test
    void timeLeftAfterAResumeComesFromThisProcessesSteadyRate() {
        var bytes = new ByteArrayOutputStream();
        Clock clock = new Clock();
        Progress p = new Progress("pretrain", 1000, "steps", new PrintStream(bytes, true, StandardCharsets.UTF_8), false, null, () -> clock.nanos)
                .resumedAt(700);
        clock.advanceSeconds(20); // loading the checkpoint and the first (slow) step
        p.update(701, "");
        for (int step = 702; step <= 720; step++) {
            clock.advanceSeconds(5); // the steady rate: 0.2 steps/s
            p.update(step, "");
        }
        String line = p.line("");
        assertTrue(line.contains("720/1000 steps (resumed at 700)"), line);
        assertTrue(line.contains("0.2 steps/s"), line);
        assertTrue(line.contains("left 23:20"), "280 steps at 5 s each: " + line);
    }

    @Test
    void theRateForgetsASlowStartOutsideItsWindow() {
        Clock clock = new Clock();
        Progress p = new Progress("x", 10_000, "steps", new PrintStream(new ByteArrayOutputStream()), false, null, () -> clock.nanos);
        p.update(1, "");
        clock.advanceSeconds(300); // a very slow second step
        p.update(2, "");
        for (int step = 3; step <= 400; step++) {
            clock.advanceSeconds(1);
            p.update(step, "");
        }
        assertEquals(1.0, p.rate(clock.nanos), 0.02, "the last two minutes ran at 1 step/s");
    }

    @Test
    void onATerminalOneLineRedrawnInPlace() {
        var bytes = new ByteArrayOutputStream();
        Clock clock = new Clock();
        Progress p = new Progress("merges", 50, "tokens", new PrintStream(bytes, true, StandardCharsets.UTF_8), true, null, () -> clock.nanos);
        for (int i = 1; i <= 50; i++) {
            clock.advanceSeconds(0.1);
            p.update(i, "");
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), "one newline, at the end");
        assertTrue(out.startsWith("\r") && out.contains("\rmerges [########################] 50/50 tokens"), out);
        assertTrue(out.split("\r").length > 5, "redrawn as it went");
    }

    @Test
    void inANotebookOneViewIsDrawnAndFinished() {
        List<String> drawn = new ArrayList<>();
        boolean[] finished = {false};
        Progress.View view = (line, end) -> {
            drawn.add(line);
            finished[0] = end;
        };
        Progress.showIn(label -> view);
        Progress p;
        try {
            p = new Progress("cell work", 3, "items");
        } finally {
            Progress.showIn(null);
        }
        for (int i = 1; i <= 3; i++) {
            p.update(i, "");
        }
        assertTrue(drawn.getFirst().contains("1/3 items"), drawn.toString());
        assertTrue(drawn.getLast().contains("3/3 items"), drawn.toString());
        assertTrue(finished[0]);
    }
}
