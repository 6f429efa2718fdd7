package dk.snaklib.experiment;

import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The specs of notebooks 04, 05 and 08 and the shared tuning-and-evaluation spec: the project's own read, with their
 * per-preset values; mistakes name the file and the key; the study's published scores read with their source.
 */
class TuningSpecsTest {
    static final Path NB = StudyTest.PROJECT.resolve("notebooks");

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static final String SHARED = """
            tuning: {template: chat, tune_presets: {tiny: tiny}, overrides: {tiny: {steps: 5}}}
            evaluation:
              tasks: [bundled-scala-da, bundled-ordbog-da]
              only_validation_split: true
              iterations: 10
              overrides: {tiny: {iterations: 2}}
            """;

    @Test
    void theProjectsOwnSpecsRead() {
        Path shared = NB.resolve(TuneEvalSpec.FILE);
        TuneEvalSpec s = TuneEvalSpec.read(shared);
        assertEquals("chat", s.tuning().template());
        assertEquals("tiny", s.tuning().tunePreset("tiny", shared));
        TuneEvalSpec.Evaluation tiny = s.evaluation().at("tiny", shared);
        assertEquals(2, tiny.iterations());
        assertEquals(List.of("bundled-scala-da", "bundled-fortsaettelse-da", "bundled-synonymer-da"), tiny.tasks());
        assertEquals(5, s.evaluation().at("paper", shared).tasks().size(), "a preset without overrides scores every task");

        assertEquals(List.of("concat", "chat", "alpaca", "alpaca-as-released"), TemplateChoiceSpec.read(NB.resolve(TemplateChoiceSpec.FILE)).templates());
        TuningAfterNSpec after = TuningAfterNSpec.read(NB.resolve(TuningAfterNSpec.FILE));
        assertEquals(15, after.studySteps().size(), "the study's 15 tuned models");
        assertEquals(List.of(0L, 2000L, 5000L, 12500L), after.studyStepsAt("tiny", NB));
        assertEquals(after.studySteps(), after.studyStepsAt("paper", NB));

        PublishedScores p = PublishedScores.read(NB.resolve(BenchmarkTableSpec.read(NB.resolve(BenchmarkTableSpec.FILE)).publishedScores()));
        assertEquals(46.48, p.forRow(BenchmarkTable.BASE).orElseThrow().average());
        assertEquals(49.35, p.forRow(BenchmarkTable.BASE_INSTRUCTIONS).orElseThrow().average());
        assertEquals(56.63, p.forRow(BenchmarkTable.CONTINUED_INSTRUCTIONS).orElseThrow().average());
        assertTrue(p.forRow(BenchmarkTable.CONTINUED).isEmpty(), "the model card gives no scores for the continued model alone");
        assertTrue(p.source().contains("snakmodel-7b-instruct") && p.source().contains("STUDY.md"), p.source());
        assertEquals(5, p.table().rowCount());
    }

    @Test
    void badSharedSettingsAreNamedWithTheirFileAndKey() throws Exception {
        assertEquals(2, TuneEvalSpec.read(write("ok.yaml", SHARED)).evaluation().at("tiny", tmp).iterations());
        Path unknown = write("u.yaml", SHARED.replace("{iterations: 2}", "{iteration: 2}"));
        var e = assertThrows(BadInputException.class, () -> TuneEvalSpec.read(unknown));
        assertTrue(e.getMessage().contains("u.yaml") && e.getMessage().contains("evaluation.overrides.tiny")
                && e.getMessage().contains("unknown setting \"iteration\""), e.getMessage());
        Path type = write("t.yaml", SHARED.replace("{iterations: 2}", "{iterations: two}"));
        assertTrue(assertThrows(BadInputException.class, () -> TuneEvalSpec.read(type)).getMessage()
                .contains("evaluation.overrides.tiny.iterations\": expected an integer"));
        Path task = write("k.yaml", SHARED.replace("bundled-ordbog-da]", "bundled-ordbok-da]"));
        var k = assertThrows(BadInputException.class, () -> TuneEvalSpec.read(task));
        assertTrue(k.getMessage().contains("k.yaml") && k.getMessage().contains("evaluation.tasks") && k.getMessage().contains("bundled-ordbok-da"),
                k.getMessage());
        var none = assertThrows(BadInputException.class, () -> TuneEvalSpec.read(write("ok2.yaml", SHARED)).tuning().tunePreset("small", tmp));
        assertTrue(none.getMessage().contains("no tune preset for study preset \"small\""), none.getMessage());
        Path tune = write("v.yaml", SHARED.replace("{steps: 5}", "{stepz: 5}"));
        var v = assertThrows(BadInputException.class, () -> TuneEvalSpec.read(tune));
        assertTrue(v.getMessage().contains("tuning.overrides.tiny") && v.getMessage().contains("stepz"), v.getMessage());
        Path top = write("x.yaml", SHARED + "extra: 1\n");
        assertTrue(assertThrows(BadInputException.class, () -> TuneEvalSpec.read(top)).getMessage().contains("unknown key \"extra\""));
    }

    @Test
    void badExperimentSpecsAreNamed() throws Exception {
        Path steps = write("05.yaml", "study_total_steps: 12500\nstudy_steps: [0, 500]\noverrides: {tiny: {study_steps: [0, 600, 500]}}\n");
        var e = assertThrows(BadInputException.class, () -> TuningAfterNSpec.read(steps));
        assertTrue(e.getMessage().contains("overrides.tiny.study_steps") && e.getMessage().contains("must increase"), e.getMessage());
        Path ref = write("04.yaml", "templates: [concat, chat]\nreference: alpaca\n");
        assertTrue(assertThrows(BadInputException.class, () -> TemplateChoiceSpec.read(ref)).getMessage()
                .contains("\"alpaca\" is not one of the templates"));
    }

    @Test
    void publishedScoresThatDoNotAddUpOrAreNotScoresAreRefusedByLine() throws Exception {
        String head = "# source: a test\n" + PublishedScores.HEADER + "\n";
        Path avg = write("a.csv", head + "m,base,10,10,10,10,10,10,10,10,12,\n");
        assertTrue(assertThrows(BadInputException.class, () -> PublishedScores.read(avg)).getMessage()
                .contains("line 3: AVG 12.0 is not the mean"));
        Path text = write("b.csv", head + "m,base,10,10,x,10,10,10,10,10,10,\n");
        assertTrue(assertThrows(BadInputException.class, () -> PublishedScores.read(text)).getMessage()
                .contains("line 3, Senti: expected a score 0-100, got \"x\""));
        Path header = write("c.csv", "model,LA\n");
        assertTrue(assertThrows(BadInputException.class, () -> PublishedScores.read(header)).getMessage().contains("expected the header"));
    }
}
