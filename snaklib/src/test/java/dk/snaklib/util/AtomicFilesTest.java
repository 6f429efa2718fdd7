package dk.snaklib.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void filesAndFoldersGetTheModesTheUmaskGives() throws IOException {
        // What the umask gives a plain new file and folder here (rw-r--r-- and rwxr-xr-x under umask 022).
        String plainFile = mode(Files.createFile(dir.resolve("plain")));
        String plainDir = mode(Files.createDirectory(dir.resolve("plaindir")));
        Path target = dir.resolve("new/sub/file.json");
        AtomicFiles.writeString(target, "{}");
        assertEquals(plainFile, mode(target));
        assertNotEquals("rw-------", mode(target), "not private whatever the umask");
        assertEquals(plainDir, mode(target.getParent()));
        assertEquals(plainDir, mode(AtomicFiles.createTempDirectory(dir, ".ckpt.tmp-")));
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFileAndSaysWhy() throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectories(target.resolve("child")); // a non-empty folder: the rename must fail
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeString(target, "x"));
        assertTrue(e.getMessage().contains(target.toString()) && e.getMessage().contains("Is a directory"), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(target), s.toList(), "no temporary sibling left behind");
        }
    }

    @Test
    void theTemporaryNamesOfTwoWritersDiffer() throws IOException {
        Path target = dir.resolve("x.parquet");
        Path a = AtomicFiles.tempSibling(target);
        Path b = AtomicFiles.tempSibling(target);
        assertNotEquals(a, b);
        assertTrue(a.getFileName().toString().startsWith(".x.parquet.") && a.getFileName().toString().endsWith(".tmp"), a.toString());
        assertEquals(dir, a.getParent());
    }

    @Test
    void osCausesAreInTheMessage() throws IOException {
        // A real ENOSPC from the kernel: /dev/full refuses every write with "No space left on device".
        IOException full = assertThrows(IOException.class, () -> {
            try (var out = Files.newOutputStream(Path.of("/dev/full"))) {
                out.write(new byte[4096]);
                out.flush();
            }
        });
        UncheckedIOException e = IoErrors.cannot("write", Path.of("/data/out/corpus/x.parquet"), full);
        assertEquals("cannot write /data/out/corpus/x.parquet: No space left on device", e.getMessage());

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        UncheckedIOException notDir = assertThrows(UncheckedIOException.class,
                () -> AtomicFiles.writeString(file.resolve("under/y.txt"), "y"));
        assertTrue(notDir.getMessage().contains(file.resolve("under/y.txt").toString())
                && notDir.getMessage().contains("Not a directory"), notDir.getMessage());
        assertEquals("permission denied",
                IoErrors.reason(new java.nio.file.AccessDeniedException("/x")));
    }
}
