package dk.snaklib.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.model.HfModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompts longer than a small context: cut from the left (v13, default) or fitted by dropping shots (option). */
class OverflowTest {
    @TempDir
    Path tmp;

    @Test
    void truncateLeftByDefaultDropShotsWhenAsked() throws Exception {
        Path tok = TinyEvalModels.tokenizer(tmp, 400);
        Path dir = TinyEvalModels.model(tmp.resolve("short-context"), tok, 400, 256, 2);
        EvalSpec spec = EvalSpec.of(dir, List.of(BundledTasks.SCALA.name()), TinyEvalModels.subset(tmp.resolve("data"), 24, BundledTasks.SCALA))
                .withIterations(1).withOnlyValidationSplit(true);
        try (HfModel m = HfModel.open(dir)) {
            Evaluation.Result v13 = Evaluation.run(spec, m);
            DatasetRun r = v13.runs().getFirst();
            assertTrue(r.truncatedPrompts() > 0, "12 shots do not fit 256 tokens");
            assertEquals(0, r.shotsDroppedPrompts());
            assertTrue(v13.notes().stream().anyMatch(n -> n.contains("truncated from the left, as v13 does")), v13.notes().toString());

            Evaluation.Result dropped = Evaluation.run(spec.withOverflow(EvalSpec.Overflow.DROP_SHOTS), m);
            DatasetRun d = dropped.runs().getFirst();
            assertEquals(0, d.truncatedPrompts(), "every prompt fits once shots are left out");
            assertEquals(r.truncatedPrompts(), d.shotsDroppedPrompts(), "the same prompts were too long");
            assertTrue(dropped.notes().stream().anyMatch(n -> n.contains("got fewer shots")), dropped.notes().toString());
        }
    }
}
