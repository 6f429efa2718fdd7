package dk.snaklib.corpus.io;

import dk.snaklib.corpus.Document;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
        return read(file, List.of()).map(Row::document);
    }

    /** A document and the values of a file's extra columns (a rejects file's {@code step, reason}; "" if null). */
    public record Row(Document document, Map<String, String> extra) {}

    /** The rows of a file {@link DocumentParquetWriter} wrote with {@code extraColumns}, in order. */
    public static Stream<Row> read(Path file, List<String> extraColumns) {
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
        for (String c : extraColumns) {
            if (!schema.containsField(c)) {
                close(reader);
                throw new BadInputException(file, "column \"" + c + "\" missing (columns: " + schema.getFields() + ")");
            }
        }
        boolean hasMeta = schema.containsField("meta");
        return new RowIterator() {
            private RecordReader<Group> rows;
            private long left;

            @Override
            protected Row computeNext() {
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
                Map<String, String> extra = new LinkedHashMap<>();
                for (String c : extraColumns) {
                    extra.put(c, g.getFieldRepetitionCount(c) > 0 ? g.getString(c, 0) : "");
                }
                return new Row(new Document(g.getString("id", 0), g.getString("source", 0), g.getString("text", 0), meta), extra);
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        }.stream();
    }

    /** Rows one at a time, closing the file with the stream. */
    private abstract static class RowIterator implements java.util.Iterator<Row>, java.io.Closeable {
        private Row next;
        private boolean done;

        protected abstract Row computeNext();

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = computeNext();
                if (next == null) { // exhausted: close now, as DocumentIterator does, for callers that never close
                    done = true;
                    try {
                        close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Row r = next;
            next = null;
            return r;
        }

        Stream<Row> stream() {
            return java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(this,
                    java.util.Spliterator.ORDERED | java.util.Spliterator.NONNULL), false).onClose(() -> {
                        try {
                            close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }

    private static void close(ParquetFileReader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // the schema error is the one to report
        }
    }
}
