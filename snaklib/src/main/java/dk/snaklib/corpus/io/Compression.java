package dk.snaklib.corpus.io;

import dk.snaklib.util.BadInputException;
import dk.snaklib.util.IoErrors;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** The compressions corpus files come in, recognised by their first bytes (the extension only as a cross-check). */
public enum Compression {
    NONE(new byte[0], ""),
    GZIP(new byte[] {0x1f, (byte) 0x8b}, ".gz"),
    BZIP2(new byte[] {'B', 'Z', 'h'}, ".bz2"),
    XZ(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, ".xz"),
    ZSTD(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, ".zst");

    private final byte[] magic;
    private final String extension;

    Compression(byte[] magic, String extension) {
        this.magic = magic;
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The compression whose magic bytes start {@code head}, else NONE. */
    public static Compression sniff(byte[] head, int length) {
        for (Compression c : values()) {
            if (c != NONE && length >= c.magic.length && Arrays.equals(head, 0, c.magic.length, c.magic, 0, c.magic.length)) {
                return c;
            }
        }
        return NONE;
    }

    /** The compression the file name claims (".zstd" too), else NONE. */
    public static Compression byName(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".zstd")) {
            return ZSTD;
        }
        for (Compression c : values()) {
            if (c != NONE && name.endsWith(c.extension)) {
                return c;
            }
        }
        return NONE;
    }

    /** The file name without its compression extension ("da.txt.xz" -> "da.txt"). */
    public static String baseName(Path file) {
        String name = file.getFileName().toString();
        Compression c = byName(file);
        int cut = c == ZSTD && name.toLowerCase(java.util.Locale.ROOT).endsWith(".zstd") ? 5 : c.extension.length();
        return name.substring(0, name.length() - cut);
    }

    /**
     * Opens {@code file} decompressed, whatever its compression. Multi-stream files (concatenated gzip members,
     * bzip2 streams as in Wikipedia multistream dumps, xz streams, zstd frames) are read to the end. Damaged
     * compressed data (a cut download) yields every byte the reference tool recovers before the damage, then a
     * {@link DamagedInputException} naming the compressed byte offset ({@link SalvagingInputStream}).
     */
    public static InputStream open(Path file) {
        try {
            return opened(file);
        } catch (DamagedInputException e) {
            throw new BadInputException(file, e.getMessage(), e);
        }
    }

    /**
     * Like {@link #open(Path)}, but in skip mode a file that cannot even be opened as what it claims to be is one
     * bad record and reads as empty.
     */
    public static InputStream openOrReport(Path file, dk.snaklib.corpus.ReadOptions options) {
        try {
            return opened(file);
        } catch (DamagedInputException e) {
            if (options.policy() == dk.snaklib.corpus.ErrorPolicy.FAIL_FAST) {
                throw new BadInputException(file, e.getMessage(), e);
            }
            options.bad(file, e.where(), e.problem(), "");
            return InputStream.nullInputStream();
        }
    }

    /** Opens {@code file} once (it may be a pipe), sniffing the magic bytes through a mark. */
    private static InputStream opened(Path file) throws DamagedInputException {
        InputStream raw;
        byte[] head = new byte[6];
        int n;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(head.length);
            n = raw.readNBytes(head, 0, head.length);
            raw.reset();
        } catch (IOException e) {
            throw IoErrors.cannot("open", file, e);
        }
        Compression byMagic = sniff(head, n);
        Compression byName = byName(file);
        try {
            if (byMagic == NONE && byName != NONE) {
                raw.close();
                throw new DamagedInputException("file", "name ends in " + byName.extension + " but the file does not start with "
                        + byName + " magic bytes (" + (n == 0 ? "empty file" : "truncated or not compressed") + ")", null);
            }
            return byMagic == NONE ? raw : new SalvagingInputStream(file, byMagic, byMagic::wrap, raw);
        } catch (DamagedInputException e) {
            throw e;
        } catch (IOException e) {
            throw IoErrors.cannot("open", file, e);
        }
    }

    private InputStream wrap(InputStream raw) throws IOException {
        return switch (this) {
            case NONE -> raw;
            case GZIP -> new GZIPInputStream(raw, 1 << 16); // no buffer on top: a failing read would lose its bytes
            case BZIP2 -> new BZip2CompressorInputStream(raw, true);
            // Reads concatenated streams to the end. The cache lends the decoder its dictionary buffer (up to 64 MiB
            // at xz -9, whatever the file's size) from the last file read instead of allocating and zeroing a new one.
            case XZ -> new org.tukaani.xz.XZInputStream(raw, -1, true, org.tukaani.xz.BasicArrayCache.getInstance());
            case ZSTD -> new ZstdCompressorInputStream(raw);
        };
    }
}
