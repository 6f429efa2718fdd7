package dk.snaklib.experiment;

import dk.snaklib.util.BadInputException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The study's published scores (notebook 08), read from a small CSV whose comment lines say where they come from
 * ({@code notebooks/08-published-scores.csv}): per model the eight task scores, their average, the row of the
 * replay's table it stands beside, and a note. Nothing in it is computed by the replay.
 */
public final class PublishedScores {
    public static final List<String> TASKS = List.of("LA", "NER", "Senti", "Summ", "CSR", "QA", "TM", "CT");
    static final String HEADER = "model,row,LA,NER,Senti,Summ,CSR,QA,TM,CT,AVG,note";

    /** One published model: its scores in {@link #TASKS} order, the average, the table row, the note. */
    public record Model(String model, String row, double[] scores, double average, String note) {}

    private final Path file;
    private final List<String> source;
    private final List<Model> models;

    private PublishedScores(Path file, List<String> source, List<Model> models) {
        this.file = file;
        this.source = List.copyOf(source);
        this.models = List.copyOf(models);
    }

    public static PublishedScores read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read the published scores: " + e.getMessage(), e);
        }
        List<String> source = new ArrayList<>();
        List<Model> models = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                source.add(line.substring(1).strip());
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (!header) {
                if (!line.equals(HEADER)) {
                    throw new BadInputException(file, "line " + (i + 1) + ": expected the header " + HEADER);
                }
                header = true;
                continue;
            }
            String[] c = line.split(",", -1);
            if (c.length != 12) {
                throw new BadInputException(file, "line " + (i + 1) + ": expected 12 fields, got " + c.length);
            }
            double[] s = new double[TASKS.size()];
            for (int k = 0; k < s.length; k++) {
                s[k] = number(file, i, TASKS.get(k), c[2 + k]);
            }
            double avg = number(file, i, "AVG", c[10]);
            double mean = Arrays.stream(s).average().orElseThrow();
            if (Math.abs(mean - avg) > 0.1) {   // the card rounds to 2 decimals; ~29.5 moves the mean by at most 0.07
                throw new BadInputException(file, "line " + (i + 1) + ": AVG " + avg + " is not the mean of the eight scores ("
                        + mean + ")");
            }
            models.add(new Model(c[0], c[1], s, avg, c[11]));
        }
        if (models.isEmpty()) {
            throw new BadInputException(file, "no published scores");
        }
        return new PublishedScores(file, source, models);
    }

    private static double number(Path file, int line, String column, String text) {
        try {
            double v = Double.parseDouble(text);
            if (!(v >= 0 && v <= 100)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException(file, "line " + (line + 1) + ", " + column + ": expected a score 0-100, got \"" + text + "\"");
        }
    }

    public Path file() {
        return file;
    }

    /** The file's comment lines: where the numbers come from. */
    public String source() {
        return String.join(" ", source);
    }

    public List<Model> models() {
        return models;
    }

    /** The published model standing beside the replay's table row {@code row}, if any. */
    public Optional<Model> forRow(String row) {
        return models.stream().filter(m -> m.row().equals(row)).findFirst();
    }

    /** The published table: model, the eight tasks, AVG, note. */
    public Table table() {
        Table t = Table.create("the study's published scores (" + file.getFileName() + ")",
                StringColumn.create("model", models.stream().map(Model::model).toList()));
        for (int k = 0; k < TASKS.size(); k++) {
            final int kk = k;
            t.addColumns(DoubleColumn.create(TASKS.get(k), models.stream().mapToDouble(m -> m.scores()[kk]).toArray()));
        }
        t.addColumns(DoubleColumn.create("AVG", models.stream().mapToDouble(Model::average).toArray()),
                StringColumn.create("note", models.stream().map(Model::note).toList()));
        return t;
    }
}
