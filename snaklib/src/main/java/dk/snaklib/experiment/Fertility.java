package dk.snaklib.experiment;

import dk.snaklib.tokenizer.HfTokenizer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;

/**
 * Tokenizer fertility: tokens per whitespace-separated word (no special tokens), pooled over documents, the measure
 * of how much more a tokenizer trained on English splits another language (Rust et al. 2021, "How good is your
 * tokenizer?").
 */
public final class Fertility {
    /** One tokenizer on one language's text. */
    public record Row(String tokenizer, String language, int documents, long words, long tokens) {
        public double tokensPerWord() {
            return (double) tokens / words;
        }
    }

    private Fertility() {}

    public static Row measure(String tokenizerName, Path tokenizerJson, String language, List<String> texts) {
        try (HfTokenizer tok = HfTokenizer.load(tokenizerJson)) {
            long words = 0;
            long tokens = 0;
            int[][] ids = tok.encodeAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                String t = texts.get(i).strip();
                words += t.isEmpty() ? 0 : t.split("\\s+").length;
                tokens += ids[i].length;
            }
            if (words == 0) {
                throw new IllegalArgumentException("no words to measure fertility on (" + language + ")");
            }
            return new Row(tokenizerName, language, texts.size(), words, tokens);
        }
    }

    public static Table table(List<Row> rows) {
        return Table.create("tokenizer fertility (tokens per word)",
                StringColumn.create("tokenizer", rows.stream().map(Row::tokenizer).toList()),
                StringColumn.create("language", rows.stream().map(Row::language).toList()),
                IntColumn.create("documents", rows.stream().mapToInt(Row::documents).toArray()),
                LongColumn.create("words", rows.stream().mapToLong(Row::words).toArray()),
                LongColumn.create("tokens", rows.stream().mapToLong(Row::tokens).toArray()),
                DoubleColumn.create("tokens per word", rows.stream().mapToDouble(r -> Math.round(r.tokensPerWord() * 1000) / 1000.0).toArray()));
    }
}
