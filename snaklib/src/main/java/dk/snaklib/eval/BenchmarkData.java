package dk.snaklib.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A dataset's train, val and test splits as ScandEval files: {@code <dir>/{train,val,test}.jsonl} or
 * {@code .parquet}. Rows whose {@code text} or {@code tokens} is empty are dropped from every split, as v13 does,
 * and counted; fields and label values are checked against the task, naming file, row and value.
 *
 * @param dir     the dataset folder
 * @param train   train rows (few-shot pool, never bootstrapped)
 * @param val     validation rows
 * @param test    test rows
 * @param dropped empty rows dropped per split, in train/val/test order
 */
public record BenchmarkData(Path dir, List<Example> train, List<Example> val, List<Example> test, int[] dropped) {
    public static final List<String> SPLITS = List.of("train", "val", "test");

    /** Loads {@code dir} for {@code task}. */
    public static BenchmarkData load(Path dir, DanishTask task) {
        List<List<Example>> splits = new ArrayList<>();
        int[] dropped = new int[3];
        for (int s = 0; s < 3; s++) {
            Path file = splitFile(dir, SPLITS.get(s));
            List<Example> kept = new ArrayList<>();
            List<ObjectNode> rows = SplitReader.read(file);
            for (int r = 0; r < rows.size(); r++) {
                Example e = new Example(r, rows.get(r));
                check(file, e, task);
                if (isEmpty(e)) {
                    dropped[s]++;
                } else {
                    kept.add(e);
                }
            }
            if (kept.isEmpty()) {
                throw new BadInputException(file, "no non-empty rows (" + rows.size() + " rows, all empty)");
            }
            splits.add(List.copyOf(kept));
        }
        return new BenchmarkData(dir, splits.get(0), splits.get(1), splits.get(2), dropped);
    }

    /** Total empty rows dropped. */
    public int droppedTotal() {
        return dropped[0] + dropped[1] + dropped[2];
    }

    static Path splitFile(Path dir, String split) {
        for (String ext : List.of(".jsonl", ".parquet", ".json")) {
            Path f = dir.resolve(split + ext);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new BadInputException(dir, "split '" + split + "' missing: expected " + split + ".jsonl or "
                + split + ".parquet (ScandEval needs train, val and test)");
    }

    /** v13's filter: len(text) > 0 and len(tokens) > 0 where those fields exist. */
    private static boolean isEmpty(Example e) {
        JsonNode text = e.fields().get("text");
        JsonNode tokens = e.fields().get("tokens");
        return (text != null && text.asText("").isEmpty()) || (tokens != null && tokens.isArray() && tokens.isEmpty());
    }

    private static void check(Path file, Example e, DanishTask task) {
        String where = "row " + (e.row() + 1) + ": ";
        switch (task.type()) {
            case CLASSIFICATION -> {
                require(file, e, where, "text", "label");
                String label = e.label().toLowerCase(Locale.ROOT);
                if (!task.labelMapping().containsKey(label)) {
                    throw new BadInputException(file, where + "unknown label '" + e.label() + "'; " + task.name()
                            + " expects one of " + task.labelMapping().keySet());
                }
            }
            case NER -> {
                require(file, e, where, "tokens", "labels");
                if (e.tokens().size() != e.labels().size()) {
                    throw new BadInputException(file, where + e.tokens().size() + " tokens but " + e.labels().size()
                            + " labels");
                }
                for (String tag : e.labels()) {
                    String t = tag.toLowerCase(Locale.ROOT);
                    if (!t.equals("o") && !task.labelMapping().containsKey(t)) {
                        throw new BadInputException(file, where + "unknown NER tag '" + tag + "'; expected O or one of "
                                + task.labelMapping().keySet() + " (any case)");
                    }
                }
            }
            case QA -> {
                require(file, e, where, "context", "question", "answers");
                if (!e.fields().get("answers").path("text").isArray()) {
                    throw new BadInputException(file, where + "answers must be {\"text\": [...], \"answer_start\": [...]}");
                }
            }
            case SUMMARIZATION -> require(file, e, where, "text", "target_text");
        }
    }

    private static void require(Path file, Example e, String where, String... fields) {
        for (String f : fields) {
            if (!e.has(f)) {
                throw new BadInputException(file, where + "field \"" + f + "\" missing (expected " + List.of(fields) + ")");
            }
        }
    }
}
