package dk.snaklib.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Experiment 06's comparison logic on hand-made arms: changes, intervals, the own-source effect, and bad specs. */
class SourceMixturesTest {
    @TempDir
    Path tmp;

    static LeaveOneOutArm arm(String left, double scala, double hw, double a, double b) {
        return new LeaveOneOutArm(null, left, Map.of("bundled-scala-da", new LeaveOneOutArm.Score("mcc", scala, hw)),
                Map.of("src-a", a, "src-b", b, "all", (a + b) / 2));
    }

    @Test
    void changesAreAgainstTheFullMixtureWithCombinedHalfWidths() {
        var m = new SourceMixtures(arm(null, 10, 3, 100, 100), List.of(arm("src-a", 2, 4, 150, 110), arm("src-b", 9, 4, 90, 120)));
        assertEquals(-8, m.scoreChange("src-a", "bundled-scala-da"), 1e-12);
        assertEquals(5, m.scoreChangeHalfWidth("src-a", "bundled-scala-da"), 1e-12);
        assertTrue(m.separated("src-a", "bundled-scala-da"));
        assertFalse(m.separated("src-b", "bundled-scala-da"));
        assertEquals(1, m.separatedChanges());
        assertArrayEquals(new String[] {"src-a", "bundled-scala-da"}, m.largestScoreChange());
        assertEquals(50, m.perplexityChange("src-a", "src-a"), 1e-12);
        assertEquals(40, m.ownSourceExcess("src-a"), 1e-12);     // +50% on its own text, +10% on the other
        assertEquals(30, m.ownSourceExcess("src-b"), 1e-12);     // +20% vs -10%
        assertEquals(2, m.ownSourceRoseMost());
        assertEquals(3, m.perplexityChanges()[0].length, "held-out sources plus all");
        assertEquals(3, m.scoresTable().rowCount(), "one row per arm and task");
    }

    @Test
    void armsMustMatchTheFullMixture() {
        var bad = new LeaveOneOutArm(null, "src-a", Map.of("bundled-ordbog-da", new LeaveOneOutArm.Score("mcc", 1, 1)),
                Map.of("src-a", 1.0, "src-b", 1.0, "all", 1.0));
        var e = assertThrows(IllegalArgumentException.class, () -> new SourceMixtures(arm(null, 1, 1, 1, 1), List.of(bad)));
        assertTrue(e.getMessage().contains("arm src-a scores [bundled-ordbog-da]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SourceMixtures(arm("src-a", 1, 1, 1, 1), List.of(bad)));
    }

    @Test
    void scoresReadBackAndBadSpecsAreNamed() throws Exception {
        Path f = tmp.resolve("scores.csv");
        LeaveOneOutArm.writeScores(f, Map.of("bundled-scala-da", new LeaveOneOutArm.Score("mcc", 1.0 / 3, 0.1)));
        assertEquals(1.0 / 3, LeaveOneOutArm.readScores(f).get("bundled-scala-da").score(), 0);

        Path spec = tmp.resolve("06.yaml");
        Files.writeString(spec, "sources: []\noverrides: {}\nevaluation: {tasks: [bundled-scala-da], iterations: 1}\n"
                + "evaluation_by_preset: {}\nheld_out: {documents_per_source: 5, max_tokens: 64}\n");
        var e = assertThrows(RuntimeException.class, () -> SourceMixturesSpec.read(spec));
        assertTrue(e.getMessage().contains("06.yaml") && e.getMessage().contains("at least 2"), e.getMessage());
        Files.writeString(spec, "sources: [a, a]\noverrides: {}\nevaluation: {tasks: [bundled-scala-da], iterations: 2}\n"
                + "evaluation_by_preset: {tiny: {tasks: [bundled-ordbog-da], iterations: 2}}\nheld_out: {documents_per_source: 5, max_tokens: 64}\n");
        e = assertThrows(RuntimeException.class, () -> SourceMixturesSpec.read(spec));
        assertTrue(e.getMessage().contains("named twice"), e.getMessage());
        var ok = SourceMixturesSpec.read(ReplayProject.notebook(SourceMixturesSpec.FILE));
        assertEquals(2, ok.evaluationFor("tiny").iterations());
        assertFalse(ok.evaluationFor("small").tasks().contains("bundled-overskrifter-da"), "small: no generation task (the hour)");
        assertEquals(ok.evaluation(), ok.evaluationFor("paper"), "a preset the spec does not name takes the evaluation as it is");
    }

    /** The project's own notebooks folder. */
    static final class ReplayProject {
        static Path notebook(String name) {
            return Path.of("..").toAbsolutePath().normalize().resolve("notebooks").resolve(name);
        }
    }
}
