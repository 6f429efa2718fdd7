package dk.snaklib.corpus.megatron;

import dk.snaklib.util.BadInputException;
import dk.snaklib.util.IoErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a Megatron-LM indexed dataset back, written from the format description alone (not from our writer):
 * checks the magic, version and sizes, and reads each sequence's size, pointer and tokens where they lie, with
 * 64-bit offsets, so indexes and .bin files of any size (past 2^31 bytes) read in constant memory.
 */
public final class MegatronReader implements AutoCloseable {
    private final Path prefix;
    private final Path idxFile;
    private final Path binFile;
    private final FileChannel idx;
    private final FileChannel bin;
    private final MegatronDtype dtype;
    private final long sequences;
    private final long documentIndexLength;

    public MegatronReader(Path prefix) {
        this.prefix = prefix;
        this.idxFile = Path.of(prefix + ".idx");
        this.binFile = Path.of(prefix + ".bin");
        try {
            idx = FileChannel.open(idxFile);
        } catch (IOException e) {
            throw IoErrors.cannot("read", idxFile, e);
        }
        try {
            ByteBuffer head = read(idx, idxFile, 0, MegatronIndex.HEADER_BYTES);
            byte[] magic = new byte[9];
            head.get(magic);
            if (!Arrays.equals(magic, MegatronWriter.MAGIC)) {
                throw new BadInputException(idxFile, "not a Megatron index: magic MMIDIDX\\0\\0 missing");
            }
            long version = head.getLong();
            if (version != 1) {
                throw new BadInputException(idxFile, "index version " + version + ", expected 1");
            }
            dtype = MegatronDtype.ofCode(head.get() & 0xff);
            sequences = head.getLong();
            documentIndexLength = head.getLong();
            long expected = MegatronIndex.HEADER_BYTES + sequences * 4 + sequences * 8 + documentIndexLength * 8;
            if (sequences < 0 || documentIndexLength < 0 || expected != idx.size()) {
                throw new BadInputException(idxFile, "index is " + idx.size() + " bytes, the header implies " + expected);
            }
            bin = FileChannel.open(binFile);
        } catch (IOException e) {
            close(idx);
            throw IoErrors.cannot("read", binFile, e);
        } catch (RuntimeException e) {
            close(idx);
            throw e;
        }
    }

    private static ByteBuffer read(FileChannel ch, Path file, long at, int bytes) {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (b.hasRemaining()) {
                if (ch.read(b, at + b.position()) < 0) {
                    throw new BadInputException(file, "ends at byte " + (at + b.position()) + "; " + bytes
                            + " bytes were expected at " + at);
                }
            }
        } catch (IOException e) {
            throw IoErrors.cannot("read", file, e);
        }
        return b.flip();
    }

    public MegatronDtype dtype() {
        return dtype;
    }

    /** Number of sequences (64-bit). */
    public long sequences() {
        return sequences;
    }

    /** Tokens in sequence {@code i}. */
    public int size(long i) {
        check(i, sequences);
        return read(idx, idxFile, MegatronIndex.HEADER_BYTES + i * 4, 4).getInt();
    }

    /** Byte offset of sequence {@code i} in the .bin file. */
    public long pointer(long i) {
        check(i, sequences);
        return read(idx, idxFile, MegatronIndex.HEADER_BYTES + sequences * 4 + i * 8, 8).getLong();
    }

    /** Entry {@code i} of the document index (sequence number where document i starts; the last is the total). */
    public long documentIndexAt(long i) {
        check(i, documentIndexLength);
        return read(idx, idxFile, MegatronIndex.HEADER_BYTES + sequences * 12 + i * 8, 8).getLong();
    }

    /** The whole document index (for datasets whose index fits an array). */
    public long[] documentIndex() {
        long[] out = new long[Math.toIntExact(documentIndexLength)];
        for (int i = 0; i < out.length; i++) {
            out[i] = documentIndexAt(i);
        }
        return out;
    }

    /** The tokens of sequence {@code i}. */
    public int[] sequence(long i) {
        int n = size(i);
        ByteBuffer b = read(bin, binFile, pointer(i), Math.multiplyExact(n, dtype.bytes));
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = switch (dtype) {
                case UINT8 -> b.get() & 0xff;
                case INT8 -> b.get();
                case UINT16 -> b.getShort() & 0xffff;
                case INT16 -> b.getShort();
                case INT32 -> b.getInt();
                case INT64 -> Math.toIntExact(b.getLong());
            };
        }
        return out;
    }

    private void check(long i, long n) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("index " + i + " of " + n + " in " + idxFile);
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    @Override
    public void close() {
        close(idx);
        close(bin);
    }

    @Override
    public String toString() {
        return prefix + ": " + sequences + " sequences of " + dtype;
    }
}
