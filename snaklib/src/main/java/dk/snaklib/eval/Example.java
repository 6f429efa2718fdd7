package dk.snaklib.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a ScandEval split, fields as in the dataset files ({@code text}, {@code label}, {@code tokens},
 * {@code labels}, {@code context}, {@code question}, {@code answers}, {@code target_text}, {@code id}).
 *
 * @param row    0-based row number in its split file (for error messages)
 * @param fields the row as JSON
 */
public record Example(int row, ObjectNode fields) {
    public String text() {
        return string("text");
    }

    public String label() {
        return string("label");
    }

    public String targetText() {
        return string("target_text");
    }

    public String context() {
        return string("context");
    }

    public String question() {
        return string("question");
    }

    /** The question id; rows without one get their row number (SQuAD scoring keys by id). */
    public String id() {
        JsonNode id = fields.get("id");
        return id == null || id.isNull() ? "row-" + row : id.asText();
    }

    public List<String> tokens() {
        return strings(fields.get("tokens"));
    }

    public List<String> labels() {
        return strings(fields.get("labels"));
    }

    /** answers.text (the gold answers of a QA row). */
    public List<String> answers() {
        JsonNode a = fields.get("answers");
        return a == null ? List.of() : strings(a.get("text"));
    }

    public boolean has(String field) {
        JsonNode v = fields.get(field);
        return v != null && !v.isNull();
    }

    private String string(String field) {
        JsonNode v = fields.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }
}
