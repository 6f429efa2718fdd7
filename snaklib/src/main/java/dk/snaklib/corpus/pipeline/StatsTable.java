package dk.snaklib.corpus.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The statistics table of a run: one row per source (read, bad input, kept, words, chars, dropped per step), as
 * TSV for people, Parquet for other tools, and a Tablesaw {@link Table} for notebooks. Column names: {@code source, read, bad_input, kept, words, chars,
 * [tokens,] dropped_<step>} (tokens when counted under a tokenizer, see {@link TokenCounter}).
 */
public final class StatsTable {
    private final List<SourceStats> rows;
    private final List<String> steps;
    private final java.util.Map<String, Long> tokens; // empty: not counted

    public StatsTable(List<SourceStats> rows, List<String> steps) {
        this(rows, steps, java.util.Map.of());
    }

    public StatsTable(List<SourceStats> rows, List<String> steps, java.util.Map<String, Long> tokens) {
        this.rows = List.copyOf(rows);
        this.steps = List.copyOf(steps);
        this.tokens = java.util.Map.copyOf(tokens);
    }

    public String toTsv() {
        StringBuilder sb = new StringBuilder("source\tread\tbad_input\tkept\twords\tchars");
        if (!tokens.isEmpty()) {
            sb.append("\ttokens");
        }
        steps.forEach(n -> sb.append("\tdropped_").append(n));
        sb.append('\n');
        for (SourceStats s : rows) {
            sb.append(s.source()).append('\t').append(s.read()).append('\t').append(s.badInput()).append('\t')
                    .append(s.kept()).append('\t').append(s.words()).append('\t').append(s.chars());
            if (!tokens.isEmpty()) {
                sb.append('\t').append(tokens.getOrDefault(s.source(), 0L));
            }
            steps.forEach(n -> sb.append('\t').append(s.dropped().getOrDefault(n, 0L)));
            sb.append('\n');
        }
        return sb.toString();
    }

    public void writeParquet(Path file) {
        StringBuilder schema = new StringBuilder("message stats { required binary source (STRING); required int64 read; "
                + "required int64 bad_input; required int64 kept; required int64 words; required int64 chars; ");
        if (!tokens.isEmpty()) {
            schema.append("required int64 tokens; ");
        }
        steps.forEach(n -> schema.append("required int64 ").append(column(n)).append("; "));
        MessageType type = MessageTypeParser.parseMessageType(schema.append('}').toString());
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        Path tmp = null;
        try {
            tmp = dk.snaklib.util.AtomicFiles.tempSibling(file);
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(tmp))
                    .withConf(new PlainParquetConfiguration()).withType(type)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build()) {
                for (SourceStats s : rows) {
                    Group g = groups.newGroup().append("source", s.source()).append("read", s.read())
                            .append("bad_input", s.badInput()).append("kept", s.kept()).append("words", s.words())
                            .append("chars", s.chars());
                    if (!tokens.isEmpty()) {
                        g.append("tokens", tokens.getOrDefault(s.source(), 0L));
                    }
                    steps.forEach(n -> g.append(column(n), s.dropped().getOrDefault(n, 0L)));
                    w.write(g);
                }
            }
            dk.snaklib.util.AtomicFiles.moveAtomically(tmp, file);
        } catch (IOException e) {
            dk.snaklib.util.AtomicFiles.deleteQuietly(tmp);
            throw dk.snaklib.util.IoErrors.cannot("write", file, e);
        }
    }

    /**
     * The table as a Tablesaw table named "corpus statistics", for notebooks: a string column {@code source}, then
     * long columns with the Parquet file's names ({@code read, bad_input, kept, words, chars, [tokens,]
     * dropped_<step>} with '-' in step names as '_').
     */
    public Table toTablesaw() {
        Table t = Table.create("corpus statistics", StringColumn.create("source", rows.stream().map(SourceStats::source)));
        t.addColumns(longs("read", SourceStats::read), longs("bad_input", SourceStats::badInput),
                longs("kept", SourceStats::kept), longs("words", SourceStats::words), longs("chars", SourceStats::chars));
        if (!tokens.isEmpty()) {
            t.addColumns(longs("tokens", s -> tokens.getOrDefault(s.source(), 0L)));
        }
        steps.forEach(n -> t.addColumns(longs(column(n), s -> s.dropped().getOrDefault(n, 0L))));
        return t;
    }

    private LongColumn longs(String name, ToLongFunction<SourceStats> value) {
        return LongColumn.create(name, rows.stream().mapToLong(value).toArray());
    }

    /** Parquet-safe column name for a step ("exact-dedup" -> "dropped_exact_dedup"). */
    static String column(String step) {
        return "dropped_" + step.replace('-', '_');
    }
}
