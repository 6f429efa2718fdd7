package dk.snaklib.tune;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.Compression;
import dk.snaklib.corpus.io.JsonLines;
import dk.snaklib.corpus.io.LineSource;
import dk.snaklib.corpus.io.ParquetRows;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads one instruction file of an {@link InstructionFormat}: Parquet ({@code *.parquet}, only the needed columns)
 * or JSON lines (plain, gz, bz2, xz, zstd: the corpus package's readers). A row with a missing field, an empty
 * answer or an empty prompt is a bad record naming file and row ({@link ReadOptions#bad}): thrown in fail-fast
 * mode, counted and kept aside in the {@link dk.snaklib.corpus.ReadLog} in skip mode. Ids are
 * {@code source:file:row N} (Parquet) or {@code source:file:line N} (JSON lines).
 */
public final class InstructionReader {
    private InstructionReader() {}

    /** A lazy stream of the file's pairs; close it (or read it to the end) to close the file. */
    public static Stream<InstructionPair> read(InstructionFormat format, Path file, ReadOptions options) {
        return file.getFileName().toString().endsWith(".parquet") ? parquet(format, file, options) : jsonLines(format, file, options);
    }

    private static Stream<InstructionPair> parquet(InstructionFormat format, Path file, ReadOptions options) {
        ParquetRows rows;
        try { // a file without the format's string columns is refused whole, naming the column and the file's schema
            rows = ParquetRows.open(file, options, format.requiredFields(),
                    format.idField() == null ? List.of() : List.of(format.idField()));
        } catch (BadInputException e) {
            if (options.policy() == dk.snaklib.corpus.ErrorPolicy.FAIL_FAST) {
                throw e;
            }
            options.bad(file, "file", e.getMessage().substring(file.toString().length() + 2), "");
            return Stream.empty();
        }
        String name = file.getFileName().toString();
        return stream(() -> {
            for (Map<String, String> row; (row = rows.next()) != null; ) {
                InstructionPair p = pair(format, row::get, row::containsKey, row.toString(), file,
                        "row " + rows.rowNumber(), options.source() + ":" + name + ":row " + rows.rowNumber(), options, Map.of());
                if (p != null) {
                    return p;
                }
            }
            return null;
        }, rows::close);
    }

    private static Stream<InstructionPair> jsonLines(InstructionFormat format, Path file, ReadOptions options) {
        LineSource lines = new LineSource(file, options);
        JsonLines json = new JsonLines(lines, options);
        String name = Compression.baseName(file);
        List<String> notMeta = format.requiredFields();
        return stream(() -> {
            for (ObjectNode o; (o = json.next()) != null; ) {
                ObjectNode object = o;
                Map<String, String> meta = JsonLines.scalars(object, notMeta.toArray(String[]::new));
                InstructionPair p = pair(format, f -> JsonLines.text(object, f), object::has, object.toString(), file,
                        "line " + lines.lineNumber(), options.source() + ":" + name + ":line " + lines.lineNumber(), options, meta);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }, lines::close);
    }

    interface Field {
        String get(String name);
    }

    interface Has {
        boolean test(String name);
    }

    /** The pair of one row, or null after reporting what is wrong with it. */
    private static InstructionPair pair(InstructionFormat format, Field field, Has has, String excerpt, Path file,
            String where, String id, ReadOptions options, Map<String, String> meta) {
        for (String f : format.requiredFields()) {
            if (field.get(f) == null) {
                options.bad(file, where, has.test(f) ? "field \"" + f + "\" is null or not a string" : "field \"" + f
                        + "\" missing; format " + format.name() + " needs " + format.requiredFields(), excerpt);
                return null;
            }
        }
        String inputs = String.join(" ", format.inputFields().stream().map(field::get).toList());
        String targets = field.get(format.targetField());
        if (targets.isBlank()) {
            options.bad(file, where, "empty answer (field \"" + format.targetField() + "\")", excerpt);
            return null;
        }
        if (inputs.isBlank()) {
            options.bad(file, where, "empty prompt (fields " + format.inputFields() + ")", excerpt);
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>(meta);
        if (format.idField() != null && field.get(format.idField()) != null) {
            m.put("id", field.get(format.idField()));
        }
        options.log().document();
        return new InstructionPair(id, options.source(), inputs, targets, m);
    }

    private static Stream<InstructionPair> stream(Supplier<InstructionPair> next, Closer closer) {
        Iterator<InstructionPair> it = new Iterator<>() {
            private InstructionPair ahead;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (ahead == null && !done) {
                    ahead = next.get();
                    done = ahead == null;
                    if (done) {
                        closer.closeQuietly();
                    }
                }
                return ahead != null;
            }

            @Override
            public InstructionPair next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                InstructionPair p = ahead;
                ahead = null;
                return p;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(closer::closeQuietly);
    }

    @FunctionalInterface
    interface Closer {
        void close() throws IOException;

        default void closeQuietly() {
            try {
                close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
