package dk.snaklib.tokenizer;

import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Packed training sequences on disk, memory-mapped for reading: a directory with {@code train.bin},
 * {@code val.bin} (little-endian uint16 or uint32 tokens, {@code seq_len + 1} per sequence, nothing else) and
 * {@code meta.json} ({@link ShardMeta}). The .bin files are plain arrays, readable by numpy as
 * {@code np.memmap(f, dtype='<u2').reshape(-1, seq_len + 1)}.
 *
 * <pre>{@code
 * TokenShards.writer(tokenizer).seqLen(256).valFraction(0.05).seed(7).write(files, dir);
 * var shards = TokenShards.open(dir);
 * long[] batch = shards.train().batch(position, 8);  // [8, seq_len + 1] row-major
 * }</pre>
 */
public final class TokenShards {
    public static final String TRAIN = "train.bin";
    public static final String VAL = "val.bin";

    private final Path dir;
    private final ShardMeta meta;
    private final Split train;
    private final Split val;

    private TokenShards(Path dir, ShardMeta meta) {
        this.dir = dir;
        this.meta = meta;
        this.train = new Split(dir.resolve(TRAIN), meta, meta.trainSequences());
        this.val = new Split(dir.resolve(VAL), meta, meta.valSequences());
    }

    /** A writer that packs text encoded by {@code tokenizer}; set options, then call {@code write}. */
    public static TokenShardWriter writer(HfTokenizer tokenizer) {
        return new TokenShardWriter(tokenizer);
    }

    /** Opens a shard directory, checking meta.json against the file sizes. */
    public static TokenShards open(Path dir) {
        return new TokenShards(dir, ShardMeta.read(dir));
    }

    public Split train() {
        return train;
    }

    public Split val() {
        return val;
    }

    public ShardMeta meta() {
        return meta;
    }

    public Path dir() {
        return dir;
    }

    /** One memory-mapped split. Safe to read from several threads. */
    public static final class Split {
        // A MappedByteBuffer holds at most 2 GiB: map whole sequences in chunks below that.
        private static final long CHUNK_BYTES = 1L << 30;

        private final Path file;
        private final long size;
        private final int seqLen;
        private final int perSeq;
        private final boolean uint16;
        private final long seqsPerChunk;
        private final MappedByteBuffer[] chunks;

        Split(Path file, ShardMeta meta, long size) {
            this.file = file;
            this.size = size;
            this.seqLen = meta.seqLen();
            this.perSeq = meta.tokensPerSequence();
            this.uint16 = meta.bytesPerToken() == 2;
            long seqBytes = (long) perSeq * meta.bytesPerToken();
            this.seqsPerChunk = Math.max(1, CHUNK_BYTES / seqBytes);
            long expected = size * seqBytes;
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file, "missing, though meta.json lists " + size + " sequences");
            }
            try (FileChannel ch = FileChannel.open(file)) {
                if (ch.size() != expected) {
                    throw new BadInputException(file, "is " + ch.size() + " bytes, but meta.json says " + size
                            + " sequences x " + perSeq + " tokens x " + meta.bytesPerToken() + " bytes = " + expected);
                }
                int n = (int) ((size + seqsPerChunk - 1) / seqsPerChunk);
                chunks = new MappedByteBuffer[n];
                for (int c = 0; c < n; c++) {
                    long first = c * seqsPerChunk;
                    long count = Math.min(seqsPerChunk, size - first);
                    chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, first * seqBytes, count * seqBytes);
                    chunks[c].order(ByteOrder.LITTLE_ENDIAN);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot map " + file, e);
            }
        }

        /** Number of sequences. */
        public long size() {
            return size;
        }

        /** Model context length; each sequence holds {@code seqLen() + 1} tokens. */
        public int seqLen() {
            return seqLen;
        }

        /** Copies sequence {@code index} (0 <= index < size) into {@code into[0..seqLen]}. */
        public void read(long index, int[] into) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("sequence " + index + " of " + size + " in " + file);
            }
            if (into.length < perSeq) {
                throw new IllegalArgumentException("buffer holds " + into.length + " tokens, a sequence has " + perSeq);
            }
            MappedByteBuffer chunk = chunks[(int) (index / seqsPerChunk)];
            int base = (int) (index % seqsPerChunk) * perSeq;
            for (int i = 0; i < perSeq; i++) {
                into[i] = uint16 ? chunk.getShort((base + i) * 2) & 0xFFFF : chunk.getInt((base + i) * 4);
            }
        }

        /**
         * {@code batchSize} consecutive sequences from {@code startIndex}, wrapping around (index mod size), so a
         * trainer's data position is one long. Row-major [batchSize, seqLen + 1]: inputs are columns
         * 0..seqLen-1, targets columns 1..seqLen.
         */
        public long[] batch(long startIndex, int batchSize) {
            if (size == 0) {
                throw new IllegalStateException(file + " has no sequences");
            }
            long[] out = new long[batchSize * perSeq];
            int[] row = new int[perSeq];
            for (int b = 0; b < batchSize; b++) {
                read(Math.floorMod(startIndex + b, size), row);
                for (int i = 0; i < perSeq; i++) {
                    out[b * perSeq + i] = row[i];
                }
            }
            return out;
        }
    }
}
