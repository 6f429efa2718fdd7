package dk.snaklib.experiment;

import dk.snaklib.util.IoErrors;

import dk.snaklib.util.LockHolderFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One writer per artifact: an OS file lock on {@code KIND/.KEY.lock} (held for the writer's life and dropped by
 * the OS however it dies) plus a semaphore per lock file for threads of this JVM (which share one OS lock). The
 * lock file holds the writer's pid, host, start time and artifact, so a second writer can say whom it waits for.
 * A lock found free is simply taken: a dead writer's leftovers are its partial folder, which the new writer resumes
 * or clears.
 */
final class ArtifactLock implements AutoCloseable {
    private static final Map<Path, Semaphore> IN_JVM = new ConcurrentHashMap<>();
    /** How often a waiting writer tries again, and how often it says it is still waiting. */
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final Duration SAY_EVERY = Duration.ofMinutes(1);

    private final Path file;
    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock lock;

    private ArtifactLock(Path file, Semaphore local, FileChannel channel, FileLock lock) {
        this.file = file;
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, waiting at most {@code wait} (null: as long as it takes) and saying on {@code log} whom it
     * waits for; throws {@link ArtifactBusyException} naming the holder when the wait runs out.
     */
    static ArtifactLock acquire(Path file, String what, Duration wait, PrintStream log) {
        long deadline = wait == null ? Long.MAX_VALUE : System.nanoTime() + wait.toNanos();
        Path key = file.toAbsolutePath().normalize();
        Semaphore local = IN_JVM.computeIfAbsent(key, k -> new Semaphore(1));
        boolean said = false;
        try {
            while (!local.tryAcquire(RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    throw new ArtifactBusyException(what + " is being written by another thread of this process (" + file + ")");
                }
                if (!said) {
                    log.println("snak: waiting for " + what + ": another thread of this process is writing it");
                    said = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArtifactBusyException("interrupted while waiting for the lock of " + what);
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long lastSaid = 0;
            while (true) {
                FileLock lock = tryLock(ch);
                if (lock != null) {
                    ch.truncate(0);
                    LockHolderFile.write(ch, holder(what));
                    ch.force(true);
                    return new ArtifactLock(file, local, ch, lock);
                }
                String holder = describe(LockHolderFile.read(ch));
                if (System.nanoTime() > deadline) {
                    throw new ArtifactBusyException(what + " is being written by another process (" + holder + "; lock "
                            + file + "); wait for it to finish, or stop that process");
                }
                if (System.nanoTime() - lastSaid > SAY_EVERY.toNanos() || lastSaid == 0) {
                    log.println("snak: waiting for " + what + ": another process is writing it (" + holder + ")");
                    lastSaid = System.nanoTime();
                }
                Thread.sleep(RETRY.toMillis());
            }
        } catch (IOException e) {
            close(ch);
            local.release();
            throw IoErrors.cannot("lock", file, e);
        } catch (InterruptedException e) {
            close(ch);
            local.release();
            Thread.currentThread().interrupt();
            throw new ArtifactBusyException("interrupted while waiting for the lock of " + what);
        } catch (RuntimeException e) {
            close(ch);
            local.release();
            throw e;
        }
    }

    /** Whether some writer (this process or another) holds {@code file} now; used by gc before removing leftovers. */
    static boolean isHeld(Path file) {
        Semaphore local = IN_JVM.get(file.toAbsolutePath().normalize());
        if (local != null && local.availablePermits() == 0) {
            return true;
        }
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock l = tryLock(ch);
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (IOException e) {
            return true; // cannot tell: treat as held, never remove what may be in use
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static Map<String, Object> holder(String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        ProcessHandle self = ProcessHandle.current();
        m.put("pid", self.pid());
        m.put("host", LockHolderFile.host());
        m.put("since", Instant.now().toString());
        m.put("artifact", what);
        m.put("command", System.getProperty("sun.java.command", "?"));
        return m;
    }

    private static String describe(Map<String, Object> h) {
        if (h.isEmpty()) {
            return "holder unknown: its lock file is empty";
        }
        if (h.containsKey("contents")) {
            return "unreadable lock file: " + h.get("contents");
        }
        return "pid " + h.get("pid") + " on host " + h.get("host") + " since " + h.get("since");
    }

    private static void close(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /** Empties the lock file, drops the OS lock, then lets the next thread of this JVM in. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw IoErrors.cannot("release the lock", file, e);
        } finally {
            local.release();
        }
    }
}
