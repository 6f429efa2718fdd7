package dk.snaklib.corpus.io;

import dk.snaklib.corpus.Document;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.IoErrors;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

/**
 * Writes documents as a Parquet corpus file: {@code id, source, text} strings, {@code meta} as a string map, and
 * optional extra string columns (a rejects file adds {@code step, reason}). Written to a temporary sibling that
 * {@link #finish()} checks (its footer must count every row written) and renames into place; closing without
 * finishing (an exception) deletes it, so a crash never leaves a half file under the final name. The temporary
 * name is unique per writer, so two writers of one target never share it. Meta maps are written in key order,
 * and nothing run-dependent (time, random ids) goes into the file: the same documents give the same bytes.
 * Zstd-compressed.
 */
public final class DocumentParquetWriter implements Closeable {
    private final Path target;
    private final Path tmp;
    private final List<String> extra;
    private final SimpleGroupFactory groups;
    private final ParquetWriter<Group> writer;
    private long count;
    private boolean closed;

    public DocumentParquetWriter(Path target, List<String> extraColumns) {
        this.target = target;
        this.extra = List.copyOf(extraColumns);
        StringBuilder schema = new StringBuilder("message document { required binary id (STRING); "
                + "required binary source (STRING); required binary text (STRING); ");
        schema.append("optional group meta (MAP) { repeated group key_value { required binary key (STRING); "
                + "optional binary value (STRING); } } ");
        for (String c : extra) {
            schema.append("optional binary ").append(c).append(" (STRING); ");
        }
        MessageType type = MessageTypeParser.parseMessageType(schema.append('}').toString());
        this.groups = new SimpleGroupFactory(type);
        Path made = null;
        try {
            made = AtomicFiles.tempSibling(target);
            this.tmp = made;
            this.writer = ExampleParquetWriter.builder(new LocalOutputFile(tmp))
                    .withConf(new PlainParquetConfiguration())
                    .withType(type)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .build();
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(made);
            throw IoErrors.cannot("write", target, e);
        }
    }

    public void write(Document d) {
        write(d, Map.of());
    }

    /** Writes one document with values for the extra columns (missing ones are null). */
    public void write(Document d, Map<String, String> extraValues) {
        Group g = groups.newGroup().append("id", d.id()).append("source", d.source()).append("text", d.text());
        if (!d.meta().isEmpty()) {
            Group meta = g.addGroup("meta");
            new TreeMap<>(d.meta()).forEach((k, v) -> { // key order, not the map's (Map.copyOf's is salted per JVM)
                Group kv = meta.addGroup("key_value").append("key", k);
                if (v != null) {
                    kv.append("value", v);
                }
            });
        }
        for (String c : extra) {
            String v = extraValues.get(c);
            if (v != null) {
                g.append(c, v);
            }
        }
        try {
            writer.write(g);
            count++;
        } catch (IOException e) {
            throw IoErrors.cannot("write", tmp, e);
        }
    }

    public long count() {
        return count;
    }

    /** Completes the file, checks that it reads back whole, and moves it to its final name. */
    public void finish() {
        closed = true;
        try {
            writer.close();
            long rows = ParquetRows.rowCount(tmp);
            if (rows != count) {
                throw new IOException("the finished file holds " + rows + " rows, " + count + " were written");
            }
            AtomicFiles.moveAtomically(tmp, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw e instanceof IOException io ? IoErrors.cannot("finish", target, io)
                    : new UncheckedIOException("cannot finish " + target + ": " + e.getMessage(), new IOException(e));
        }
    }

    /** Abandons an unfinished file (no-op after {@link #finish()}). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
        } catch (IOException | RuntimeException ignored) {
            // the file is abandoned anyway
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw IoErrors.cannot("delete", tmp, e);
        }
    }
}
