package dk.snaklib.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code reports/index.html}: a contents page over executed notebooks, one page per notebook (with its figures,
 * readable offline) and links to each executed .ipynb and to the artifacts a notebook lists in its metadata
 * ({@code "snaklib": {"artifacts": ["runs/tiny/model.safetensors", ...]}}, paths relative to the notebook). Below the
 * contents, per notebook: its finding (the {@link dk.snaklib.experiment.Finding} its last cells returned) with each
 * number linked to the lineage page of the artifact it came from ({@code lineage/KIND-KEY.html}, see
 * {@link LineagePages}), and its figures and tables (plotly.js once for the page).
 */
public final class NotebookReport {
    /** One line of the contents page. */
    public record Entry(String title, String status, Path page, Path notebook, List<String> artifacts, JsonNode finding,
                        List<String> outputs, List<String[]> lineage) {}

    private NotebookReport() {}

    /** Renders every .ipynb in {@code notebooksDir} into {@code outDir}; returns the index page. */
    public static Path write(Path notebooksDir, Path outDir) {
        return write(notebooksDir, outDir, "");
    }

    /** As {@link #write(Path, Path)}, with {@code header} (HTML: e.g. the replay's preset and timings) under the title. */
    public static Path write(Path notebooksDir, Path outDir, String header) {
        if (!Files.isDirectory(notebooksDir)) {
            throw new BadInputException(notebooksDir, "no executed notebooks here (run `snak notebooks run` first)");
        }
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(notebooksDir)) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + notebooksDir, e);
        }
        if (notebooks.isEmpty()) {
            throw new BadInputException(notebooksDir, "no .ipynb files to report on");
        }
        Path out = outDir.toAbsolutePath();
        LineagePages lineagePages = new LineagePages(out);
        List<Entry> entries = new ArrayList<>();
        for (Path nbPath : notebooks) {
            JsonNode nb = NotebookFile.read(nbPath).root();
            String stem = nbPath.getFileName().toString().replaceFirst("\\.ipynb$", "");
            String title = title(nb, stem);
            Path page = out.resolve(stem + ".html");
            String nav = "<nav><a href=\"index.html\">&larr; Contents</a><a href=\"" + link(out, nbPath) + "\">executed notebook</a></nav>\n";
            AtomicFiles.writeString(page, NotebookHtml.page(title, NotebookHtml.body(nb), nav));
            List<String> artifacts = new ArrayList<>();
            nb.path("metadata").path("snaklib").path("artifacts").forEach(a -> artifacts.add(link(out, nbPath.getParent().resolve(a.asText()))));
            List<String[]> lineage = new ArrayList<>();
            for (JsonNode a : nb.path("metadata").path("snaklib").path("lineage")) {
                String kind = a.path("kind").asText();
                String key = a.path("key").asText();
                lineagePages.write(kind, key, Path.of(a.path("dir").asText()));
                lineage.add(new String[] {kind, key});
            }
            entries.add(new Entry(title, status(nb), page, nbPath, artifacts, ReportOutputs.finding(nb), ReportOutputs.figuresAndTables(nb), lineage));
        }
        Path index = out.resolve("index.html");
        AtomicFiles.writeString(index, NotebookHtml.page("SnakLab report", contents(out, entries, header), ""));
        return index;
    }

    private static String contents(Path out, List<Entry> entries, String header) {
        StringBuilder sb = new StringBuilder("<h1>SnakLab report</h1>\n" + header + "<table><thead><tr><th>notebook</th><th>status</th>"
                + "<th>executed notebook</th><th>artifacts</th></tr></thead><tbody>\n");
        for (Entry e : entries) {
            sb.append("<tr><td><a href=\"").append(link(out, e.page())).append("\">").append(NotebookHtml.escape(e.title())).append("</a></td><td>")
                    .append(e.status()).append("</td><td><a href=\"").append(link(out, e.notebook())).append("\">")
                    .append(NotebookHtml.escape(e.notebook().getFileName().toString())).append("</a></td><td>");
            for (String a : e.artifacts()) {
                sb.append("<a href=\"").append(a).append("\">").append(NotebookHtml.escape(Path.of(a).getFileName().toString())).append("</a> ");
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
        boolean figures = entries.stream().anyMatch(e -> e.outputs().stream().anyMatch(o -> o.contains("snaklib-plot")));
        if (figures) {
            sb.append(dk.snaklib.plot.PlotlyBundle.element()); // once for the page: every figure below uses it
        }
        for (Entry e : entries) {
            sb.append("<section class=\"snaklib-notebook\"><h2><a href=\"").append(link(out, e.page())).append("\">")
                    .append(NotebookHtml.escape(e.title())).append("</a></h2>\n<p>status: ").append(e.status()).append("</p>\n");
            sb.append(ReportOutputs.findingHtml(e.finding()));
            if (!e.lineage().isEmpty()) {
                sb.append("<p>lineage of the artifacts this notebook used: ");
                for (String[] a : e.lineage()) {
                    sb.append("<a href=\"").append(LineagePages.link(a[0], a[1])).append("\">").append(NotebookHtml.escape(a[0] + "/" + a[1].substring(0, 12)))
                            .append("</a> ");
                }
                sb.append("</p>\n");
            }
            e.outputs().forEach(o -> sb.append("<div class=\"output\">").append(o).append("</div>\n"));
            sb.append("</section>\n");
        }
        return sb.toString();
    }

    /** The first markdown heading, else the file name. */
    static String title(JsonNode nb, String fallback) {
        for (JsonNode cell : nb.path("cells")) {
            if ("markdown".equals(cell.path("cell_type").asText())) {
                for (String line : NotebookFile.source(cell).split("\n")) {
                    if (line.startsWith("#")) {
                        return line.replaceFirst("^#+\\s*", "").strip();
                    }
                }
            }
        }
        return fallback;
    }

    /** "failed" if any cell shows an error, "not run" if a code cell never ran, else "ok". */
    static String status(JsonNode nb) {
        boolean notRun = false;
        for (JsonNode cell : nb.path("cells")) {
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            for (JsonNode o : cell.path("outputs")) {
                if ("error".equals(o.path("output_type").asText())) {
                    return "failed";
                }
            }
            notRun |= cell.path("execution_count").isNull() && !NotebookFile.source(cell).isBlank();
        }
        return notRun ? "not run" : "ok";
    }

    private static String link(Path from, Path to) {
        return from.relativize(to.toAbsolutePath().normalize()).toString().replace('\\', '/').replace("\"", "%22");
    }
}
