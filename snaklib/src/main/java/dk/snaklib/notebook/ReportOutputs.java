package dk.snaklib.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import dk.snaklib.experiment.Finding;
import dk.snaklib.plot.PlotlyBundle;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What the report index takes from an executed notebook: its finding, its figures and its tables. */
final class ReportOutputs {
    /** The embedded plotly.js of a notebook's first figure: the index carries it once instead. */
    private static final Pattern BUNDLE = Pattern.compile("<script type=\"application/gzip;base64\" id=\"" + PlotlyBundle.ELEMENT_ID
            + "\"[^>]*>[^<]*</script>\\n?");

    private ReportOutputs() {}

    /** The last finding any cell showed (its {@value FindingViews#MIME} data), or null. */
    static JsonNode finding(JsonNode nb) {
        JsonNode found = null;
        for (JsonNode cell : nb.path("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                JsonNode f = o.path("data").get(FindingViews.MIME);
                if (f != null && f.isObject()) {
                    found = f;
                }
            }
        }
        return found;
    }

    /** The HTML of each figure and snaklib table the notebook showed (findings excepted), plotly.js bundles removed. */
    static List<String> figuresAndTables(JsonNode nb) {
        List<String> out = new ArrayList<>();
        for (JsonNode cell : nb.path("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                JsonNode data = o.path("data");
                if (data.has(FindingViews.MIME) || !data.has("text/html")) {
                    continue;
                }
                String html = NotebookFile.multiline(data.get("text/html"));
                if (html.contains("class=\"snaklib-plot\"") || html.contains("class=\"snaklib-table\"")) {
                    out.add(BUNDLE.matcher(html).replaceAll(""));
                }
            }
        }
        return out;
    }

    /** The finding as the index shows it: the statement, then each number with a link to its artifact's lineage page. */
    static String findingHtml(JsonNode f) {
        if (f == null) {
            return "<p><i>no finding stated (the notebook's last cells return none, or it stopped before them)</i></p>\n";
        }
        StringBuilder sb = new StringBuilder("<div class=\"snaklib-finding\"><p><b>Finding:</b> ")
                .append(NotebookHtml.escape(f.path("statement").asText())).append("</p>\n");
        if (!f.path("numbers").isEmpty()) {
            sb.append("<table class=\"snaklib-numbers\"><thead><tr><th>number</th><th>value</th><th>sane range</th><th>lineage</th></tr></thead><tbody>");
            for (JsonNode n : f.path("numbers")) {
                sb.append("<tr><td>").append(NotebookHtml.escape(n.path("name").asText())).append("</td><td class=\"value\">")
                        .append(Finding.format(n.path("value").asDouble())).append("</td><td>[").append(Finding.format(n.path("min").asDouble()))
                        .append(", ").append(Finding.format(n.path("max").asDouble())).append("]</td><td>");
                if (n.hasNonNull("artifact_key")) {
                    String kind = n.path("artifact_kind").asText();
                    String key = n.path("artifact_key").asText();
                    sb.append("<a href=\"").append(LineagePages.link(kind, key)).append("\">").append(NotebookHtml.escape(kind + "/" + key.substring(0, 12)))
                            .append("</a>");
                } else {
                    sb.append("computed in the notebook");
                }
                sb.append("</td></tr>");
            }
            sb.append("</tbody></table>\n");
        }
        return sb.append("</div>\n").toString();
    }
}
