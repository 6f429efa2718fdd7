package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import java.text.Normalizer.Form;
import java.util.regex.Pattern;

/**
 * Unicode NFC and whitespace normalisation: CR/LF to LF, every other space character (tab, no-break space, thin
 * space...) to a plain space, control and zero-width characters removed, runs of spaces collapsed, lines trimmed,
 * at most one blank line in a row. A document empty afterwards is dropped.
 */
public final class Normalizer implements Step {
    private static final Pattern SPACES = Pattern.compile("[\\t\\x0B\\f\\p{Zs}]+");
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}&&[^\\n]]|[\\u200B-\\u200D\\u2060\\uFEFF\\u00AD]");
    private static final Pattern LINE_SEPARATORS = Pattern.compile("\\r\\n?|[\\u2028\\u2029\\u0085]");
    private static final Pattern MANY_BLANK_LINES = Pattern.compile("\\n{3,}");

    @Override
    public String name() {
        return "normalize";
    }

    /** The normalised form of {@code text}. */
    public static String normalize(String text) {
        String s = java.text.Normalizer.isNormalized(text, Form.NFC) ? text : java.text.Normalizer.normalize(text, Form.NFC);
        s = LINE_SEPARATORS.matcher(s).replaceAll("\n");
        s = SPACES.matcher(s).replaceAll(" ");
        s = INVISIBLE.matcher(s).replaceAll("");
        StringBuilder out = new StringBuilder(s.length());
        for (String line : s.split("\n", -1)) {
            out.append(line.strip()).append('\n');
        }
        return MANY_BLANK_LINES.matcher(out).replaceAll("\n\n").strip();
    }

    @Override
    public void apply(Document document, Output out) {
        String text = normalize(document.text());
        if (text.isEmpty()) {
            out.drop(document, "empty after normalisation");
        } else {
            out.keep(text.equals(document.text()) ? document : document.withText(text));
        }
    }
}
