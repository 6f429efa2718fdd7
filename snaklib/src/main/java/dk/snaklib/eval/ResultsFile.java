package dk.snaklib.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scandeval_benchmark_results.jsonl}: records appended as v13 does ({@code "\n" + json} per record) under
 * an exclusive file lock, so concurrent runs never interleave lines; read back leniently across versions.
 */
public final class ResultsFile {
    public static final String NAME = "scandeval_benchmark_results.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Records read, and per record what fields the reader did not know. */
    public record Read(List<BenchmarkResult> records, List<String> notes) {}

    private ResultsFile() {}

    public static void append(Path file, BenchmarkResult record) {
        byte[] line = ("\n" + record.toJson().toString()).getBytes(StandardCharsets.UTF_8);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock lock = ch.lock()) {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new BadInputException(file, "cannot append a result record: " + e.getMessage(), e);
        }
    }

    public static Read read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        List<BenchmarkResult> records = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                throw new BadInputException(file, "line " + (i + 1) + ": broken JSON (" + e.getMessage() + ")");
            }
            if (!node.has("dataset") || !node.has("results")) {
                throw new BadInputException(file, "line " + (i + 1) + ": not a benchmark record (no dataset/results)");
            }
            List<String> unknown = new ArrayList<>();
            BenchmarkResult r = BenchmarkResult.fromJson(node, unknown);
            if (!unknown.isEmpty()) {
                notes.add("line " + (i + 1) + " (version " + r.scandevalVersion() + "): fields not read: " + unknown);
            }
            records.add(r);
        }
        return new Read(records, notes);
    }
}
