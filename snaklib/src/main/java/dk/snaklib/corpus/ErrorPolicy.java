package dk.snaklib.corpus;

/** What a reader does with a record it cannot use. */
public enum ErrorPolicy {
    /** Stop at the first bad record with a {@link dk.snaklib.util.BadInputException} naming file and line. */
    FAIL_FAST,
    /** Count the bad record, keep it aside in the {@link ReadLog}, and go on with the next one. */
    SKIP
}
