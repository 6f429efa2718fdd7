package dk.snaklib.eval.bundled;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sentences of a help paragraph, their tokens (words and punctuation), and ScaLA's {@code join_tokens} (which
 * glues punctuation back), so a sentence and its corruption are spaced by the same rule. A sentence qualifies for
 * the acceptability task only when it reads as prose (ScaLA's filters where they need no POS tags: more than five
 * tokens, an even number of quotes, no leading punctuation) and joining its tokens gives the sentence back verbatim.
 */
final class DanishSentences {
    private static final Pattern BOUNDARY = Pattern.compile("(?<=[.!?])\\s+(?=[A-ZÆØÅ])");
    private static final Pattern WORD = Pattern.compile("\\p{L}+(?:[-'’]\\p{L}+)*");
    /** Not prose: menu paths ("Vælg Formater - Celler"), digits, markup, key names and formulas. */
    private static final Pattern NOT_PROSE = Pattern.compile(" - |[0-9%&+<>/\\\\_=|{}\\[\\]*#@$~^`]");
    private static final String LEADING = "(\"";
    private static final String TRAILING = ",.;:!?)\"";

    private DanishSentences() {}

    static List<String> split(String paragraph) {
        List<String> out = new ArrayList<>();
        for (String s : BOUNDARY.split(paragraph)) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    static boolean isWord(String token) {
        return WORD.matcher(token).matches();
    }

    /** Whitespace chunks with leading "( and trailing ,.;:!?)" peeled off as their own tokens. */
    static List<String> tokens(String sentence) {
        List<String> out = new ArrayList<>();
        for (String chunk : sentence.split("\\s+")) {
            int a = 0;
            int b = chunk.length();
            List<String> lead = new ArrayList<>();
            List<String> trail = new ArrayList<>();
            while (a < b && LEADING.indexOf(chunk.charAt(a)) >= 0) {
                lead.add(String.valueOf(chunk.charAt(a++)));
            }
            while (b > a && TRAILING.indexOf(chunk.charAt(b - 1)) >= 0) {
                trail.addFirst(String.valueOf(chunk.charAt(--b)));
            }
            out.addAll(lead);
            if (a < b) {
                out.add(chunk.substring(a, b));
            }
            out.addAll(trail);
        }
        return out;
    }

    /** ScaLA's join_tokens: space-join, then no space before .,;:?!)]} or after ([{, and none inside paired quotes. */
    static String join(List<String> tokens) {
        String doc = String.join(" ", tokens).replace(" .", ".").replace(" ,", ",").replace(" ;", ";")
                .replace(" :", ":").replace("( ", "(").replace(" )", ")").replace("[ ", "[").replace(" ]", "]")
                .replace("{ ", "{").replace(" }", "}").replace(" ?", "?").replace(" !", "!");
        if (doc.chars().filter(c -> c == '"').count() % 2 == 0) {
            doc = doc.replaceAll("\" ([^\"]*) \"", "\"$1\"");
        }
        return doc;
    }

    /** Whether {@code sentence} can be a ScaLA-style item (see the class comment); its tokens, or null. */
    static List<String> acceptable(String sentence) {
        if (sentence.length() > 250 || !sentence.endsWith(".") || NOT_PROSE.matcher(sentence).find()
                || sentence.chars().filter(c -> c == '"').count() % 2 != 0
                || !Character.isUpperCase(sentence.codePointAt(0))) {
            return null;
        }
        List<String> tokens = tokens(sentence);
        long words = tokens.stream().filter(DanishSentences::isWord).count();
        boolean allKnown = tokens.stream().allMatch(t -> isWord(t) || TRAILING.contains(t) || LEADING.contains(t));
        if (tokens.size() <= 5 || words < 6 || !allKnown || !join(tokens).equals(sentence)) {
            return null;
        }
        return tokens;
    }
}
