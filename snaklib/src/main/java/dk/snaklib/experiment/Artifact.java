package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished result in the {@link Artifacts} store: a folder of files plus its lineage record
 * ({@code artifact.json}: kind, key, spec, inputs, code version, timings, machine, content hash, summary).
 *
 * @param kind    what it is ("tokenizer", "base-pretraining", ...)
 * @param key     SHA-256 of (kind, canonical spec, inputs' keys, code fingerprint), 64 hex digits
 * @param dir     the artifact's folder
 * @param lineage the parsed {@code artifact.json}
 */
public record Artifact(String kind, String key, Path dir, ObjectNode lineage) {

    /** A file of the artifact, by its path inside the folder. */
    public Path file(String relative) {
        return dir.resolve(relative);
    }

    /** The first 12 hex digits of the key, as listings show it. */
    public String shortKey() {
        return key.substring(0, 12);
    }

    /** The spec the key was computed from (canonical form). */
    public JsonNode spec() {
        return lineage.path("spec");
    }

    /** The producer's key numbers (e.g. final loss), or an empty object. */
    public JsonNode summary() {
        return lineage.path("summary");
    }

    /** Input name -> "kind/key" of what this artifact was made from. */
    public Map<String, String> inputs() {
        Map<String, String> m = new LinkedHashMap<>();
        lineage.path("inputs").fields().forEachRemaining(f -> m.put(f.getKey(),
                f.getValue().path("kind").asText() + "/" + f.getValue().path("key").asText()));
        return m;
    }

    /** Wall time the producer took in its last (successful) attempt, in seconds. */
    public double seconds() {
        return lineage.path("timings").path("seconds").asDouble(Double.NaN);
    }

    @Override
    public String toString() {
        return kind + "/" + shortKey();
    }
}
