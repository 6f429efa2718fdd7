package dk.snaklib.corpus.debian;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Prose of a man page (groff man macros) as paragraphs: section titles and text, with font changes and
 * escapes resolved. Requests other than the common man macros (tables, conditionals, definitions) are dropped,
 * and so are option-list tags, which are code rather than language.
 */
public final class ManPageText {
    private static final Pattern FONT = Pattern.compile("\\\\f(\\(..|\\[[^]]*]|.)");
    private static final Pattern NAMED = Pattern.compile("\\\\(\\(..|\\[[^]]*])");
    private static final Pattern OTHER_ESCAPE = Pattern.compile("\\\\[*nk$]?(\\(..|\\[[^]]*]|.)?");

    private ManPageText() {}

    public static List<String> paragraphs(String groff) {
        List<String> out = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        boolean skipNextLine = false; // the tag line after .TP is an option name
        boolean noFill = false;
        for (String raw : groff.split("\n")) {
            String line = raw.stripTrailing();
            if (line.startsWith(".\\\"") || line.startsWith("'\\\"") || line.equals(".")) {
                continue;
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                String[] parts = line.substring(1).strip().split("\\s+", 2);
                String macro = parts[0];
                String args = parts.length > 1 ? unquote(parts[1]) : "";
                switch (macro) {
                    case "SH", "SS" -> {
                        flush(para, out);
                        if (!args.isBlank()) {
                            out.add(inline(args));
                        }
                    }
                    case "PP", "LP", "P", "br", "sp", "IP", "HP", "RS", "RE", "in", "ti" -> flush(para, out);
                    case "TP" -> {
                        flush(para, out);
                        skipNextLine = true;
                    }
                    case "nf", "EX" -> {
                        flush(para, out);
                        noFill = true;
                    }
                    case "fi", "EE" -> {
                        flush(para, out);
                        noFill = false;
                    }
                    case "B", "I", "SM", "SB" -> append(para, inline(args));
                    case "BR", "BI", "IR", "IB", "RB", "RI" -> append(para, inline(args.replace("\"", "")));
                    default -> { } // .TH, .TS/.TE tables, .de, .if, .ds ...: not prose
                }
                continue;
            }
            if (skipNextLine) {
                skipNextLine = false;
                continue;
            }
            if (noFill) {
                continue; // examples and synopses are code
            }
            if (line.isBlank()) {
                flush(para, out);
            } else {
                append(para, inline(line));
            }
        }
        flush(para, out);
        return out;
    }

    static String inline(String s) {
        s = FONT.matcher(s).replaceAll("");
        s = s.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\").replace("\\ ", " ").replace("\\~", " ")
                .replace("\\%", "").replace("\\:", "").replace("\\|", "").replace("\\^", "");
        s = NAMED.matcher(s).replaceAll(m -> switch (m.group(1)) {
            case "(em" -> "—";
            case "(en" -> "–";
            case "(aq", "(cq" -> "'";
            case "(dq" -> "\"";
            case "(lq" -> "“";
            case "(rq" -> "”";
            case "(bu" -> "•";
            case "(co" -> "©";
            case "(hy" -> "-";
            default -> "";
        });
        return OTHER_ESCAPE.matcher(s).replaceAll("");
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static void append(StringBuilder para, String text) {
        if (!text.isBlank()) {
            para.append(para.isEmpty() ? "" : " ").append(text.strip());
        }
    }

    private static void flush(StringBuilder para, List<String> out) {
        String t = para.toString().replaceAll("\\s+", " ").strip();
        if (!t.isEmpty()) {
            out.add(t);
        }
        para.setLength(0);
    }
}
