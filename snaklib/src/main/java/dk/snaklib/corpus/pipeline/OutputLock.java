package dk.snaklib.corpus.pipeline;

import dk.snaklib.util.BadInputException;
import dk.snaklib.util.LockHolderFile;
import dk.snaklib.util.IoErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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
                String holder = describe(LockHolderFile.read(ch));
                ch.close();
                throw new BadInputException(file, "the output folder is in use by another `snak corpus run` ("
                        + holder + "); wait for it to end, or give this run another output folder");
            }
            Map<String, Object> stale = LockHolderFile.read(ch);
            if (!stale.isEmpty()) {
                log.println("took over a stale lock " + file + " (" + describe(stale)
                        + "): that process is no longer running");
            }
            ch.truncate(0);
            LockHolderFile.write(ch, holder());
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
        m.put("host", LockHolderFile.host());
        m.put("started", self.info().startInstant().orElse(Instant.now()).toString());
        m.put("command", System.getProperty("sun.java.command", self.info().commandLine().orElse("?")));
        return m;
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
