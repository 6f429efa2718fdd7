package dk.snaklib.corpus.megatron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.PrimitiveIterator;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Megatron datasets past 2^31 bytes of index (over 107,374,180 documents), without GBs of disk: the reader on
 * sparse files, the index writer into a channel that keeps only the bytes the test checks.
 */
class MegatronLargeIndexTest {
    static final long HEADER = 9 + 8 + 1 + 8 + 8;

    @TempDir
    Path tmp;

    @Test
    void readsASparseIndexPastTwoGigabytes() throws Exception {
        long n = 120_000_000L;
        long binOffset = 5_000_000_000L; // past 2^32: a pointer no int can hold
        Path prefix = tmp.resolve("big_text_document");
        long idxBytes = HEADER + n * 4 + n * 8 + (n + 1) * 8;
        assertTrue(idxBytes > (1L << 31));
        try (RandomAccessFile idx = new RandomAccessFile(prefix + ".idx", "rw")) {
            idx.setLength(idxBytes); // sparse: holes read as zeros and take no disk
            ByteBuffer head = ByteBuffer.allocate((int) HEADER).order(ByteOrder.LITTLE_ENDIAN);
            head.put(MegatronWriter.MAGIC).putLong(1).put((byte) 8).putLong(n).putLong(n + 1);
            idx.getChannel().write(head.flip(), 0);
            idx.getChannel().write(le(4).putInt(3).flip(), HEADER + (n - 1) * 4);             // sizes[n-1]
            idx.getChannel().write(le(8).putLong(binOffset).flip(), HEADER + n * 4 + (n - 1) * 8); // pointers[n-1]
            idx.getChannel().write(le(8).putLong(n).flip(), HEADER + n * 12 + n * 8);          // doc_idx[n]
        }
        try (RandomAccessFile bin = new RandomAccessFile(prefix + ".bin", "rw")) {
            bin.setLength(binOffset + 6);
            bin.getChannel().write(le(6).putShort((short) 7).putShort((short) 8).putShort((short) 65535).flip(), binOffset);
        }
        assertTrue(Files.size(Path.of(prefix + ".idx")) > (1L << 31));
        MegatronReader r = new MegatronReader(prefix);
        assertEquals(n, r.sequences());
        assertArrayEquals(new int[] {7, 8, 65535}, r.sequence(n - 1));
        assertEquals(0, r.sequence(n - 2).length);
        assertEquals(binOffset, r.pointer(n - 1));
        assertEquals(n, r.documentIndexAt(n));
    }

    static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Sizes i % 97: ~48 tokens a document, so the pointers pass 2^32 bytes too. */
    static PrimitiveIterator.OfInt sizes(long n) {
        return new PrimitiveIterator.OfInt() {
            private long i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public int nextInt() {
                return (int) (i++ % 97);
            }
        };
    }

    @Test
    void writesAnIndexPastTwoGigabytesWithSixtyFourBitCountsAndPointers() throws Exception {
        long n = 110_000_000L;
        long lastPointer = 0;
        for (long i = 0; i < n - 1; i++) {
            lastPointer += (i % 97) * 2;
        }
        long expectedBytes = HEADER + n * 4 + n * 8 + (n + 1) * 8;
        long sizesAt = HEADER;
        long pointersAt = HEADER + n * 4;
        long docIdxAt = pointersAt + n * 8;
        Probe probe = new Probe(0, 9, 17, 18, 26, sizesAt + (n - 1) * 4, pointersAt + (n - 1) * 8, docIdxAt + n * 8,
                docIdxAt + 5 * 8);
        long start = System.nanoTime();
        long written = MegatronIndex.write(probe, MegatronDtype.UINT16, n, () -> sizes(n));
        System.out.printf("index of %,d sequences (%,d bytes) streamed in %.1f s%n", n, written, (System.nanoTime() - start) / 1e9);
        assertEquals(expectedBytes, written);
        assertEquals(expectedBytes, probe.position);
        assertTrue(expectedBytes > (1L << 31));
        assertEquals(1L, probe.longAt(9));
        assertEquals(8, probe.bytes.get(17L)[0]);
        assertEquals(n, probe.longAt(18));
        assertEquals(n + 1, probe.longAt(26));
        assertEquals((int) ((n - 1) % 97), probe.intAt(sizesAt + (n - 1) * 4));
        assertEquals(lastPointer, probe.longAt(pointersAt + (n - 1) * 8));
        assertTrue(lastPointer > (1L << 32));
        assertEquals(n, probe.longAt(docIdxAt + n * 8));
        assertEquals(5L, probe.longAt(docIdxAt + 5 * 8));
    }

    /** A channel that counts bytes and keeps the 8 bytes starting at each offset of interest. */
    static final class Probe implements WritableByteChannel {
        final TreeMap<Long, byte[]> bytes = new TreeMap<>();
        long position;

        Probe(long... offsets) {
            for (long o : offsets) {
                bytes.put(o, new byte[8]);
            }
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            long end = position + n;
            for (var e : bytes.subMap(position - 8, true, end, false).entrySet()) {
                for (int k = 0; k < 8; k++) {
                    long at = e.getKey() + k;
                    if (at >= position && at < end) {
                        e.getValue()[k] = src.get(src.position() + (int) (at - position));
                    }
                }
            }
            src.position(src.limit());
            position = end;
            return n;
        }

        long longAt(long offset) {
            return ByteBuffer.wrap(bytes.get(offset)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }

        int intAt(long offset) {
            return ByteBuffer.wrap(bytes.get(offset)).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
