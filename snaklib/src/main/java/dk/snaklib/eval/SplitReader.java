package dk.snaklib.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads one split file of a ScandEval/EuroEval dataset as JSON rows: JSON lines, or Parquet as HF datasets writes
 * it (lists as the LIST logical type, structs such as {@code answers} as groups).
 */
final class SplitReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SplitReader() {}

    static List<ObjectNode> read(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            return readJsonLines(file);
        }
        if (name.endsWith(".parquet")) {
            return readParquet(file);
        }
        throw new BadInputException(file, "expected a .jsonl or .parquet split file");
    }

    private static List<ObjectNode> readJsonLines(Path file) {
        List<ObjectNode> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new BadInputException(file, "line " + lineNo + ": broken JSON (" + e.getMessage() + ")");
                }
                if (!(node instanceof ObjectNode object)) {
                    throw new BadInputException(file, "line " + lineNo + ": expected a JSON object");
                }
                rows.add(object);
            }
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        return rows;
    }

    private static List<ObjectNode> readParquet(Path file) {
        List<ObjectNode> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add((ObjectNode) toJson(records.read()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "not a readable Parquet split (" + e.getMessage() + ")", e);
        }
        return rows;
    }

    /** A group as a JSON object, or as an array when it carries the LIST annotation. */
    private static JsonNode toJson(Group g) {
        GroupType type = g.getType();
        ObjectNode out = NODES.objectNode();
        for (int f = 0; f < type.getFieldCount(); f++) {
            Type field = type.getType(f);
            int count = g.getFieldRepetitionCount(f);
            if (field.isRepetition(Type.Repetition.REPEATED)) {
                ArrayNode values = NODES.arrayNode();
                for (int j = 0; j < count; j++) {
                    values.add(value(g, f, j, field));
                }
                out.set(field.getName(), values);
            } else {
                out.set(field.getName(), count == 0 ? NODES.nullNode() : value(g, f, 0, field));
            }
        }
        return out;
    }

    private static JsonNode value(Group g, int f, int j, Type field) {
        if (!field.isPrimitive()) {
            Group child = g.getGroup(f, j);
            if (field.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
                return listOf(child);
            }
            return toJson(child);
        }
        PrimitiveType p = field.asPrimitiveType();
        return switch (p.getPrimitiveTypeName()) {
            case INT32 -> NODES.numberNode(g.getInteger(f, j));
            case INT64 -> NODES.numberNode(g.getLong(f, j));
            case BOOLEAN -> NODES.booleanNode(g.getBoolean(f, j));
            case FLOAT -> NODES.numberNode(g.getFloat(f, j));
            case DOUBLE -> NODES.numberNode(g.getDouble(f, j));
            default -> NODES.textNode(g.getString(f, j));
        };
    }

    /** LIST: a group with one repeated field (list / bag), each holding one element field. */
    private static ArrayNode listOf(Group list) {
        ArrayNode out = NODES.arrayNode();
        Type repeated = list.getType().getType(0);
        for (int j = 0; j < list.getFieldRepetitionCount(0); j++) {
            if (repeated.isPrimitive()) {
                out.add(value(list, 0, j, repeated));
            } else {
                Group item = list.getGroup(0, j);
                Type element = item.getType().getType(0);
                out.add(item.getFieldRepetitionCount(0) == 0 ? NODES.nullNode() : value(item, 0, 0, element));
            }
        }
        return out;
    }
}
