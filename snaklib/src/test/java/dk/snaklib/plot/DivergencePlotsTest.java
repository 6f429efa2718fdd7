package dk.snaklib.plot;

import dk.snaklib.analysis.Divergence;
import dk.snaklib.analysis.DivergenceLog;
import dk.snaklib.analysis.StudyReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notebook 07's figures carry the numbers they show (the golden checkpoints' divergence, the study's reference). */
class DivergencePlotsTest {
    static Divergence golden() throws Exception {
        return Divergence.between(Path.of(DivergencePlotsTest.class.getResource("/golden/divergence/a").toURI()),
                Path.of(DivergencePlotsTest.class.getResource("/golden/divergence/b").toURI()));
    }

    @Test
    void heatmapsBarsAndLinesCarryTheirData(@TempDir Path run) throws Exception {
        Divergence d = golden();
        String angles = DivergencePlots.heatmap(d, true).html(false);
        assertTrue(angles.contains("\"layer 0\"") && angles.contains("\"DOWN\""), "rows are layers, columns the 7 modules");
        double up1 = d.tensor("model.layers.1.mlp.up_proj.weight").orElseThrow().meanAngleDegrees();
        assertTrue(angles.contains(Double.toString(up1).substring(0, 8)), "layer 1 UP's angle is in the data");
        assertTrue(DivergencePlots.heatmap(d, false).html(false).contains("mean |dW|"));

        String bars = DivergencePlots.moduleBars(d, StudyReference.load()).html(false);
        assertTrue(bars.contains("'study (Llama-2-7B, step 12500)'") && bars.contains("6.15") && bars.contains("1.4E-4"), bars);
        assertTrue(bars.contains("trace0.error_y"));
        assertTrue(DivergencePlots.layerBars(d).html(false).contains("'firebrick'"));

        DivergenceLog.append(run, 5, d);
        DivergenceLog.append(run, 10, d);
        String lines = DivergencePlots.overCheckpoints(DivergenceLog.read(run), true).html(false);
        assertTrue(lines.contains("'EMB'") && lines.contains("'LMH'") && lines.contains("trace8.error_y"), lines);
        assertThrows(IllegalArgumentException.class, () -> DivergencePlots.overCheckpoints(List.of(), true));
    }

    @Test
    void theStudysNumbersAreBundledWithTheirSource() {
        StudyReference s = StudyReference.load();
        assertEquals(4.42, s.meanAngle(dk.snaklib.analysis.ModuleType.EMB));
        assertEquals(0.00014, s.meanAngle(dk.snaklib.analysis.ModuleType.DOWN));
        assertEquals(9, s.meanAngleDegrees().size());
        assertTrue(s.source().contains("31df94f"));
    }
}
