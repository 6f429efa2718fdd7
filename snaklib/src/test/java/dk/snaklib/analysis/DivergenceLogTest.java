package dk.snaklib.analysis;

import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run's divergence log: rows per checkpoint and group, a step appended twice once, resume drops later steps. */
class DivergenceLogTest {
    @Test
    void appendReplaceAndResume(@TempDir Path run) throws Exception {
        Divergence d = Divergence.between(PrincipalAnglesGoldenTest.golden("a"), PrincipalAnglesGoldenTest.golden("b"));
        int perStep = d.byModule().size() + d.byLayer().size();
        for (long step : new long[] {10, 20, 30, 20}) {
            DivergenceLog.append(run, step, d);
        }
        List<DivergenceLog.Row> rows = DivergenceLog.read(run);
        assertEquals(3 * perStep, rows.size(), "step 20 appended twice is there once");
        assertEquals(List.of(10L, 20L, 30L), rows.stream().map(DivergenceLog.Row::step).distinct().toList());
        DivergenceLog.Row up = rows.stream().filter(r -> r.group().equals("UP")).findFirst().orElseThrow();
        DivergenceGroup g = d.byModule().stream().filter(x -> x.label().equals("UP")).findFirst().orElseThrow();
        assertEquals(g.meanAngleDegrees(), up.meanAngleDegrees(), 0.0, "full precision in the CSV");
        assertTrue(rows.stream().anyMatch(r -> r.group().equals("NORM") && Double.isNaN(r.meanAngleDegrees())));

        DivergenceLog.keepUpTo(run, 20);
        assertEquals(List.of(10L, 20L), DivergenceLog.read(run).stream().map(DivergenceLog.Row::step).distinct().toList());
        long tensorRows = Files.readAllLines(run.resolve(DivergenceLog.TENSORS_FILE)).size() - 1;
        assertEquals(2L * d.tensors().size(), tensorRows);
    }

    @Test
    void aForeignFileIsNamed(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve(DivergenceLog.FILE), "step,loss\n1,2\n");
        var e = assertThrows(BadInputException.class, () -> DivergenceLog.read(run));
        assertTrue(e.getMessage().contains(DivergenceLog.FILE) && e.getMessage().contains("line 1"), e.getMessage());
    }
}
