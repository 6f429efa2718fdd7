package dk.snaklib.experiment;

import dk.snaklib.analysis.Divergence;
import dk.snaklib.analysis.DivergenceGroup;
import dk.snaklib.analysis.DivergenceLog;
import dk.snaklib.analysis.TensorDivergence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Continued pre-training logs weight divergence against its initial checkpoint at every checkpoint
 * (divergence.csv, divergence-tensors.csv), the same numbers {@link Divergence#between} gives on those folders;
 * pre-training from scratch and a run that turns it off write none.
 */
class PretrainingDivergenceLogTest {
    @TempDir
    Path work;

    static final Map<String, Object> QUICK = Map.of("seq_len", 32, "micro_batch", 2, "warmup_steps", 1, "eval_every", 3,
            "eval_batches", 1, "checkpoint_every", 3, "keep_checkpoints", 0, "vocab_size", 300, "max_text_bytes", 200000);

    @Test
    void continuedPretrainingLogsDivergenceAtEachCheckpoint() throws Exception {
        Path text = Path.of(getClass().getResource("/text/danish.txt").toURI());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
        var base = Pretraining.run(PretrainSpec.of(Preset.TINY, TrainingData.files(List.of(text)), work.resolve("base"))
                .with(QUICK).with("steps", 3).log(log));
        assertFalse(Files.exists(work.resolve("base").resolve(DivergenceLog.FILE)), "from scratch: no initial checkpoint to compare");

        Path cptDir = work.resolve("cpt");
        var cpt = Pretraining.run(PretrainSpec.of(Preset.TINY, TrainingData.files(List.of(text)), cptDir)
                .initFrom(base.finalCheckpoint()).with(QUICK).with("steps", 6).with("lr", 3e-3).log(log));
        List<DivergenceLog.Row> rows = DivergenceLog.read(cptDir);
        assertEquals(List.of(3L, 6L), rows.stream().map(DivergenceLog.Row::step).distinct().toList());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("snak: divergence at step 6 vs the initial weights"), out.toString());

        // the logged rows are Divergence.between(initial, checkpoint)'s groups, and grow with training
        Divergence at6 = Divergence.between(base.finalCheckpoint(), cpt.finalCheckpoint());
        List<DivergenceLog.Row> step6 = rows.stream().filter(r -> r.step() == 6).toList();
        assertEquals(at6.byModule().size() + at6.byLayer().size(), step6.size());
        for (DivergenceGroup g : at6.byModule()) {
            DivergenceLog.Row r = step6.stream().filter(x -> x.by() == DivergenceGroup.By.MODULE && x.group().equals(g.label()))
                    .findFirst().orElseThrow();
            assertEquals(g.meanAbsDelta(), r.meanAbsDelta(), 0.0, g.label());
            assertEquals(g.meanAngleDegrees(), r.meanAngleDegrees(), 0.0, g.label());
            assertEquals(g.stdAngleDegrees(), r.stdAngleDegrees(), 0.0, g.label());
        }
        double g3 = moduleMean(rows, 3, "G");   // gate_proj is tall [176, 64]: its column space can turn
        double g6 = moduleMean(rows, 6, "G");
        assertTrue(g3 > 0 && g6 > g3 && Double.isFinite(g6), "G mean angle at 3 and 6 steps: " + g3 + ", " + g6);
        assertTrue(moduleMean(rows, 6, "Q") < 1e-10, "q_proj is square and full rank: its column space is all of R^64");
        List<String> tensorLines = Files.readAllLines(cptDir.resolve(DivergenceLog.TENSORS_FILE));
        assertEquals(1 + 2 * at6.tensors().size(), tensorLines.size());
        TensorDivergence emb = at6.tensors().getFirst();
        assertTrue(tensorLines.stream().anyMatch(l -> l.startsWith("6," + emb.name() + ",")));
    }

    @Test
    void offWhenAsked() throws Exception {
        Path text = Path.of(getClass().getResource("/text/danish.txt").toURI());
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        var base = Pretraining.run(PretrainSpec.of(Preset.TINY, TrainingData.files(List.of(text)), work.resolve("base"))
                .with(QUICK).with("steps", 3).log(log));
        Path cptDir = work.resolve("cpt-quiet");
        Pretraining.run(PretrainSpec.of(Preset.TINY, TrainingData.files(List.of(text)), cptDir)
                .initFrom(base.finalCheckpoint()).with(QUICK).with("steps", 3).log(log), false);
        assertFalse(Files.exists(cptDir.resolve(DivergenceLog.FILE)));
    }

    static double moduleMean(List<DivergenceLog.Row> rows, long step, String module) {
        return rows.stream().filter(r -> r.step() == step && r.by() == DivergenceGroup.By.MODULE && r.group().equals(module))
                .findFirst().orElseThrow().meanAngleDegrees();
    }
}
