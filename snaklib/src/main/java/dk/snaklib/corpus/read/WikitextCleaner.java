package dk.snaklib.corpus.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns MediaWiki wikitext into plain paragraphs the way WikiExtractor did for the study: drops templates,
 * tables, references, galleries, comments, file and category links (English and Danish names: File/Fil/Billede/
 * Image, Category/Kategori), interlanguage links and list items; unwraps links, bold and italics; keeps section
 * titles that have text under them. Paragraphs come out one per line.
 */
public final class WikitextCleaner {
    private static final Pattern COMMENT = Pattern.compile("<!--.*?(-->|\\z)", Pattern.DOTALL);
    private static final Pattern DROPPED_ELEMENTS = Pattern.compile(
            "<(ref|gallery|math|timeline|imagemap|score|graph|mapframe|templatedata|syntaxhighlight|source|chem)\\b[^>]*?"
                    + "(/>|>.*?</\\1\\s*>)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern SELF_CLOSING_OR_TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9]*\\b[^<>]*/?>");
    private static final Pattern EXTERNAL_LINK = Pattern.compile("\\[(?:https?:|ftp:)?//[^\\s\\]]+(?:\\s+([^\\]]*))?\\]");
    private static final Pattern BOLD_ITALIC = Pattern.compile("'{2,5}");
    private static final Pattern HEADING = Pattern.compile("^(={1,6})\\s*(.*?)\\s*\\1\\s*$");
    private static final Pattern MAGIC = Pattern.compile("__[A-ZÆØÅ]+__");
    private static final Pattern INTERLANGUAGE = Pattern.compile("^[a-z]{2,3}(-[a-z]+)*:");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]+);");

    private final Set<String> dropNamespaces;

    /** The Danish Wikipedia's file and category names, and their English aliases. */
    public WikitextCleaner() {
        this(Set.of("fil", "file", "billede", "image", "kategori", "category", "media", "medie"));
    }

    /** @param dropNamespaces lower-case namespace names whose links are removed entirely */
    public WikitextCleaner(Set<String> dropNamespaces) {
        this.dropNamespaces = dropNamespaces;
    }

    /** The article's plain text: paragraphs and kept section titles, one per line. */
    public String clean(String wikitext) {
        String s = COMMENT.matcher(wikitext).replaceAll("");
        s = DROPPED_ELEMENTS.matcher(s).replaceAll("");
        s = removeBalanced(s, "{{", "}}");
        s = removeTables(s);
        s = links(s);
        s = EXTERNAL_LINK.matcher(s).replaceAll(m -> m.group(1) == null ? "" : Matcher.quoteReplacement(m.group(1)));
        s = SELF_CLOSING_OR_TAG.matcher(s).replaceAll("");
        s = BOLD_ITALIC.matcher(s).replaceAll("");
        s = MAGIC.matcher(s).replaceAll("");
        s = entities(s);
        return paragraphs(s);
    }

    /** Removes {@code open ... close} spans, nested, e.g. templates {@code {{a|{{b}}}}}; an unclosed one runs to the end. */
    static String removeBalanced(String s, String open, String close) {
        StringBuilder out = new StringBuilder(s.length());
        int depth = 0;
        for (int i = 0; i < s.length(); ) {
            if (s.startsWith(open, i)) {
                depth++;
                i += open.length();
            } else if (depth > 0 && s.startsWith(close, i)) {
                depth--;
                i += close.length();
            } else {
                if (depth == 0) {
                    out.append(s.charAt(i));
                }
                i++;
            }
        }
        return out.toString();
    }

    /** Drops tables: lines from "{|" to its matching "|}", nested tables included. */
    private static String removeTables(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int depth = 0;
        for (String line : s.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("{|")) {
                depth++;
            } else if (depth > 0 && t.startsWith("|}")) {
                depth--;
            } else if (depth == 0) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Unwraps internal links to their label; drops file, category and interlanguage links (with nested captions). */
    private String links(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int start = s.indexOf("[[", i);
            if (start < 0) {
                out.append(s, i, s.length());
                break;
            }
            out.append(s, i, start);
            int end = matchingClose(s, start);
            if (end < 0) {
                out.append(s, start, s.length()); // unbalanced: leave the text as it is
                break;
            }
            String inner = s.substring(start + 2, end);
            i = end + 2;
            String target = inner.contains("|") ? inner.substring(0, inner.indexOf('|')) : inner;
            String trimmed = target.strip();
            int colon = trimmed.indexOf(':');
            if (!trimmed.startsWith(":") && colon > 0 && (dropNamespaces.contains(trimmed.substring(0, colon).strip().toLowerCase(Locale.ROOT))
                    || INTERLANGUAGE.matcher(trimmed).find())) {
                continue;
            }
            String label = inner.contains("|") ? inner.substring(inner.indexOf('|') + 1) : trimmed.replaceFirst("^:", "");
            out.append(links(label));
        }
        return out.toString();
    }

    private static int matchingClose(String s, int start) {
        int depth = 0;
        for (int i = start; i < s.length() - 1; i++) {
            if (s.charAt(i) == '[' && s.charAt(i + 1) == '[') {
                depth++;
                i++;
            } else if (s.charAt(i) == ']' && s.charAt(i + 1) == ']') {
                if (--depth == 0) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    private static String entities(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        s = s.replace("&nbsp;", " ").replace("&ndash;", "–").replace("&mdash;", "—").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&quot;", "\"").replace("&shy;", "");
        s = NUMERIC_ENTITY.matcher(s).replaceAll(m -> {
            try {
                int cp = Integer.parseInt(m.group(2), m.group(1).isEmpty() ? 10 : 16);
                return Matcher.quoteReplacement(Character.toString(cp));
            } catch (IllegalArgumentException e) {
                return Matcher.quoteReplacement(m.group());
            }
        });
        return s.replace("&amp;", "&");
    }

    /** Keeps text lines and headings with text under them; drops list items, table leftovers and rules. */
    private static String paragraphs(String s) {
        List<String> out = new ArrayList<>();
        String pendingHeading = null;
        for (String raw : s.split("\n")) {
            String line = raw.strip().replaceAll("[ \t]{2,}", " ");
            if (line.isEmpty() || line.startsWith("----")) {
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                pendingHeading = h.group(2).isBlank() ? null : h.group(2);
                continue;
            }
            char c = line.charAt(0);
            if (c == '*' || c == '#' || c == ':' || c == ';' || c == '|' || c == '!' || c == '{' || c == '}') {
                continue;
            }
            if (pendingHeading != null) {
                out.add(pendingHeading);
                pendingHeading = null;
            }
            out.add(line);
        }
        return String.join("\n", out);
    }
}
