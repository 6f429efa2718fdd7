package dk.snaklib.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's metrics as CSV, one row per step: step, loss, val_loss (empty when not evaluated), lr, grad_norm,
 * tokens_per_s, elapsed_s, skipped (empty, or why the step's update was skipped: see {@link StepGuard}). Rows are
 * flushed as they come; on resume, rows past the checkpoint are dropped so the log stays one consistent curve.
 * Logs written before the skipped column existed read as if every step was applied.
 */
public final class MetricsLog implements AutoCloseable {
    public static final String HEADER = "step,loss,val_loss,lr,grad_norm,tokens_per_s,elapsed_s,skipped";

    /**
     * One row. {@code valLoss} is NaN when the step had no validation; {@code skipped} is null when the step's
     * update was applied, else the guard's reason (commas are replaced so the CSV stays one field).
     */
    public record Row(long step, double loss, double valLoss, double lr, double gradNorm, double tokensPerSecond,
                      double elapsedSeconds, String skipped) {
        /** A row of an applied step. */
        public Row(long step, double loss, double valLoss, double lr, double gradNorm, double tokensPerSecond,
                   double elapsedSeconds) {
            this(step, loss, valLoss, lr, gradNorm, tokensPerSecond, elapsedSeconds, null);
        }

        public boolean applied() {
            return skipped == null;
        }

        String csv() {
            return String.format(Locale.ROOT, "%d,%.9g,%s,%.9g,%.6g,%.1f,%.2f,%s", step, loss,
                    Double.isNaN(valLoss) ? "" : String.format(Locale.ROOT, "%.9g", valLoss), lr, gradNorm,
                    tokensPerSecond, elapsedSeconds, skipped == null ? "" : skipped.replace(',', ';'));
        }

        static Row parse(String line, Path file, int lineNo) {
            String[] f = line.split(",", -1);
            if (f.length != 7 && f.length != 8) {
                throw new IllegalArgumentException(file + " line " + lineNo + ": expected 8 fields ("
                        + HEADER + "), got " + f.length);
            }
            String skipped = f.length == 8 && !f[7].isEmpty() ? f[7] : null;
            return new Row(Long.parseLong(f[0]), Double.parseDouble(f[1]), f[2].isEmpty() ? Double.NaN : Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                    skipped);
        }
    }

    private final BufferedWriter out;

    /** Opens the log for appending after keeping only rows with step <= {@code keepUpToStep}. */
    public MetricsLog(Path file, long keepUpToStep) {
        try {
            List<String> kept = new ArrayList<>();
            kept.add(HEADER);
            for (Row r : read(file)) {
                if (r.step() <= keepUpToStep) {
                    kept.add(r.csv());
                }
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, kept, StandardCharsets.UTF_8);
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics log " + file, e);
        }
    }

    public void append(Row row) {
        try {
            out.write(row.csv());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics log", e);
        }
    }

    /** All rows of a metrics file (none if it does not exist). */
    public static List<Row> read(Path file) {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    rows.add(Row.parse(lines.get(i), file, i + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metrics log " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": not a metrics log (" + e.getMessage() + ")", e);
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
