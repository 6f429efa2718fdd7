package dk.snaklib.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * v13's NER answer parsing: the first {@code \{.+?\}} of the generated text (before its first blank line) decoded
 * leniently (v13 uses demjson3; we accept single quotes, unquoted keys and trailing commas), then every entity
 * word is matched to the sentence's tokens by substring, B- for the first word and I- when the previous token
 * (token -1 wraps to the last, as in v13) has the same type. Output that is not a dict of lists is all {@code o}
 * and reported as unparseable.
 */
public final class NerParser {
    /** Predicted lowercase BIO tags, and whether the output could be read as v13 wants it. */
    public record Parsed(List<String> tags, boolean parseable) {}

    private static final Pattern FIRST_OBJECT = Pattern.compile("\\{.+?\\}", Pattern.DOTALL);
    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private NerParser() {}

    public static Parsed parse(String generated, List<String> tokens, DanishTask task) {
        List<String> tags = new ArrayList<>(Collections.nCopies(tokens.size(), "o"));
        String text = generated.split("\n\n", -1)[0];
        Matcher m = FIRST_OBJECT.matcher(text);
        String candidate = m.find() ? m.group() : text;
        JsonNode json;
        try {
            json = LENIENT.readTree(candidate);
        } catch (Exception e) {
            return new Parsed(tags, false);
        }
        if (json == null || !json.isObject()) {
            return new Parsed(tags, false);
        }
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            if (!e.getValue().isArray()) {
                return new Parsed(tags, false);
            }
        }
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            String type = typeOf(task, e.getKey());
            if (type == null) {
                continue;   // v13 skips unknown keys
            }
            for (JsonNode entity : e.getValue()) {
                String[] words = pythonStr(entity).split("\\s+");
                int k = 0;
                for (String word : words) {
                    if (word.isEmpty()) {
                        continue;
                    }
                    for (int t = 0; t < tokens.size(); t++) {
                        if (!tokens.get(t).contains(word)) {
                            continue;
                        }
                        if (k == 0) {
                            tags.set(t, "b-" + type);
                        } else {
                            String previous = tags.get(t == 0 ? tokens.size() - 1 : t - 1);
                            if (tags.get(t).equals("o") && previous.length() > 2 && previous.substring(2).equals(type)) {
                                tags.set(t, "i-" + type);
                            }
                        }
                    }
                    k++;
                }
            }
        }
        return new Parsed(tags, true);
    }

    /** The tag type (per, loc, org, misc) of a prompt key, as the first mapping entry with that word gives it. */
    private static String typeOf(DanishTask task, String promptKey) {
        for (var e : task.labelMapping().entrySet()) {
            if (e.getValue().equals(promptKey)) {
                return e.getKey().substring(2);
            }
        }
        return null;
    }

    /** Python's str() of a decoded JSON value. */
    private static String pythonStr(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isNull()) {
            return "None";
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? "True" : "False";
        }
        return v.toString();
    }
}
