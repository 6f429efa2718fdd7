package dk.snaklib.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dk.snaklib.experiment.Artifacts;
import dk.snaklib.experiment.Finding;
import dk.snaklib.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@code reports/lineage/KIND-KEY16.html}: one page per artifact a report's numbers came from, and per artifact
 * those were made from: its spec, inputs (linked), code version, timings, machine, summary and content hash, read
 * from the artifact's {@code artifact.json}. An artifact no longer in the store gets a page saying so.
 */
final class LineagePages {
    static final String DIR = "lineage";
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path outDir;
    private final Set<String> written = new HashSet<>();

    LineagePages(Path outDir) {
        this.outDir = outDir;
    }

    /** The page's path relative to the report folder. */
    static String link(String kind, String key) {
        return DIR + "/" + kind + "-" + key.substring(0, Math.min(16, key.length())) + ".html";
    }

    /** Writes the pages of the artifact in {@code dir} and of everything it was made from; returns its link. */
    String write(String kind, String key, Path dir) {
        Deque<Object[]> todo = new ArrayDeque<>();
        todo.add(new Object[] {kind, key, dir});
        while (!todo.isEmpty()) {
            Object[] t = todo.poll();
            String k = (String) t[0];
            String key16 = (String) t[1];
            Path d = (Path) t[2];
            if (!written.add(k + "/" + key16)) {
                continue;
            }
            JsonNode lineage = read(d.resolve(Artifacts.LINEAGE));
            AtomicFiles.writeString(outDir.resolve(link(k, key16)), NotebookHtml.page(k + "/" + short12(key16), body(k, key16, d, lineage),
                    "<nav><a href=\"../index.html\">&larr; Contents</a></nav>\n"));
            if (lineage != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = lineage.path("inputs").fields(); it.hasNext(); ) {
                    JsonNode in = it.next().getValue();
                    String ik = in.path("kind").asText();
                    String ikey = in.path("key").asText();
                    todo.add(new Object[] {ik, ikey, d.getParent().getParent().resolve(ik).resolve(ikey.substring(0, 16))});
                }
            }
        }
        return link(kind, key);
    }

    private static JsonNode read(Path f) {
        try {
            return Files.isRegularFile(f) ? PRETTY.readTree(f.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String body(String kind, String key, Path dir, JsonNode l) {
        StringBuilder sb = new StringBuilder("<h1>Artifact ").append(NotebookHtml.escape(kind + "/" + short12(key))).append("</h1>\n");
        if (l == null) {
            return sb.append("<p>No longer in the store: ").append(NotebookHtml.escape(dir.toString()))
                    .append(" has no lineage record (removed by <code>snak artifacts gc</code>, or never finished).</p>\n").toString();
        }
        sb.append("<table><tbody>");
        row(sb, "kind", kind);
        row(sb, "key", l.path("key").asText());
        row(sb, "folder", dir.toString());
        row(sb, "started", l.at("/timings/started").asText());
        row(sb, "finished", l.at("/timings/finished").asText());
        row(sb, "seconds", Finding.format(l.at("/timings/seconds").asDouble()));
        row(sb, "resumed an earlier attempt", l.at("/timings/resumed_an_earlier_attempt").asText());
        row(sb, "code fingerprint", l.at("/code/fingerprint").asText());
        row(sb, "git commit", l.at("/code/git_commit").asText("unknown"));
        row(sb, "snaklib version", l.at("/code/snaklib_version").asText());
        row(sb, "CPU", l.at("/machine/cpu").asText());
        row(sb, "cores", l.at("/machine/cores").asText());
        row(sb, "JDK", l.at("/machine/jdk").asText());
        row(sb, "OS", l.at("/machine/os").asText());
        row(sb, "content sha256", l.at("/content/sha256").asText() + " (" + l.at("/content/files_count").asInt() + " files)");
        sb.append("</tbody></table>\n<h2>Inputs</h2>\n");
        if (l.path("inputs").isEmpty()) {
            sb.append("<p>none: made from the spec's files alone</p>\n");
        } else {
            sb.append("<ul>");
            l.path("inputs").fields().forEachRemaining(e -> {
                String ik = e.getValue().path("kind").asText();
                String ikey = e.getValue().path("key").asText();
                sb.append("<li>").append(NotebookHtml.escape(e.getKey())).append(": <a href=\"../").append(link(ik, ikey)).append("\">")
                        .append(NotebookHtml.escape(ik + "/" + short12(ikey))).append("</a></li>");
            });
            sb.append("</ul>\n");
        }
        sb.append("<h2>Summary</h2>\n<pre>").append(NotebookHtml.escape(pretty(l.path("summary")))).append("</pre>\n");
        sb.append("<h2>Spec</h2>\n<pre>").append(NotebookHtml.escape(pretty(l.path("spec")))).append("</pre>\n");
        sb.append("<h2>Files</h2>\n<table><thead><tr><th>file</th><th>bytes</th><th>sha256</th></tr></thead><tbody>");
        int[] n = {0};
        l.at("/content/files").fields().forEachRemaining(e -> {
            if (n[0]++ < 200) {
                sb.append("<tr><td>").append(NotebookHtml.escape(e.getKey())).append("</td><td>").append(e.getValue().path("bytes").asLong())
                        .append("</td><td><code>").append(e.getValue().path("sha256").asText()).append("</code></td></tr>");
            }
        });
        sb.append("</tbody></table>\n");
        if (n[0] > 200) {
            sb.append("<p><i>200 of ").append(n[0]).append(" files shown</i></p>\n");
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><th style=\"text-align:left\">").append(NotebookHtml.escape(k)).append("</th><td>").append(NotebookHtml.escape(v)).append("</td></tr>");
    }

    private static String short12(String key) {
        return key.substring(0, Math.min(12, key.length()));
    }

    private static String pretty(JsonNode n) {
        try {
            return PRETTY.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            return n.toString();
        }
    }
}
