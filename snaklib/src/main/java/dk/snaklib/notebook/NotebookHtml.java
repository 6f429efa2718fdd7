package dk.snaklib.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.List;

/**
 * An executed notebook as one self-contained HTML page: markdown rendered, code shown with its outputs, the
 * richest output kind of each bundle chosen as Jupyter would. No network: nothing is loaded from elsewhere.
 */
public final class NotebookHtml {
    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().build();
    /** Richest first, as Jupyter's front ends choose. */
    private static final List<String> MIME_ORDER = List.of("application/javascript", "text/html", "image/svg+xml",
            "image/png", "image/jpeg", "text/markdown", "text/latex", "application/json", "text/plain");

    static final String STYLE = """
            body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
            .cell{margin:1em 0}.prompt{color:#888;font:12px monospace}
            pre{background:#f6f8fa;padding:.6em;overflow-x:auto;white-space:pre-wrap;margin:.2em 0}
            pre.source{border-left:3px solid #4a7bd0}pre.stderr{background:#fdecea}pre.error{background:#fdecea;color:#a00}
            .output{margin:.2em 0}.output img{max-width:100%}table{border-collapse:collapse}
            td,th{border:1px solid #ddd;padding:2px 6px}nav a{margin-right:1em}
            """;

    private NotebookHtml() {}

    /** The page for notebook {@code nb} with page title {@code title}. */
    public static String render(JsonNode nb, String title) {
        return page(title, body(nb), "");
    }

    /** A complete HTML page; {@code nav} (already HTML) goes above the content. */
    static String page(String title, String content, String nav) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n<style>"
                + STYLE + "</style></head>\n<body>\n" + nav + content + "</body></html>\n";
    }

    static String body(JsonNode nb) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode cell : nb.path("cells")) {
            String source = NotebookFile.source(cell);
            switch (cell.path("cell_type").asText()) {
                case "markdown" -> sb.append("<div class=\"cell markdown\">").append(HTML.render(MARKDOWN.parse(source))).append("</div>\n");
                case "code" -> code(sb, cell, source);
                default -> sb.append("<div class=\"cell raw\"><pre>").append(escape(source)).append("</pre></div>\n");
            }
        }
        return sb.toString();
    }

    private static void code(StringBuilder sb, JsonNode cell, String source) {
        JsonNode count = cell.get("execution_count");
        String prompt = count == null || count.isNull() ? " " : count.asText();
        sb.append("<div class=\"cell code\"><div class=\"prompt\">In [").append(prompt).append("]:</div>\n<pre class=\"source\">")
                .append(escape(source)).append("</pre>\n");
        for (JsonNode out : cell.path("outputs")) {
            sb.append("<div class=\"output\">");
            switch (out.path("output_type").asText()) {
                case "stream" -> sb.append("<pre class=\"").append(escape(out.path("name").asText())).append("\">")
                        .append(escape(NotebookFile.multiline(out.get("text")))).append("</pre>");
                case "error" -> {
                    StringBuilder tb = new StringBuilder();
                    out.path("traceback").forEach(l -> tb.append(stripAnsi(l.asText())).append('\n'));
                    String text = tb.isEmpty() ? out.path("ename").asText() + ": " + out.path("evalue").asText() : tb.toString();
                    sb.append("<pre class=\"error\">").append(escape(text)).append("</pre>");
                }
                default -> bundle(sb, out.path("data"));
            }
            sb.append("</div>\n");
        }
        sb.append("</div>\n");
    }

    private static void bundle(StringBuilder sb, JsonNode data) {
        for (String mime : MIME_ORDER) {
            JsonNode v = data.get(mime);
            if (v == null) {
                continue;
            }
            String text = v.isTextual() || v.isArray() ? NotebookFile.multiline(v) : v.toString();
            switch (mime) {
                case "application/javascript" -> sb.append("<script>").append(text).append("</script>");
                case "text/html", "image/svg+xml" -> sb.append(text);
                case "image/png", "image/jpeg" -> sb.append("<img src=\"data:").append(mime).append(";base64,")
                        .append(text.replaceAll("\\s", "")).append("\">");
                case "text/markdown" -> sb.append(HTML.render(MARKDOWN.parse(text)));
                default -> sb.append("<pre>").append(escape(text)).append("</pre>");
            }
            return;
        }
    }

    static String stripAnsi(String s) {
        return s.replaceAll("\u001B\\[[0-9;]*[A-Za-z]", "");
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
