package dk.snaklib.util;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Progress of one long loop, with rate and time left: the loop calls {@link #update} with the amount done.
 * Where it shows depends on where it runs: on a terminal a bar redrawn in place; off a terminal (CI logs, pipes)
 * a line at the first update, at least every {@link #LOG_EVERY} after that (at the next update) and at the end;
 * in a notebook cell one display that updates in place ({@link #showIn}).
 * <p>
 * Time left comes from the recent, steady rate of work done in this process, measured from the first update on:
 * a run resumed at step 700 of 1000 never counts the skipped steps as done fast ({@link #resumedAt} says it in
 * the line), and a slow first step (warm-up) drops out of the window.
 */
public final class Progress {
    /** Longest gap between two lines off a terminal. */
    public static final Duration LOG_EVERY = Duration.ofSeconds(30);
    /** The rate is measured over this much recent work, so a slow first step (warm-up) soon stops mattering. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(2);

    /** Where a running notebook cell shows progress: one updating display per Progress. */
    public interface View {
        /** Draws {@code line}; {@code finished} on the last call. */
        void draw(String line, boolean finished);
    }

    private static volatile Function<String, View> views;

    private final String label;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final boolean inPlace;
    private final View view;
    private final LongSupplier clock;
    private final long startNanos;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanos, done} of recent updates
    private long lastDrawNanos = Long.MIN_VALUE;
    private long lastLoggedTenth = -1;
    private long startDone;
    private long done;
    private boolean finished;

    /** Progress on stderr: a bar on a terminal, lines elsewhere, a display in a notebook cell. */
    public Progress(String label, long total, String unit) {
        this(label, total, unit, System.err, System.console() != null, currentView(label), System::nanoTime);
    }

    public Progress(String label, long total, String unit, PrintStream out, boolean inPlace) {
        this(label, total, unit, out, inPlace, null, System::nanoTime);
    }

    Progress(String label, long total, String unit, PrintStream out, boolean inPlace, View view, LongSupplier clock) { // clock: System.nanoTime, or a test's
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.inPlace = inPlace;
        this.view = view;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    /**
     * While {@code factory} is set (a notebook kernel sets it for the running cell), new Progress objects draw into
     * the view it makes instead of stderr; null restores stderr.
     */
    public static void showIn(Function<String, View> factory) {
        views = factory;
    }

    private static View currentView(String label) {
        Function<String, View> f = views;
        return f == null ? null : f.apply(label);
    }

    /**
     * Says that {@code alreadyDone} (e.g. the step a run resumes from) was done before this process started. The
     * rate never counts it either way (it is measured from the first update on); this only shows it in the line.
     */
    public Progress resumedAt(long alreadyDone) {
        startDone = alreadyDone;
        done = alreadyDone;
        return this;
    }

    /** Sets the absolute amount done (e.g. the step) and redraws if due; {@code extra} is appended (e.g. loss). */
    public synchronized void update(long doneNow, String extra) {
        long now = clock.getAsLong();
        done = doneNow;
        sample(now);
        boolean end = total > 0 && done >= total;
        if (finished && end) {
            return;
        }
        finished = end;
        long sinceDraw = now - lastDrawNanos;
        boolean first = lastDrawNanos == Long.MIN_VALUE;
        if (view != null) {
            if (first || end || sinceDraw >= 500_000_000L) {
                lastDrawNanos = now;
                view.draw(line(extra, now), end);
            }
        } else if (inPlace) {
            if (first || end || sinceDraw >= 200_000_000L) {
                lastDrawNanos = now;
                out.print("\r" + line(extra, now) + (end ? "\n" : ""));
                out.flush();
            }
        } else if (first || end || sinceDraw >= LOG_EVERY.toNanos() || crossedTenth()) {
            lastDrawNanos = now;
            out.println(line(extra, now));
        }
    }

    /** Off a terminal, a line also at every tenth of the total (short runs still show their course). */
    private boolean crossedTenth() {
        long tenth = total <= 0 ? 0 : 10 * done / total;
        if (tenth == lastLoggedTenth) {
            return false;
        }
        boolean crossed = lastLoggedTenth >= 0;
        lastLoggedTenth = tenth;
        return crossed;
    }

    /** The first update is the baseline: work before it (skipped on resume, or warm-up) is not in the rate. */
    private void sample(long now) {
        long[] last = samples.peekLast();
        if (last == null) {
            samples.add(new long[] {now, done});
            return;
        }
        if (last != null && now - last[0] < 1_000_000_000L && samples.size() > 1) {
            last[0] = now; // at most one sample per second
            last[1] = done;
        } else {
            samples.add(new long[] {now, done});
        }
        while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW.toNanos()) {
            samples.removeFirst();
        }
    }

    /** Units per second over the recent window of work done in this process. */
    double rate(long now) {
        long[] first = samples.peekFirst();
        if (first == null) {
            return 0;
        }
        double secs = (now - first[0]) / 1e9;
        long work = done - first[1];
        return secs > 0 && work > 0 ? work / secs : 0;
    }

    String line(String extra) {
        return line(extra, clock.getAsLong());
    }

    private String line(String extra, long now) {
        double secs = (now - startNanos) / 1e9;
        double rate = rate(now);
        int width = 24;
        int filled = total <= 0 ? width : (int) Math.min(width, width * done / total);
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        String eta = rate > 0 && total > done ? format(Duration.ofSeconds((long) ((total - done) / rate))) : "--";
        String resumed = startDone > 0 ? " (resumed at " + startDone + ")" : "";
        return String.format(Locale.ROOT, "%s [%s] %d/%d %s%s  %.1f %s/s  elapsed %s  left %s%s", label, bar, done, total,
                unit, resumed, rate, unit, format(Duration.ofSeconds((long) secs)), eta,
                extra == null || extra.isEmpty() ? "" : "  " + extra);
    }

    static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
