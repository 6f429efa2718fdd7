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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code snak replay --preset tiny --only 08} (the cheapest of the tuning notebooks 04, 05, 08: two tunings, four
 * evaluations) from an empty store: the inputs of 01-03 are computed as artifacts on the way, the finding states the
 * four rows' scores linked to their evaluation artifacts' lineage, the figure is in the report, and a second run
 * recomputes nothing (tuning and evaluation are read back).
 */
class ReplayTuningTest {
    @TempDir
    Path tmp;

    @Test
    void theBenchmarkTableNotebookTunesAndScoresItsFourRowsAsArtifactsAndASecondRunRecomputesNothing() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Replay.Options o = Replay.Options.of(Project.at(ReplayTest.PROJECT), "tiny").only(List.of("08")).out(tmp.resolve("reports"))
                .artifacts(tmp.resolve("artifacts")).log(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Replay.Result first = Replay.run(o);
        String log = ReplayTest.log(bytes);
        assertTrue(first.ok(), first.stoppedAt() + "\n" + log);
        assertEquals(2, count(log, "snak: artifact tuning/"), "base and the final checkpoint tuned once each: " + log);
        assertEquals(4, count(log, "snak: artifact evaluation/"), "four rows scored once each: " + log);

        String index = Files.readString(first.index());
        assertTrue(index.contains("Finding:</b> On the bundled Danish tasks"), "the finding is stated");
        Matcher lineage = Pattern.compile("href=\"(lineage/evaluation-[0-9a-f]{16}\\.html)\"").matcher(index);
        List<String> pages = new ArrayList<>();
        while (lineage.find()) {
            pages.add(lineage.group(1));
        }
        assertEquals(4, pages.stream().distinct().count(), "each row's score links to its own evaluation: " + pages);
        String page = Files.readString(tmp.resolve("reports").resolve(pages.getFirst()));
        assertTrue(page.contains("bundled-scala-da") && page.contains("code fingerprint"), "the lineage names the tasks and code");
        assertTrue(index.contains("class=\"snaklib-plot\""), "the bar figure is in the index");
        List<String> numbers = ReplayTest.numbers(index);
        assertEquals(4, numbers.size(), numbers.toString());

        JsonNode executed = NotebookFile.read(tmp.resolve("reports/notebooks/08-benchmark-table.ipynb")).root();
        List<String> kinds = new ArrayList<>();
        executed.at("/metadata/snaklib/lineage").forEach(a -> kinds.add(a.path("kind").asText()));
        assertTrue(kinds.contains("tuning") && kinds.contains("evaluation"), kinds.toString());

        int before = ReplayTest.log(bytes).length();
        Replay.Result second = Replay.run(o);
        assertTrue(second.ok(), second.stoppedAt());
        String again = ReplayTest.log(bytes).substring(before);
        assertFalse(again.contains(" computed in "), "a second run recomputes nothing: " + again);
        assertEquals(numbers, ReplayTest.numbers(Files.readString(second.index())), "and reports the same numbers");
    }

    private static long count(String log, String prefix) {
        return log.lines().filter(l -> l.startsWith(prefix) && l.contains(" computed in ")).count();
    }
}
