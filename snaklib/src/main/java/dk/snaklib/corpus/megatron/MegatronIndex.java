package dk.snaklib.corpus.megatron;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.PrimitiveIterator;
import java.util.function.Supplier;

/**
 * The .idx file of a Megatron-LM indexed dataset, streamed: magic {@code MMIDIDX\0\0}, u64 version 1, u8 dtype
 * code, u64 sequence count N, u64 document index count N+1, int32 sizes[N], int64 pointers[N] (byte offsets into
 * .bin), int64 doc_idx[N+1] (0..N: one sequence per document). Counts, offsets and pointers are 64-bit throughout,
 * so an index past 2^31 bytes (over 107,374,180 documents) is written like a small one, in constant memory.
 */
public final class MegatronIndex {
    static final int HEADER_BYTES = 9 + 8 + 1 + 8 + 8;

    private MegatronIndex() {}

    /** The size in bytes of the index of {@code sequences} sequences. */
    public static long bytes(long sequences) {
        return HEADER_BYTES + sequences * 4 + sequences * 8 + (sequences + 1) * 8;
    }

    /**
     * Writes the index of {@code sequences} sequences to {@code out}. {@code sizes} gives a fresh iterator over the
     * sequence sizes in tokens each time it is called (it is read twice: sizes, then pointers).
     *
     * @return the bytes written
     */
    public static long write(WritableByteChannel out, MegatronDtype dtype, long sequences,
            Supplier<PrimitiveIterator.OfInt> sizes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MegatronWriter.MAGIC).putLong(1).put((byte) dtype.code).putLong(sequences).putLong(sequences + 1);
        long written = 0;
        PrimitiveIterator.OfInt s = sizes.get();
        for (long i = 0; i < sequences; i++) {
            if (buf.remaining() < 8) {
                written += drain(out, buf);
            }
            buf.putInt(next(s, i));
        }
        PrimitiveIterator.OfInt p = sizes.get();
        long pointer = 0;
        for (long i = 0; i < sequences; i++) {
            if (buf.remaining() < 8) {
                written += drain(out, buf);
            }
            buf.putLong(pointer);
            pointer += (long) next(p, i) * dtype.bytes;
        }
        for (long d = 0; d <= sequences; d++) {
            if (buf.remaining() < 8) {
                written += drain(out, buf);
            }
            buf.putLong(d);
        }
        return written + drain(out, buf);
    }

    private static int next(PrimitiveIterator.OfInt sizes, long i) {
        if (!sizes.hasNext()) {
            throw new IllegalStateException("sizes end after " + i + " sequences");
        }
        return sizes.nextInt();
    }

    private static long drain(WritableByteChannel out, ByteBuffer buf) throws IOException {
        buf.flip();
        long n = buf.remaining();
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        buf.clear();
        return n;
    }
}
