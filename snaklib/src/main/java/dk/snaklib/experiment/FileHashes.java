package dk.snaklib.experiment;

import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.IoErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of input files for artifact specs, remembered per JVM by path, size and modification time, so that a replay
 * hashes each input once rather than once per notebook.
 */
final class FileHashes {
    private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();

    private FileHashes() {}

    static String sha256(Path f) {
        Path abs = f.toAbsolutePath().normalize();
        try {
            String stamp = abs + "\0" + Files.size(abs) + "\0" + Files.getLastModifiedTime(abs).toInstant();
            return KNOWN.computeIfAbsent(stamp, s -> AtomicFiles.sha256(abs));
        } catch (IOException e) {
            throw IoErrors.cannot("read", abs, e);
        }
    }
}
