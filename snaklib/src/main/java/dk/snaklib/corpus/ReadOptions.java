package dk.snaklib.corpus;

import dk.snaklib.util.BadInputException;
import java.nio.file.Path;

/**
 * How readers treat their input.
 *
 * @param source       the source name stamped on every document (e.g. {@code cc100})
 * @param policy       fail fast or skip bad records
 * @param maxLineBytes longest line accepted; longer lines are bad records, read past without being held in memory
 * @param log          where counts and bad records go
 */
public record ReadOptions(String source, ErrorPolicy policy, int maxLineBytes, ReadLog log) {
    /** 8 MiB: far above any real document line in the ten sources, far below a heap problem. */
    public static final int DEFAULT_MAX_LINE_BYTES = 8 << 20;

    public static ReadOptions failFast(String source) {
        return new ReadOptions(source, ErrorPolicy.FAIL_FAST, DEFAULT_MAX_LINE_BYTES, new ReadLog());
    }

    public static ReadOptions skipping(String source) {
        return new ReadOptions(source, ErrorPolicy.SKIP, DEFAULT_MAX_LINE_BYTES, new ReadLog());
    }

    public ReadOptions withMaxLineBytes(int max) {
        return new ReadOptions(source, policy, max, log);
    }

    public ReadOptions withSource(String name) {
        return new ReadOptions(name, policy, maxLineBytes, log);
    }

    /** Reports a bad record: throws in fail-fast mode, else keeps it aside and returns. */
    public void bad(Path file, String where, String problem, String excerpt) {
        BadRecord record = new BadRecord(file, where, problem, excerpt);
        if (policy == ErrorPolicy.FAIL_FAST) {
            throw new BadInputException(file, record.message());
        }
        log.bad(record);
    }
}
