package dk.snaklib.corpus.io;

import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.util.BadInputException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Rows of a local Parquet file as string maps, reading only the columns asked for (no Hadoop file system).
 * Required columns must be top-level strings, else the file has the wrong schema; optional columns are read when
 * present as top-level primitives and rendered as strings.
 */
public final class ParquetRows implements Closeable {
    private final Path file;
    private final ReadOptions options;
    private final ParquetFileReader reader;
    private final MessageType projection;
    private final List<String> columns = new ArrayList<>();
    private RecordReader<Group> rows;
    private long left;
    private long rowNumber;
    private int rowGroup;

    private ParquetRows(Path file, ReadOptions options, ParquetFileReader reader, MessageType projection) {
        this.file = file;
        this.options = options;
        this.reader = reader;
        this.projection = projection;
        projection.getFields().forEach(f -> columns.add(f.getName()));
    }

    /** Opens {@code file}; throws a {@link BadInputException} naming the file when it is not Parquet or lacks a column. */
    public static ParquetRows open(Path file, ReadOptions options, List<String> required, List<String> optional) {
        ParquetFileReader reader;
        try {
            reader = ParquetFileReader.open(new LocalInputFile(file),
                    ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "not a readable Parquet file (" + e.getMessage() + ")", e);
        }
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        List<Type> keep = new ArrayList<>();
        for (String name : required) {
            if (!isString(schema, name)) {
                close(reader);
                throw new BadInputException(file, "wrong schema: expected a string column \"" + name + "\"; the file has "
                        + describe(schema));
            }
            keep.add(schema.getType(name));
        }
        for (String name : optional) {
            if (schema.containsField(name) && schema.getType(name).isPrimitive()) {
                keep.add(schema.getType(name));
            }
        }
        return new ParquetRows(file, options, reader, new MessageType(schema.getName(), keep));
    }

    /** The row count a Parquet file's footer gives (reads only the footer); throws if it is not readable Parquet. */
    public static long rowCount(Path file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            return r.getRecordCount();
        }
    }

    private static boolean isString(MessageType schema, String name) {
        if (!schema.containsField(name) || !schema.getType(name).isPrimitive()) {
            return false;
        }
        var t = schema.getType(name).asPrimitiveType();
        return t.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                && (t.getLogicalTypeAnnotation() == null
                        || t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation);
    }

    private static String describe(MessageType schema) {
        List<String> parts = new ArrayList<>();
        for (Type t : schema.getFields()) {
            parts.add(t.getName() + ": " + (t.isPrimitive() ? t.asPrimitiveType().getPrimitiveTypeName()
                    + (t.getLogicalTypeAnnotation() == null ? "" : " " + t.getLogicalTypeAnnotation()) : "group"));
        }
        return parts.toString();
    }

    /** 1-based number of the row last returned. */
    public long rowNumber() {
        return rowNumber;
    }

    public long totalRows() {
        return reader.getRecordCount();
    }

    /** The next row (column -> value as string, absent for nulls), or null at the end. */
    public Map<String, String> next() {
        while (left == 0) {
            if (!nextRowGroup()) {
                return null;
            }
        }
        left--;
        rowNumber++;
        Group g = rows.read();
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (g.getFieldRepetitionCount(i) > 0) {
                row.put(columns.get(i), value(g, i));
            }
        }
        return row;
    }

    private static String value(Group g, int i) {
        var t = g.getType().getType(i).asPrimitiveType();
        return switch (t.getPrimitiveTypeName()) {
            case BINARY, FIXED_LEN_BYTE_ARRAY -> t.getLogicalTypeAnnotation() == null
                    || t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                    ? g.getString(i, 0) : g.getValueToString(i, 0);
            default -> g.getValueToString(i, 0);
        };
    }

    private boolean nextRowGroup() {
        try {
            PageReadStore store = reader.readNextRowGroup();
            if (store == null) {
                return false;
            }
            rowGroup++;
            left = store.getRowCount();
            rows = new ColumnIOFactory().getColumnIO(projection).getRecordReader(store, new GroupRecordConverter(projection));
            return true;
        } catch (IOException | RuntimeException e) {
            // A corrupt row group cannot be resynchronised inside; the rest of the file is lost.
            options.bad(file, "row group " + (rowGroup + 1) + " (after row " + rowNumber + ")",
                    "cannot read Parquet data: " + e.getMessage(), "");
            return false;
        }
    }

    private static void close(ParquetFileReader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // already failing: the schema error is the one to report
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
