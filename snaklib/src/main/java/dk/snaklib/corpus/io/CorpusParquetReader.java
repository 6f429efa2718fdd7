package dk.snaklib.corpus.io;

import dk.snaklib.corpus.Document;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/** Reads back the corpus files {@link DocumentParquetWriter} writes, meta map included, as a lazy stream. */
public final class CorpusParquetReader {
    private CorpusParquetReader() {}

    public static Stream<Document> read(Path file) {
        ParquetFileReader reader;
        try {
            reader = ParquetFileReader.open(new LocalInputFile(file), ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "not a readable Parquet file (" + e.getMessage() + ")", e);
        }
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        for (String c : new String[] {"id", "source", "text"}) {
            if (!schema.containsField(c)) {
                close(reader);
                throw new BadInputException(file, "not a corpus file: column \"" + c + "\" missing");
            }
        }
        boolean hasMeta = schema.containsField("meta");
        return new DocumentIterator(new dk.snaklib.corpus.ReadLog()) {
            private RecordReader<Group> rows;
            private long left;

            @Override
            protected Document computeNext() {
                try {
                    while (left == 0) {
                        PageReadStore store = reader.readNextRowGroup();
                        if (store == null) {
                            return null;
                        }
                        left = store.getRowCount();
                        rows = new ColumnIOFactory().getColumnIO(schema).getRecordReader(store, new GroupRecordConverter(schema));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
                left--;
                Group g = rows.read();
                Map<String, String> meta = new LinkedHashMap<>();
                if (hasMeta && g.getFieldRepetitionCount("meta") > 0) {
                    Group m = g.getGroup("meta", 0);
                    for (int i = 0; i < m.getFieldRepetitionCount("key_value"); i++) {
                        Group kv = m.getGroup("key_value", i);
                        meta.put(kv.getString("key", 0), kv.getFieldRepetitionCount("value") > 0 ? kv.getString("value", 0) : "");
                    }
                }
                return new Document(g.getString("id", 0), g.getString("source", 0), g.getString("text", 0), meta);
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        }.stream();
    }

    private static void close(ParquetFileReader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // the schema error is the one to report
        }
    }
}
