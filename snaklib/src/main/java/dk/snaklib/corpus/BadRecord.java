package dk.snaklib.corpus;

import java.nio.file.Path;

/**
 * A record a reader could not use, kept aside in skip mode.
 *
 * @param file    the file it came from
 * @param where   "line 1832", "record 7", "page 'Titel'"
 * @param problem what was wrong and what was expected
 * @param excerpt the start of the raw record (at most {@link #EXCERPT_CHARS} chars), "" if unreadable
 */
public record BadRecord(Path file, String where, String problem, String excerpt) {
    public static final int EXCERPT_CHARS = 200;

    public BadRecord {
        excerpt = excerpt == null ? "" : excerpt.length() > EXCERPT_CHARS ? excerpt.substring(0, EXCERPT_CHARS) : excerpt;
    }

    /** The message a fail-fast reader throws with, e.g. {@code x.jsonl.gz: line 3: field "text" missing}. */
    public String message() {
        return where + ": " + problem;
    }
}
