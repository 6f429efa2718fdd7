package dk.snaklib.corpus.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.util.BadInputException;
import dk.snaklib.util.IoErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run at a time per output folder: {@code OUT/corpus-run.lock}, held with an OS file lock for the run's
 * life and holding who took it (pid, host, start time, command). The OS drops the lock when its process dies,
 * however it dies, so a lock file found unlocked but not empty is stale: it is taken over and said so. A second
 * run while the lock is held stops with a message naming the holder. The run's end empties the file and keeps
 * it (deleting it would let a run that opened it just before lock a file no longer there, beside a newer one).
 */
public final class OutputLock implements AutoCloseable {
    static final String FILE_NAME = "corpus-run.lock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code outputDir} (made if missing), or throws naming who holds it. */
    static OutputLock acquire(Path outputDir, PrintStream log) {
        Path file = outputDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw IoErrors.cannot("make the output folder", outputDir, e);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw IoErrors.cannot("lock the output folder with", file, e);
        }
        try {
            FileLock lock = tryLock(ch);
            if (lock == null) {
                String holder = describe(read(ch));
                ch.close();
                throw new BadInputException(file, "the output folder is in use by another `snak corpus run` ("
                        + holder + "); wait for it to end, or give this run another output folder");
            }
            Map<String, Object> stale = read(ch);
            if (!stale.isEmpty()) {
                log.println("took over a stale lock " + file + " (" + describe(stale)
                        + "): that process is no longer running");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(holder())), 0);
            ch.force(true);
            return new OutputLock(file, ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw IoErrors.cannot("lock the output folder with", file, e);
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another run in this same JVM
        }
    }

    private static Map<String, Object> holder() {
        Map<String, Object> m = new LinkedHashMap<>();
        ProcessHandle self = ProcessHandle.current();
        m.put("pid", self.pid());
        m.put("host", hostName());
        m.put("started", self.info().startInstant().orElse(Instant.now()).toString());
        m.put("command", System.getProperty("sun.java.command", self.info().commandLine().orElse("?")));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(FileChannel ch) throws IOException {
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

    private static String describe(Map<String, Object> h) {
        if (h.isEmpty()) {
            return "holder unknown: the lock file is empty";
        }
        if (h.containsKey("contents")) {
            return "unreadable lock file: " + h.get("contents");
        }
        return "pid " + h.get("pid") + " on host " + h.get("host") + ", running since " + h.get("started")
                + ", command " + h.get("command");
    }

    /** This machine's name, as the lock records it. */
    static String hostName() {
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

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    /** Empties the lock file, then drops the OS lock. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw IoErrors.cannot("release the lock", file, e);
        }
    }
}
