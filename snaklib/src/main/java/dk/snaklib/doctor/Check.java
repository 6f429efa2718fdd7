package dk.snaklib.doctor;

/**
 * One line of {@code snak doctor}.
 *
 * @param name     what was checked ("libtorch", "jupyter kernel", ...)
 * @param status   OK, WARN (works, but not as it should), MISSING (not there), INFO (a fact)
 * @param value    what was found
 * @param fix      the exact thing to do, or null when nothing is to be done
 * @param required whether SnakLab cannot work without it (doctor exits non-zero when a required one is MISSING)
 */
public record Check(String name, Status status, String value, String fix, boolean required) {
    public enum Status { OK, INFO, WARN, MISSING }

    public static Check ok(String name, String value) {
        return new Check(name, Status.OK, value, null, false);
    }

    public static Check info(String name, String value) {
        return new Check(name, Status.INFO, value, null, false);
    }

    public static Check warn(String name, String value, String fix) {
        return new Check(name, Status.WARN, value, fix, false);
    }

    public static Check missing(String name, String value, String fix, boolean required) {
        return new Check(name, Status.MISSING, value, fix, required);
    }

    /** A required check that is missing: SnakLab cannot run. */
    public boolean blocks() {
        return required && status == Status.MISSING;
    }
}
