package dk.snaklib.analysis;

import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads back what {@link Divergence#writeCsv} wrote (the per-tensor table), so a stored comparison need not be
 * recomputed; and turns a comparison into {@link DivergenceLog} rows, so comparisons made after a run draw with
 * {@code DivergencePlots.overCheckpoints} like the live log. The per-row embedding changes are not in the CSV: a read
 * comparison has none.
 */
public final class DivergenceCsv {
    private DivergenceCsv() {}

    /** The comparison of {@code a} and {@code b} stored in {@code file}. */
    public static Divergence read(Path file, String a, String b) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty() || !lines.getFirst().equals(DivergenceFiles.CSV_HEADER)) {
            throw new BadInputException(file, "line 1: expected the header " + DivergenceFiles.CSV_HEADER);
        }
        List<TensorDivergence> tensors = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 9) {
                throw new BadInputException(file, "line " + (i + 1) + ": expected 9 fields (" + DivergenceFiles.CSV_HEADER + "), got " + f.length);
            }
            try {
                long[] shape = Arrays.stream(f[3].split("x")).mapToLong(Long::parseLong).toArray();
                tensors.add(new TensorDivergence(f[0], f[1].isEmpty() ? -1 : Integer.parseInt(f[1]), ModuleType.valueOf(f[2]), shape,
                        number(f[4]), number(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]), Integer.parseInt(f[8]), 0));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file, "line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new Divergence(a, b, tensors, List.of(), 0, 1);
    }

    /** {@code d}'s module and layer groups as the live log's rows at {@code step}. */
    public static List<DivergenceLog.Row> rows(long step, Divergence d) {
        List<DivergenceLog.Row> out = new ArrayList<>();
        d.byModule().forEach(g -> out.add(DivergenceLog.row(step, g)));
        d.byLayer().forEach(g -> out.add(DivergenceLog.row(step, g)));
        return out;
    }

    private static double number(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
