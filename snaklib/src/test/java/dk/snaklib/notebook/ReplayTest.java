package dk.snaklib.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import dk.snaklib.experiment.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code snak replay} on the project's own notebooks: 01 at the tiny preset renders a report whose finding links to
 * its lineage, and a second run recomputes nothing; a failing notebook stops the replay naming the cell and keeps
 * what was done.
 */
class ReplayTest {
    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    static String log(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theCorpusNotebookRendersItsFindingWithLineageAndASecondRunRecomputesNothing() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Replay.Options o = Replay.Options.of(Project.at(PROJECT), "tiny").only(List.of("01")).out(tmp.resolve("reports"))
                .artifacts(tmp.resolve("artifacts")).log(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Replay.Result first = Replay.run(o);
        assertTrue(first.ok(), first.stoppedAt() + "\n" + log(bytes));
        assertEquals(1, first.runs().size());
        assertTrue(log(bytes).contains("snak: artifact corpus/") && log(bytes).contains(" computed in "), log(bytes));

        String index = Files.readString(first.index());
        assertTrue(index.contains("Finding:</b> The study&#39;s pipeline kept") || index.contains("Finding:</b> The study's pipeline kept"), index.length() + "");
        Matcher lineage = Pattern.compile("href=\"(lineage/corpus-[0-9a-f]{16}\\.html)\"").matcher(index);
        assertTrue(lineage.find(), "each number links to its artifact's lineage");
        String page = Files.readString(tmp.resolve("reports").resolve(lineage.group(1)));
        assertTrue(page.contains("code fingerprint") && page.contains("corpus/bundled-da-manpages.parquet") && page.contains("CPU"), page);
        assertTrue(index.contains("class=\"snaklib-plot\""), "the notebook's figure is in the index");
        assertEquals(1, ChromiumCount.bundles(index), "plotly.js once on the index page");
        List<String> numbers = numbers(index);
        assertEquals(4, numbers.size(), numbers.toString());

        JsonNode executed = NotebookFile.read(tmp.resolve("reports/notebooks/01-corpus.ipynb")).root();
        assertEquals("tiny", executed.at("/metadata/snaklib/parameters/preset").asText());
        assertEquals("corpus", executed.at("/metadata/snaklib/lineage/0/kind").asText());

        int before = log(bytes).length();
        Replay.Result second = Replay.run(o);
        assertTrue(second.ok());
        String again = log(bytes).substring(before);
        assertFalse(again.contains(" computed in "), "a second run recomputes nothing: " + again);
        assertEquals(numbers, numbers(Files.readString(second.index())), "and reports the same numbers");
        assertTrue(Files.isRegularFile(tmp.resolve("artifacts/roots/replay-tiny.json")), "the replay records what it used for gc");

        if (Files.isExecutable(Chromium.BINARY) || System.getenv("SNAK_REQUIRE_CHROMIUM") != null) {
            Chromium.require();
            String dom = Chromium.dom(second.index(), tmp);
            int figures = Chromium.count(index, "class=\"snaklib-plot\"");
            assertEquals(figures, Chromium.count(dom, "data-snaklib-plotted=\"true\""), "every figure of the index draws offline");
        }
    }

    @Test
    void aFailingNotebookStopsTheReplayNamingItsCellAndKeepsWhatWasDone() throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project.resolve("data-catalog"));
        Files.createDirectories(project.resolve("notebooks"));
        Files.writeString(project.resolve("notebooks/01-ok.ipynb"), notebook("System.out.println(\"fine at \" + preset);"));
        Files.writeString(project.resolve("notebooks/02-fails.ipynb"), notebook("int x = 1;", "throw new IllegalStateException(\"boom\");"));
        Files.writeString(project.resolve("notebooks/03-never.ipynb"), notebook("System.out.println(\"never\");"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Replay.Result r = Replay.run(Replay.Options.of(Project.at(project), "tiny").out(tmp.resolve("reports"))
                .artifacts(tmp.resolve("artifacts")).log(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertFalse(r.ok());
        assertEquals(2, r.runs().size(), "03 never ran");
        assertTrue(r.stoppedAt().matches(".*02-fails\\.ipynb, cell 5: java\\.lang\\.IllegalStateException: boom"), r.stoppedAt());
        assertTrue(log(bytes).contains("replay: stopped at ") && log(bytes).contains("kept what was done"), log(bytes));
        assertTrue(Files.isRegularFile(tmp.resolve("reports/notebooks/01-ok.ipynb")));
        String index = Files.readString(r.index());
        assertTrue(index.contains("The replay stopped at") && index.contains("<td>failed</td>") && index.contains("<td>ok</td>"), index);
        assertFalse(Files.exists(tmp.resolve("reports/notebooks/03-never.ipynb")));

        var bad = assertThrows(dk.snaklib.util.BadInputException.class, () -> Replay.run(Replay.Options.of(Project.at(project), "tiny")
                .only(List.of("07")).out(tmp.resolve("reports"))));
        assertTrue(bad.getMessage().contains("--only 07: no such notebook (there are [01-ok, 02-fails, 03-never])"), bad.getMessage());
    }

    /** A notebook with imports, a parameters cell declaring preset, and the given code cells. */
    static String notebook(String... code) {
        StringBuilder cells = new StringBuilder("{\"cell_type\":\"markdown\",\"id\":\"t\",\"metadata\":{},\"source\":\"# test\"},"
                + "{\"cell_type\":\"code\",\"id\":\"p\",\"metadata\":{\"tags\":[\"parameters\"]},\"execution_count\":null,\"outputs\":[],"
                + "\"source\":\"String preset = \\\"small\\\";\"}");
        for (int i = 0; i < code.length; i++) {
            cells.append(",{\"cell_type\":\"code\",\"id\":\"c").append(i).append("\",\"metadata\":{},\"execution_count\":null,\"outputs\":[],\"source\":")
                    .append(com.fasterxml.jackson.databind.node.TextNode.valueOf(code[i]).toString()).append('}');
        }
        return "{\"cells\":[" + cells + "],\"metadata\":{\"kernelspec\":{\"name\":\"snaklib\",\"language\":\"java\",\"display_name\":\"Java\"}},"
                + "\"nbformat\":4,\"nbformat_minor\":5}";
    }

    /** The values of the findings' numbers as the index shows them, in order. */
    static List<String> numbers(String index) {
        Matcher m = Pattern.compile("<td class=\"value\">([^<]*)</td>").matcher(index);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Counts of things on a report page. */
    static final class ChromiumCount {
        static int bundles(String html) {
            return Chromium.count(html, "id=\"snaklib-plotly-js\"");
        }
    }
}
