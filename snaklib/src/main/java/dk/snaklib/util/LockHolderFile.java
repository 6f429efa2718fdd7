package dk.snaklib.util;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a lock file says about its holder (pid, host, when, command, as JSON), shared by the corpus pipeline's output
 * lock and the artifact store's lock, so a second writer can name who holds it.
 */
public final class LockHolderFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LockHolderFile() {}

    /** Writes {@code holder} over the start of the locked file. */
    public static void write(FileChannel ch, Map<String, Object> holder) throws IOException {
        ch.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(holder)), 0);
    }

    /** The holder recorded in the file: empty if the file is, {@code {"contents": text}} if it is not JSON. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 1 << 16));
        ch.read(b, 0);
        String text = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(text, LinkedHashMap.class);
        } catch (IOException e) {
            return Map.of("contents", text);
        }
    }

    /** This machine's name, as the locks record it. */
    public static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return Files.readString(Path.of("/etc/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
