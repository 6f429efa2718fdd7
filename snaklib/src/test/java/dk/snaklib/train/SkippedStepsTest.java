package dk.snaklib.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SkippedStepsTest {
    private static final TrainingStep.Outcome OK = new TrainingStep.Outcome(3.0, 1.0, null);
    private static final TrainingStep.Outcome BAD = new TrainingStep.Outcome(3.0, Double.POSITIVE_INFINITY,
            "grad_norm Infinity (first non-finite gradient: lm_head.weight)");

    @Test
    void countsSaysAndStopsAfterTheLimitInARow() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        SkippedSteps skips = new SkippedSteps(3, Path.of("runs/x/metrics.csv"), new PrintStream(console, true, StandardCharsets.UTF_8));
        skips.record(1, 1e-3, BAD);
        skips.record(2, 1e-3, BAD);
        skips.record(3, 1e-3, OK);      // an applied step resets the run of bad ones
        skips.record(4, 1e-3, BAD);
        skips.record(5, 1e-3, BAD);
        assertEquals(4, skips.total());
        String said = console.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("step 5 skipped, no update (grad_norm Infinity (first non-finite gradient: lm_head.weight)"), said);
        IllegalStateException stop = assertThrows(IllegalStateException.class, () -> skips.record(6, 1e-3, BAD));
        assertTrue(stop.getMessage().contains("training stopped at step 6: 3 steps in a row"), stop.getMessage());
        assertTrue(stop.getMessage().contains("runs/x/metrics.csv"), stop.getMessage());
    }

    @Test
    void metricsRowsKeepTheReasonAndReadOldLogs() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("metrics");
        Path file = dir.resolve("metrics.csv");
        java.nio.file.Files.writeString(file, "step,loss,val_loss,lr,grad_norm,tokens_per_s,elapsed_s\n1,3.5,,0.001,1.2,100.0,1.00\n");
        try (MetricsLog log = new MetricsLog(file, 1)) {
            log.append(new MetricsLog.Row(2, 3.4, Double.NaN, 1e-3, Double.POSITIVE_INFINITY, 100, 2,
                    "grad_norm Infinity (first non-finite gradient: a, b)"));
        }
        var rows = MetricsLog.read(file);
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).applied());
        assertEquals("grad_norm Infinity (first non-finite gradient: a; b)", rows.get(1).skipped());
        assertTrue(Double.isInfinite(rows.get(1).gradNorm()));
    }
}
