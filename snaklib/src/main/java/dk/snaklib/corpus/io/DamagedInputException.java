package dk.snaklib.corpus.io;

import java.io.IOException;

/**
 * A compressed file that cannot be read further: where (the compressed byte offset reached) and what.
 * Thrown by {@link Compression#open} streams after every byte before the damage has been delivered.
 */
public final class DamagedInputException extends IOException {
    private final String where;
    private final String problem;

    DamagedInputException(String where, String problem, Throwable cause) {
        super(where.equals("file") ? problem : where + ": " + problem, cause);
        this.where = where;
        this.problem = problem;
    }

    /** "compressed byte 37032 of 37032". */
    public String where() {
        return where;
    }

    /** "truncated or corrupt gzip data (Unexpected end of ZLIB input stream)". */
    public String problem() {
        return problem;
    }
}
