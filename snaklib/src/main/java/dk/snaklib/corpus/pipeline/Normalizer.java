package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import java.text.Normalizer.Form;

/**
 * Unicode NFC and whitespace normalisation: CR/LF to LF, every other space character (tab, no-break space, thin
 * space...) to a plain space, control and zero-width characters removed, runs of spaces collapsed, lines trimmed,
 * at most one blank line in a row. A document empty afterwards is dropped.
 */
public final class Normalizer implements Step {

    @Override
    public String name() {
        return "normalize";
    }

    /** The normalised form of {@code text}, in one pass after NFC. */
    public static String normalize(String text) {
        return isPlain(text) ? text : normalizeFully(text); // most text is normal already: one cheap scan
    }

    /** NFC, then the whitespace rules char by char. */
    static String normalizeFully(String text) {
        String s = java.text.Normalizer.isNormalized(text, Form.NFC) ? text : java.text.Normalizer.normalize(text, Form.NFC);
        StringBuilder out = new StringBuilder(s.length());
        int pendingSpace = 0; // a space waits until a visible character follows on the same line
        int pendingNewlines = 0; // newlines wait too, so lines are trimmed and blank runs capped
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                pendingNewlines++;
                pendingSpace = 0;
            } else if (c == '\t' || c == '\u000B' || c == '\f' || Character.getType(c) == Character.SPACE_SEPARATOR) {
                pendingSpace = 1;
            } else if (Character.getType(c) == Character.CONTROL || c == '\u200B' || c == '\u200C' || c == '\u200D'
                    || c == '\u2060' || c == '\uFEFF' || c == '\u00AD') {
                continue; // invisible: dropped without ending a word
            } else {
                if (!out.isEmpty()) {
                    if (pendingNewlines > 0) {
                        out.append(pendingNewlines > 1 ? "\n\n" : "\n");
                    } else if (pendingSpace > 0) {
                        out.append(' ');
                    }
                }
                pendingNewlines = 0;
                pendingSpace = 0;
                out.append(c);
            }
        }
        return out.length() == s.length() && out.toString().equals(s) ? s : out.toString();
    }

    /**
     * True if {@code text} is certainly its own normal form: non-empty; only printable chars below U+0300 (each its
     * own NFC, and none combines with another), single spaces between visible chars, and line breaks as single
     * LFs or one blank line between visible chars. Anything else takes the full path; this is only a shortcut.
     */
    static boolean isPlain(String text) {
        int n = text.length();
        if (n == 0) {
            return false;
        }
        char prev = '\n'; // as if after a line break: the text may not start with a space or a break
        char prevPrev = '\n';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                if (prev == ' ' || prev == '\n') {
                    return false;
                }
            } else if (c == '\n') {
                if (prev == ' ' || i == 0 || (prev == '\n' && prevPrev == '\n')) {
                    return false;
                }
            } else if (c < 0x21 || (c >= 0x7F && c <= 0xA0) || c == 0xAD || c >= 0x300) {
                return false; // controls, NBSP, soft hyphen, and everything from the combining marks up
            }
            prevPrev = prev;
            prev = c;
        }
        return prev != ' ' && prev != '\n';
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
