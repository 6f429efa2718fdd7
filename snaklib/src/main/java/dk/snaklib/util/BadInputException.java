package dk.snaklib.util;

import java.nio.file.Path;

/**
 * Input that snaklib cannot use: names the file, where in it (line, record, tensor, key) and what was expected.
 * The CLI prints only the message (no stack trace), so the message must stand on its own.
 * Serializable with its message; {@link #file()} is null after crossing a JVM (a Spark task's failure).
 */
public class BadInputException extends RuntimeException {
    private final transient Path file; // transient: a Spark task's exception crosses to the driver (message intact)

    public BadInputException(Path file, String problem) {
        this(file, problem, null);
    }

    public BadInputException(Path file, String problem, Throwable cause) {
        super((file == null ? "" : file + ": ") + problem, cause);
        this.file = file;
    }

    /** The file at fault, or null when the input did not come from a file. */
    public Path file() {
        return file;
    }
}
