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
 * tokens_per_s, elapsed_s. Rows are flushed as they come; on resume, rows past the checkpoint are dropped
 * so the log stays one consistent curve.
 */
public final class MetricsLog implements AutoCloseable {
    public static final String HEADER = "step,loss,val_loss,lr,grad_norm,tokens_per_s,elapsed_s";

    /** One row. {@code valLoss} is NaN when the step had no validation. */
    public record Row(long step, double loss, double valLoss, double lr, double gradNorm, double tokensPerSecond,
                      double elapsedSeconds) {
        String csv() {
            return String.format(Locale.ROOT, "%d,%.9g,%s,%.9g,%.6g,%.1f,%.2f", step, loss,
                    Double.isNaN(valLoss) ? "" : String.format(Locale.ROOT, "%.9g", valLoss), lr, gradNorm,
                    tokensPerSecond, elapsedSeconds);
        }

        static Row parse(String line, Path file, int lineNo) {
            String[] f = line.split(",", -1);
            if (f.length != 7) {
                throw new IllegalArgumentException(file + " line " + lineNo + ": expected 7 fields, got " + f.length);
            }
            return new Row(Long.parseLong(f[0]), Double.parseDouble(f[1]), f[2].isEmpty() ? Double.NaN : Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
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
