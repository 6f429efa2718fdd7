package dk.snaklib.corpus.megatron;

import dk.snaklib.util.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a Megatron-LM indexed dataset ({@code PREFIX.bin} + {@code PREFIX.idx}; the study's files are named
 * {@code {prefix}_text_document}), one sequence per document. .bin: the tokens of all documents back to back,
 * little-endian. .idx: magic {@code MMIDIDX\0\0}, u64 version 1, u8 dtype code, u64 sequence count, u64 document
 * index count (documents + 1), then int32 sequence sizes, int64 byte pointers into .bin, int64 document indices
 * (0, 1, ..., n). Both files appear only when {@link #finish()} succeeds.
 */
public final class MegatronWriter implements Closeable {
    static final byte[] MAGIC = {'M', 'M', 'I', 'D', 'I', 'D', 'X', 0, 0};

    private final Path prefix;
    private final MegatronDtype dtype;
    private final Path binTmp;
    private final OutputStream bin;
    private final long maxToken;
    private int[] sizes = new int[1024];
    private int count;
    private boolean finished;

    public MegatronWriter(Path prefix, MegatronDtype dtype) {
        this.prefix = prefix;
        this.dtype = dtype;
        this.maxToken = dtype == MegatronDtype.UINT16 ? 0xFFFF : dtype == MegatronDtype.UINT8 ? 0xFF : Integer.MAX_VALUE;
        try {
            Files.createDirectories(prefix.toAbsolutePath().getParent());
            binTmp = prefix.resolveSibling("." + prefix.getFileName() + ".bin.tmp");
            bin = new BufferedOutputStream(Files.newOutputStream(binTmp), 1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + prefix + ".bin", e);
        }
    }

    /** Appends one document's token ids (end-of-document token included if the caller wants one). */
    public void add(int[] tokens) {
        if (dtype != MegatronDtype.UINT16 && dtype != MegatronDtype.INT32 && dtype != MegatronDtype.UINT8) {
            throw new UnsupportedOperationException("writing " + dtype + " is not supported; use UINT16 or INT32");
        }
        ByteBuffer b = ByteBuffer.allocate(tokens.length * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int t : tokens) {
            if (t < 0 || t > maxToken) {
                throw new IllegalArgumentException("token id " + t + " does not fit " + dtype);
            }
            switch (dtype) {
                case UINT8 -> b.put((byte) t);
                case UINT16 -> b.putShort((short) t);
                default -> b.putInt(t);
            }
        }
        try {
            bin.write(b.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + binTmp, e);
        }
        if (count == sizes.length) {
            sizes = java.util.Arrays.copyOf(sizes, count * 2);
        }
        sizes[count++] = tokens.length;
    }

    public int documents() {
        return count;
    }

    /** Writes the index and moves both files into place. */
    public void finish() {
        try {
            bin.close();
            ByteBuffer idx = ByteBuffer.allocate(MAGIC.length + 8 + 1 + 8 + 8 + count * 4 + count * 8 + (count + 1) * 8)
                    .order(ByteOrder.LITTLE_ENDIAN);
            idx.put(MAGIC).putLong(1).put((byte) dtype.code).putLong(count).putLong(count + 1L);
            for (int i = 0; i < count; i++) {
                idx.putInt(sizes[i]);
            }
            long pointer = 0;
            for (int i = 0; i < count; i++) {
                idx.putLong(pointer);
                pointer += (long) sizes[i] * dtype.bytes;
            }
            for (long d = 0; d <= count; d++) {
                idx.putLong(d);
            }
            AtomicFiles.moveAtomically(binTmp, Path.of(prefix + ".bin"));
            AtomicFiles.write(Path.of(prefix + ".idx"), idx.array());
            finished = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + prefix, e);
        }
    }

    /** Abandons an unfinished dataset. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        try {
            bin.close();
            Files.deleteIfExists(binTmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + binTmp, e);
        }
    }
}
