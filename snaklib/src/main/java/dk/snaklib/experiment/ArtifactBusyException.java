package dk.snaklib.experiment;

/** Another writer holds an artifact's lock longer than this caller was willing to wait; the message names the holder. */
public class ArtifactBusyException extends IllegalStateException {
    public ArtifactBusyException(String message) {
        super(message);
    }
}
