package dk.snaklib.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generation restricted to a regular language, as v13 restricts NER output with outlines' JSON-schema regex
 * ({@code structured_generation_utils.py}; SCANDEVAL.md section 4). A candidate text is allowed while it is a prefix
 * of some match ({@link Matcher#hitEnd()} after a failed full match) and complete when it matches. At each step the
 * highest-scoring token whose text keeps the output allowed is taken: greedy decoding under outlines' logits mask.
 */
public final class JsonConstraint {
    /** outlines' JSON string: no unescaped quote or backslash, no control characters; escapes only \" and \\. */
    static final String STRING = "\"(?:[^\"\\\\\\x00-\\x1F\\x7F-\\x9F]|\\\\[\"\\\\])*\"";
    /** v13's whitespace_pattern " ?". */
    static final String WS = " ?";

    /**
     * v13's NER schema: the keys person, sted, organisation, diverse in that order, all required, each a list of at
     * most five strings; the regex shaped as outlines 0.0.46 builds objects and bounded arrays.
     */
    public static final JsonConstraint NER = new JsonConstraint(object("person", "sted", "organisation", "diverse"));

    private final Pattern pattern;

    public JsonConstraint(String regex) {
        this.pattern = Pattern.compile(regex);
    }

    private static String object(String... keys) {
        String array = "\\[" + WS + "(?:" + STRING + "(?:," + WS + STRING + "){0,4})?" + WS + "\\]";
        StringBuilder re = new StringBuilder("\\{");
        for (int i = 0; i < keys.length; i++) {
            re.append(i == 0 ? "" : WS + ",").append(WS).append('"').append(keys[i]).append('"')
                    .append(WS).append(':').append(WS).append(array);
        }
        return re.append(WS).append("\\}").toString();
    }

    /** The whole text matches. */
    public boolean complete(String text) {
        return pattern.matcher(text).matches();
    }

    /** The text can still be completed to a match. */
    public boolean allowed(String text) {
        Matcher m = pattern.matcher(text);
        return m.matches() || m.hitEnd();
    }

    /**
     * The best-scoring token (by {@code logits}) whose output text, {@code textWith.apply(id)}, is allowed; stop
     * tokens never are (generation ends when the text is complete). -1 when no token is allowed.
     */
    public int best(float[] logits, IntFunction<String> textWith, Set<Integer> stopIds) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -logits[i]).thenComparingInt(i -> i));
        for (int id : order) {
            if (!stopIds.contains(id) && allowed(textWith.apply(id))) {
                return id;
            }
        }
        return -1;
    }
}
