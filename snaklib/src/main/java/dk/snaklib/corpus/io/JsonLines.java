package dk.snaklib.corpus.io;

import com.fasterxml.jackson.core.JsonParser;
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
        while (lines.advance()) {
            char[] chars = lines.chars(); // parsed in place: no String of the whole line
            int n = lines.length();
            if (isBlank(chars, n)) {
                continue;
            }
            try (JsonParser parser = JSON.getFactory().createParser(chars, 0, n)) {
                JsonNode node = JSON.readTree(parser);
                if (node instanceof ObjectNode object) {
                    return object;
                }
                String found = node == null ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
                bad("expected a JSON object, found " + found, excerpt(chars, n));
            } catch (JsonProcessingException e) {
                bad("broken JSON: " + e.getOriginalMessage(), excerpt(chars, n));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // parsing chars in memory does no I/O
            }
        }
        return null;
    }

    private static boolean isBlank(char[] chars, int n) {
        for (int i = 0; i < n; i++) {
            if (!Character.isWhitespace(chars[i])) {
                return false;
            }
        }
        return true;
    }

    private static String excerpt(char[] chars, int n) {
        return new String(chars, 0, Math.min(n, 400));
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
