package dk.snaklib.util;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar with rate and ETA, redrawn at most a few times a second.
 * On a terminal it redraws in place; elsewhere (CI logs) it prints a line every {@code logEvery} of the total.
 */
public final class Progress {
    private final String label;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final boolean inPlace;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private int lastLoggedDecile = -1;
    private long done;

    public Progress(String label, long total, String unit) {
        this(label, total, unit, System.err, System.console() != null);
    }

    public Progress(String label, long total, String unit, PrintStream out, boolean inPlace) {
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.inPlace = inPlace;
    }

    /** Sets the absolute amount done (e.g. the step) and redraws if due; {@code extra} is appended (e.g. loss). */
    public void update(long doneNow, String extra) {
        done = doneNow;
        long now = System.nanoTime();
        if (inPlace) {
            if (now - lastDrawNanos > 200_000_000L || done >= total) {
                lastDrawNanos = now;
                out.print("\r" + line(extra) + (done >= total ? "\n" : ""));
                out.flush();
            }
        } else {
            int decile = total <= 0 ? 10 : (int) (10 * done / total);
            if (decile != lastLoggedDecile) {
                lastLoggedDecile = decile;
                out.println(line(extra));
            }
        }
    }

    String line(String extra) {
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double rate = secs > 0 ? done / secs : 0;
        int width = 24;
        int filled = total <= 0 ? width : (int) Math.min(width, width * done / total);
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        String eta = rate > 0 && total > done ? format(Duration.ofSeconds((long) ((total - done) / rate))) : "--";
        return String.format("%s [%s] %d/%d %s  %.1f %s/s  elapsed %s  eta %s%s", label, bar, done, total, unit,
                rate, unit, format(Duration.ofSeconds((long) secs)), eta, extra == null || extra.isEmpty() ? "" : "  " + extra);
    }

    static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
