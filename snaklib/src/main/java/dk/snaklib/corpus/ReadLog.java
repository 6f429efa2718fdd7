package dk.snaklib.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What readers saw: documents emitted, records skipped on purpose (redirects, delete notices) by reason, and bad
 * records kept aside. Shared by the readers of one run; thread-safe.
 */
public final class ReadLog {
    /** Bad records beyond this many are only counted, so a wholly broken file cannot fill the heap. */
    public static final int MAX_KEPT = 10_000;

    private final Map<String, Long> skipped = new TreeMap<>();
    private final List<BadRecord> bad = new ArrayList<>();
    private long badCount;
    private long documents;

    public synchronized void document() {
        documents++;
    }

    /** A record that is fine but not a document by the format's rules (e.g. "redirect", "namespace 14"). */
    public synchronized void skipped(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    public synchronized void bad(BadRecord record) {
        badCount++;
        if (bad.size() < MAX_KEPT) {
            bad.add(record);
        }
    }

    public synchronized long documents() {
        return documents;
    }

    public synchronized long badCount() {
        return badCount;
    }

    public synchronized List<BadRecord> badRecords() {
        return Collections.unmodifiableList(new ArrayList<>(bad));
    }

    public synchronized Map<String, Long> skipped() {
        return Collections.unmodifiableMap(new TreeMap<>(skipped));
    }

    @Override
    public synchronized String toString() {
        return "documents=" + documents + " bad=" + badCount + " skipped=" + skipped;
    }
}
