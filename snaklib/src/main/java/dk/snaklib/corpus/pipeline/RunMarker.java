package dk.snaklib.corpus.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The "source finished" markers ({@code done/SOURCE.json}) that let a crashed or interrupted run resume without
 * redoing finished sources. A marker holds the source's statistics and a fingerprint of everything its output
 * depends on: the step settings and the inputs (path, size, modification time) of this source and all before it,
 * because dedup state flows from earlier sources to later ones.
 */
final class RunMarker {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunMarker() {}

    static String fingerprint(PipelineSpec spec, int sourceIndex) {
        StringBuilder sb = new StringBuilder("snaklib-corpus-pipeline/2\n"); // 2: MinHash in a second pass
        sb.append(spec.policy()).append(' ').append(spec.studyRules()).append(' ').append(spec.linePerDocument())
                .append(' ').append(spec.normalize()).append(' ').append(spec.language()).append(' ')
                .append(spec.quality()).append(' ').append(spec.exactDedup()).append(' ').append(spec.minhash()).append('\n');
        for (int i = 0; i <= sourceIndex; i++) {
            PipelineSpec.Source s = spec.sources().get(i);
            sb.append(s.name()).append(' ').append(s.format()).append('\n');
            for (Path p : s.inputs()) {
                sb.append(p.toAbsolutePath()).append(' ');
                try {
                    sb.append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    sb.append("missing");
                }
                sb.append('\n');
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path file(Path out, String source) {
        return out.resolve("done").resolve(source + ".json");
    }

    static void write(Path out, SourceStats s, String fingerprint) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", fingerprint);
        m.put("source", s.source());
        m.put("read", s.read());
        m.put("bad_input", s.badInput());
        m.put("kept", s.kept());
        m.put("words", s.words());
        m.put("chars", s.chars());
        m.put("dropped", s.dropped());
        try {
            AtomicFiles.writeString(file(out, s.source()), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The statistics of a source finished with the same fingerprint and whose files are all there, else null. */
    static SourceStats finished(Path out, String source, String fingerprint, Path... outputs) {
        Path f = file(out, source);
        if (!Files.exists(f) || Stream.of(outputs).anyMatch(p -> !Files.exists(p))) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            if (!fingerprint.equals(n.path("fingerprint").asText())) {
                return null;
            }
            Map<String, Long> dropped = new LinkedHashMap<>();
            n.path("dropped").properties().forEach(e -> dropped.put(e.getKey(), e.getValue().asLong()));
            return new SourceStats(source, n.path("read").asLong(), n.path("bad_input").asLong(), n.path("kept").asLong(),
                    n.path("words").asLong(), n.path("chars").asLong(), dropped);
        } catch (IOException e) {
            return null; // an unreadable marker means: do the source again
        }
    }

    /** The rows of a rejects file: document, step and reason. */
    static Stream<dk.snaklib.corpus.io.CorpusParquetReader.Row> rejects(Path rejectsFile) {
        return dk.snaklib.corpus.io.CorpusParquetReader.read(rejectsFile, List.of("step", "reason"));
    }
}
