package dk.snaklib.analysis;

import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's divergence over its checkpoints, beside its metrics.csv: {@code divergence.csv} has one row per checkpoint
 * and group (by module type and by layer, {@link DivergenceGroup}), {@code divergence-tensors.csv} one row per
 * checkpoint and tensor. Both measure each checkpoint against the run's initial weights. Rewritten whole on each
 * append (a few hundred rows), atomically, so a crash leaves the previous version.
 */
public final class DivergenceLog {
    public static final String FILE = "divergence.csv";
    public static final String TENSORS_FILE = "divergence-tensors.csv";
    public static final String HEADER = "step,by,group,study_key,tensors,mean_abs_delta,sum_angle_deg,mean_angle_deg,std_angle_deg";

    /** One group at one checkpoint; angles are NaN for the norms. */
    public record Row(long step, DivergenceGroup.By by, String group, String studyKey, int tensors, double meanAbsDelta,
                      double sumAngleDegrees, double meanAngleDegrees, double stdAngleDegrees) {

        String csv() {
            return step + "," + by.name().toLowerCase(java.util.Locale.ROOT) + "," + group + "," + studyKey + "," + tensors
                    + "," + DivergenceFiles.number(meanAbsDelta) + "," + DivergenceFiles.number(sumAngleDegrees) + ","
                    + DivergenceFiles.number(meanAngleDegrees) + "," + DivergenceFiles.number(stdAngleDegrees);
        }

        static Row parse(String line, Path file, int lineNo) {
            String[] f = line.split(",", -1);
            if (f.length != 9) {
                throw new BadInputException(file, "line " + lineNo + ": expected 9 fields (" + HEADER + "), got " + f.length);
            }
            try {
                return new Row(Long.parseLong(f[0]), DivergenceGroup.By.valueOf(f[1].toUpperCase(java.util.Locale.ROOT)),
                        f[2], f[3], Integer.parseInt(f[4]), number(f[5]), number(f[6]), number(f[7]), number(f[8]));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file, "line " + lineNo + ": " + e.getMessage(), e);
            }
        }

        private static double number(String s) {
            return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        }
    }

    private DivergenceLog() {}

    /** The rows of a run folder's divergence.csv, oldest step first (none if it has none). */
    public static List<Row> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines = lines(file);
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
            throw new BadInputException(file, "line 1: expected the header " + HEADER);
        }
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rows.add(Row.parse(lines.get(i), file, i + 1));
            }
        }
        return rows;
    }

    /** Keeps only the rows of steps up to {@code step} in both files (a resumed run redoes the later ones). */
    public static void keepUpTo(Path runDir, long step) {
        for (String name : List.of(FILE, TENSORS_FILE)) {
            Path file = runDir.resolve(name);
            if (Files.exists(file)) {
                List<String> lines = lines(file);
                List<String> kept = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (i == 0 || (!l.isBlank() && stepOf(l, file, i + 1) <= step)) {
                        kept.add(l);
                    }
                }
                AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
            }
        }
    }

    /** Appends checkpoint {@code step}'s groups and tensors (replacing rows of that step if there were any). */
    public static void append(Path runDir, long step, Divergence d) {
        List<String> groups = new ArrayList<>();
        for (DivergenceGroup g : d.byModule()) {
            groups.add(row(step, g).csv());
        }
        for (DivergenceGroup g : d.byLayer()) {
            groups.add(row(step, g).csv());
        }
        List<String> tensors = new ArrayList<>();
        for (TensorDivergence t : d.tensors()) {
            tensors.add(step + "," + DivergenceFiles.csvRow(t));
        }
        rewrite(runDir.resolve(FILE), HEADER, step, groups);
        rewrite(runDir.resolve(TENSORS_FILE), "step," + DivergenceFiles.CSV_HEADER, step, tensors);
    }

    static Row row(long step, DivergenceGroup g) {
        return new Row(step, g.by(), g.label(), g.key(), g.tensors(), g.meanAbsDelta(), g.sumAngleDegrees(),
                g.meanAngleDegrees(), g.stdAngleDegrees());
    }

    private static void rewrite(Path file, String header, long step, List<String> add) {
        List<String> out = new ArrayList<>();
        out.add(header);
        if (Files.exists(file)) {
            List<String> old = lines(file);
            if (!old.isEmpty() && !old.getFirst().equals(header)) {
                throw new BadInputException(file, "line 1: expected the header " + header + " (a log of another version?)");
            }
            for (int i = 1; i < old.size(); i++) {
                String l = old.get(i);
                if (!l.isBlank() && stepOf(l, file, i + 1) != step) {
                    out.add(l);
                }
            }
        }
        out.addAll(add);
        List<String> body = new ArrayList<>(out.subList(1, out.size()));
        body.sort(java.util.Comparator.comparingLong(l -> stepOf(l, file, 0))); // stable: groups keep their order
        body.addFirst(header);
        AtomicFiles.writeString(file, String.join("\n", body) + "\n");
    }

    /** The step a line starts with; a line that has none is named (lineNo 0: already checked). */
    private static long stepOf(String line, Path file, int lineNo) {
        int comma = line.indexOf(',');
        try {
            return Long.parseLong(comma < 0 ? line : line.substring(0, comma));
        } catch (NumberFormatException e) {
            throw new BadInputException(file, "line " + lineNo + ": does not start with a step number: " + line);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
