package dk.snaklib.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * I/O failures as one line a user can act on: what we could not do, to which file, and the operating system's
 * reason ("No space left on device", "Read-only file system", "permission denied"). Java puts the reason in
 * different places (the message, {@link FileSystemException#getReason()}, or only the exception's type), and the
 * CLI prints only the message, so the reason must be in it.
 */
public final class IoErrors {
    private IoErrors() {}

    /** "cannot VERB FILE: REASON" (and the file the OS named, if it is another one), keeping {@code e} as cause. */
    public static UncheckedIOException cannot(String verb, Path file, IOException e) {
        String other = e instanceof FileSystemException f && f.getFile() != null && !f.getFile().equals(String.valueOf(file))
                ? " (" + f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ")" : "";
        return new UncheckedIOException("cannot " + verb + " " + file + ": " + reason(e) + other, e);
    }

    /** The operating system's reason for {@code e}, never null. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way (not a folder)";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "a folder that is not empty is in the way";
        }
        if (e instanceof FileSystemException) {
            return e.getClass().getSimpleName();
        }
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        return e instanceof java.io.EOFException ? "unexpected end of data" : e.getClass().getSimpleName();
    }
}
