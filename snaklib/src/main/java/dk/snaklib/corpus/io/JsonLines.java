package dk.snaklib.corpus.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.corpus.ReadOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per line: parsing with errors that name the line, and field access for readers. */
public final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LineSource lines;
    private final ReadOptions options;

    public JsonLines(LineSource lines, ReadOptions options) {
        this.lines = lines;
        this.options = options;
    }

    public LineSource lines() {
        return lines;
    }

    /** The next JSON object, skipping blank lines and reporting broken ones; null at the end. */
    public ObjectNode next() {
        for (String line; (line = lines.next()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node instanceof ObjectNode object) {
                    return object;
                }
                bad("expected a JSON object, found " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT), line);
            } catch (JsonProcessingException e) {
                bad("broken JSON: " + e.getOriginalMessage(), line);
            }
        }
        return null;
    }

    /** Reports a problem with the line last returned (e.g. a missing field). */
    public void bad(String problem, String excerpt) {
        options.bad(lines.file(), "line " + lines.lineNumber(), problem, excerpt);
    }

    /** The string at a field path like {@code extended_tweet.full_text}, or null if absent, null or not text. */
    public static String text(JsonNode node, String path) {
        JsonNode at = node;
        for (String part : path.split("\\.")) {
            at = at == null ? null : at.get(part);
        }
        return at != null && at.isTextual() ? at.textValue() : null;
    }

    /** The object's scalar fields other than {@code except}, as strings (numbers and booleans as written). */
    public static Map<String, String> scalars(JsonNode node, String... except) {
        Map<String, String> out = new LinkedHashMap<>();
        var skip = java.util.Set.of(except);
        node.properties().forEach(e -> {
            if (!skip.contains(e.getKey()) && e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }
}
