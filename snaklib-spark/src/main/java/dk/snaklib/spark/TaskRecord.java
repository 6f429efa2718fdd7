package dk.snaklib.spark;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.pipeline.StepCounters;
import java.io.Serializable;
import java.util.List;

/**
 * What a task that reads one input file sends on: a document the per-document steps kept, one they rejected (with
 * step and reason), and, last, the file's summary (documents read, bad records, the steps' counters).
 */
final class TaskRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind { KEPT, REJECTED, SUMMARY }

    final Kind kind;
    final long position; // Positions.of(source, file, event); for a summary: Positions.of(source, file, 0)
    final Document document;
    final String step;
    final String reason;
    final FileSummary summary;

    private TaskRecord(Kind kind, long position, Document document, String step, String reason, FileSummary summary) {
        this.kind = kind;
        this.position = position;
        this.document = document;
        this.step = step;
        this.reason = reason;
        this.summary = summary;
    }

    static TaskRecord kept(long position, Document d) {
        return new TaskRecord(Kind.KEPT, position, d, null, null, null);
    }

    static TaskRecord rejected(long position, Document d, String step, String reason) {
        return new TaskRecord(Kind.REJECTED, position, d, step, reason, null);
    }

    static TaskRecord summary(long position, FileSummary s) {
        return new TaskRecord(Kind.SUMMARY, position, null, null, null, s);
    }

    /**
     * @param source     source index in the spec
     * @param file       file index within the source
     * @param read       documents the reader yielded
     * @param badCount   bad records (all of them)
     * @param badRecords the bad records kept (file, where, problem, excerpt), at most ReadLog.MAX_KEPT
     * @param counters   the per-document steps' counters over this file
     */
    record FileSummary(int source, int file, long read, long badCount, List<String[]> badRecords,
            List<StepCounters> counters) implements Serializable {}
}
