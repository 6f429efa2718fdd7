package dk.snaklib.experiment;

import dk.snaklib.eval.BenchmarkResult;
import dk.snaklib.eval.DatasetRun;
import dk.snaklib.eval.Evaluation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

import static org.junit.jupiter.api.Assertions.*;

/** {@link Evaluated#oneAnswerDatasets()} and {@link Evaluated#oneAnswerNote}: ties from one answer per item are said. */
class OneAnswerNoteTest {
    private static DatasetRun run(String dataset, double... mccs) {
        List<SequencedMap<String, Double>> raw = new ArrayList<>();
        for (double m : mccs) {
            SequencedMap<String, Double> it = new LinkedHashMap<>();
            it.put("mcc", m);
            it.put("accuracy", 0.25);
            raw.add(it);
        }
        SequencedMap<String, Double> total = new LinkedHashMap<>();
        total.put("test_accuracy", 25.0);
        total.put("test_accuracy_se", 1.0);
        return new DatasetRun(new BenchmarkResult(dataset, "knowledge", List.of("da"), "m", raw, total, 1, 1, 1, true,
                true, true, BenchmarkResult.VERSION), new double[0], 0, 0, 0, 0, List.of());
    }

    private static Evaluated model(String name, DatasetRun... runs) {
        return new Evaluated(new StudyModel(name, null, ".", 0, null), null,
                new Evaluation.Result(List.of(runs), List.of(), 0, 0, 0));
    }

    @Test
    void aTaskIsOneAnswerOnlyWhenEveryIterationsMccIsZero() {
        Evaluated m = model("a", run("t1", 0, 0, 0), run("t2", 0, 0.1, 0));
        assertEquals(List.of("t1"), m.oneAnswerDatasets());
    }

    @Test
    void theNoteCountsTasksWhereAllAndWhereSomeModelsGaveOneAnswer() {
        Evaluated a = model("a", run("t1", 0, 0), run("t2", 0, 0), run("t3", 0.2, 0.3));
        Evaluated b = model("b", run("t1", 0, 0), run("t2", 0.4, 0.1), run("t3", 0.2, 0.3));
        String note = Evaluated.oneAnswerNote(List.of(a, b));
        assertTrue(note.startsWith("On 1 of 3 tasks all 2 models scored MCC 0 in every iteration (on 1 more, some of them did)"), note);
        assertEquals("", Evaluated.oneAnswerNote(List.of(model("c", run("t1", 0.5)))));
        assertEquals("", Evaluated.oneAnswerNote(List.of()));
    }
}
