package dk.snaklib.corpus.pipeline;

import java.util.Map;
import java.util.TreeMap;

/** What one step saw: documents in, documents out (a step may split), drops by reason. */
public final class StepCounters implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String step;
    private long in;
    private long out;
    private final Map<String, Long> dropped = new TreeMap<>();

    public StepCounters(String step) {
        this.step = step;
    }

    void countIn() {
        in++;
    }

    void countOut() {
        out++;
    }

    void countDrop(String reason) {
        dropped.merge(reason, 1L, Long::sum);
    }

    /** Adds what {@code other} (the same step, counted elsewhere: another Spark task) saw. */
    public void add(StepCounters other) {
        if (!other.step.equals(step)) {
            throw new IllegalArgumentException("cannot add the counters of " + other.step + " to those of " + step);
        }
        in += other.in;
        out += other.out;
        other.dropped.forEach((r, n) -> dropped.merge(r, n, Long::sum));
    }

    /** The counters of a step that saw {@code in} documents, passed on {@code out}, dropped {@code dropped} by reason. */
    public static StepCounters of(String step, long in, long out, java.util.Map<String, Long> dropped) {
        StepCounters c = new StepCounters(step);
        c.in = in;
        c.out = out;
        c.dropped.putAll(dropped);
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepCounters c && c.step.equals(step) && c.in == in && c.out == out && c.dropped.equals(dropped);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(step, in, out, dropped);
    }

    public String step() {
        return step;
    }

    public long in() {
        return in;
    }

    public long out() {
        return out;
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> dropped() {
        return Map.copyOf(dropped);
    }

    @Override
    public String toString() {
        return String.format("%-10s in %,d  out %,d  dropped %,d %s", step, in, out, droppedTotal(), dropped.isEmpty() ? "" : dropped);
    }
}
