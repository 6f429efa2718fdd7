package dk.snaklib.notebook;

import dk.snaklib.experiment.Finding;

/**
 * How a notebook's {@link Finding} shows: the statement and a table of its numbers with the artifact each came from.
 * The same data goes into the output as {@value #MIME}, which the report reads to list each notebook's finding and
 * link its numbers to their lineage.
 */
final class FindingViews {
    static final String MIME = "application/vnd.snaklab.finding+json";

    private FindingViews() {}

    static String html(Finding f) {
        StringBuilder sb = new StringBuilder("<div class=\"snaklib-finding\"><p><b>Finding:</b> ")
                .append(NotebookHtml.escape(f.statement())).append("</p>");
        if (!f.numbers().isEmpty()) {
            sb.append("<table class=\"snaklib-table\"><thead><tr><th>number</th><th>value</th><th>sane range</th><th>from artifact</th></tr></thead><tbody>");
            for (Finding.Number n : f.numbers()) {
                sb.append("<tr><td>").append(NotebookHtml.escape(n.name())).append("</td><td>").append(Finding.format(n.value()))
                        .append("</td><td>[").append(Finding.format(n.min())).append(", ").append(Finding.format(n.max())).append("]</td><td>")
                        .append(n.artifactKey() == null ? "computed in the notebook" : NotebookHtml.escape(n.artifactKind() + "/" + n.artifactKey().substring(0, 12)))
                        .append("</td></tr>");
            }
            sb.append("</tbody></table>");
        }
        return sb.append("</div>").toString();
    }
}
