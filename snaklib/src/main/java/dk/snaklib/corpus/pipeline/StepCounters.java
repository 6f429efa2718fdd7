package dk.snaklib.corpus.pipeline;

import java.util.Map;
import java.util.TreeMap;

/** What one step saw: documents in, documents out (a step may split), drops by reason. */
public final class StepCounters {
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
