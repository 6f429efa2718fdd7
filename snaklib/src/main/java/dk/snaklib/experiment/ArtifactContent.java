package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.IoErrors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The content hash of an artifact's folder: every file but {@code artifact.json} by its path inside the folder,
 * with its size and SHA-256, and one SHA-256 over the sorted list ("path NUL sha256 LF" per file). Checking it
 * again names each file that changed, went missing or appeared.
 */
final class ArtifactContent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArtifactContent() {}

    /** The files of {@code dir} (relative path -> {bytes, sha256}) and their combined hash, as the lineage stores them. */
    static ObjectNode hash(Path dir) {
        Map<String, Path> files = files(dir);
        ObjectNode out = JSON.createObjectNode();
        ObjectNode list = JSON.createObjectNode();
        MessageDigest all = sha256();
        for (var e : files.entrySet()) {
            String sha = AtomicFiles.sha256(e.getValue());
            ObjectNode f = list.putObject(e.getKey());
            try {
                f.put("bytes", Files.size(e.getValue()));
            } catch (IOException ex) {
                throw IoErrors.cannot("read", e.getValue(), ex);
            }
            f.put("sha256", sha);
            all.update((e.getKey() + "\0" + sha + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.put("sha256", HexFormat.of().formatHex(all.digest()));
        out.put("files_count", files.size());
        out.set("files", list);
        return out;
    }

    /** What differs between {@code dir} now and the recorded {@code content}; empty when it matches. */
    static List<String> differences(Path dir, JsonNode content) {
        List<String> out = new ArrayList<>();
        JsonNode recorded = content.path("files");
        Map<String, Path> now = files(dir);
        recorded.fieldNames().forEachRemaining(name -> {
            if (!now.containsKey(name)) {
                out.add(name + ": missing");
            }
        });
        for (var e : now.entrySet()) {
            JsonNode r = recorded.get(e.getKey());
            if (r == null) {
                out.add(e.getKey() + ": not in the recorded content (a file was added)");
                continue;
            }
            try {
                long bytes = Files.size(e.getValue());
                if (bytes != r.path("bytes").asLong(-1)) {
                    out.add(e.getKey() + ": " + bytes + " bytes, recorded " + r.path("bytes").asLong());
                    continue;
                }
            } catch (IOException ex) {
                out.add(e.getKey() + ": unreadable (" + ex.getMessage() + ")");
                continue;
            }
            String sha = AtomicFiles.sha256(e.getValue());
            if (!sha.equals(r.path("sha256").asText())) {
                out.add(e.getKey() + ": sha256 " + sha.substring(0, 12) + "..., recorded " + r.path("sha256").asText().substring(0, Math.min(12, r.path("sha256").asText().length())) + "...");
            }
        }
        return out;
    }

    /** A cheap stamp of the folder (each file's path, size and modification time), to skip re-hashing an unchanged folder. */
    static String stamp(Path dir) {
        StringBuilder sb = new StringBuilder();
        for (var e : files(dir).entrySet()) {
            try {
                sb.append(e.getKey()).append('\0').append(Files.size(e.getValue())).append('\0')
                        .append(Files.getLastModifiedTime(e.getValue()).toInstant()).append('\n');
            } catch (IOException ex) {
                sb.append(e.getKey()).append("\0?\n");
            }
        }
        return sb.toString();
    }

    /** Regular files under {@code dir} by relative path ('/'), {@code artifact.json} at the top excluded. */
    static Map<String, Path> files(Path dir) {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.equals(Artifacts.LINEAGE)) {
                    out.put(rel, p);
                }
            });
        } catch (IOException e) {
            throw IoErrors.cannot("list", dir, e);
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
