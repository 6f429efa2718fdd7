package dk.snaklib.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The artifacts this JVM has handed out since the last {@link #drain()}: the notebook runner drains it after each
 * notebook and records them in the executed notebook's metadata, so the report can link each notebook's numbers
 * to their lineage.
 */
public final class ArtifactSession {
    private static final Map<String, Artifact> USED = new LinkedHashMap<>();

    private ArtifactSession() {}

    static synchronized void record(Artifact a) {
        USED.putIfAbsent(a.key(), a);
    }

    /** The artifacts used since the last call, in the order first used; clears the list. */
    public static synchronized List<Artifact> drain() {
        List<Artifact> out = new ArrayList<>(USED.values());
        USED.clear();
        return out;
    }
}
