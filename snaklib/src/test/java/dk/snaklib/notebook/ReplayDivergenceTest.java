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
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code snak replay --preset tiny --only 07} on the project's own notebook in a fresh store (so the corpus, base and
 * continued runs it reads are computed first, and two of its checkpoints are tuned): the finding says where the
 * change concentrates and where tuning moves a checkpoint most, each number links to
 * its divergence artifact's lineage, the figures draw in Chromium, and a second run recomputes nothing.
 */
class ReplayDivergenceTest {
    @TempDir
    Path tmp;

    @Test
    void theWeightDivergenceNotebookReplaysAtTinyAndItsReportRenders() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Replay.Options o = Replay.Options.of(Project.at(ReplayTest.PROJECT), "tiny").only(List.of("07")).out(tmp.resolve("reports"))
                .artifacts(tmp.resolve("artifacts")).log(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Replay.Result first = Replay.run(o);
        assertTrue(first.ok(), first.stoppedAt() + "\n" + ReplayTest.log(bytes));
        String index = Files.readString(first.index());
        assertTrue(index.contains("the change (mean principal angle against the base model) concentrates in"), "the finding is stated");
        assertTrue(Pattern.compile("href=\"lineage/divergence-[0-9a-f]{16}\\.html\"").matcher(index).find(), "numbers link to a divergence artifact");
        List<String> numbers = ReplayTest.numbers(index);
        assertEquals(5, numbers.size(), numbers.toString());
        JsonNode executed = NotebookFile.read(tmp.resolve("reports/notebooks/07-weight-divergence.ipynb")).root();
        assertTrue(executed.at("/metadata/snaklib/lineage").toString().contains("\"divergence\""), "the notebook used divergence artifacts");
        assertTrue(executed.at("/metadata/snaklib/lineage").toString().contains("\"tuned-checkpoint\""), "checkpoints were tuned to compare");
        assertTrue(index.contains("Instruction tuning the checkpoint of step 200 moves it most in"), "the tuned comparison is stated");
        assertTrue(Chromium.count(index, "class=\"snaklib-plot\"") >= 8, "heatmaps, bars and lines (also of the tuned comparison) are in the report");

        int before = ReplayTest.log(bytes).length();
        Replay.Result second = Replay.run(o);
        assertTrue(second.ok());
        assertFalse(ReplayTest.log(bytes).substring(before).contains(" computed in "), "a second run recomputes nothing");
        assertEquals(numbers, ReplayTest.numbers(Files.readString(second.index())));

        if (Files.isExecutable(Chromium.BINARY) || System.getenv("SNAK_REQUIRE_CHROMIUM") != null) {
            ReplayReportRendersTest.check(index, second.index(), tmp);
        }
    }
}
