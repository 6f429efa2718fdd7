package dk.snaklib.corpus.megatron;

import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a Megatron-LM indexed dataset back, written from the format description alone (not from our writer):
 * checks the magic, version and sizes, and gives each sequence's tokens by memory-mapping the .bin file
 * (one mapping, so .bin files up to 2 GB: enough for checks and the bundled corpus).
 */
public final class MegatronReader {
    private final Path prefix;
    private final MegatronDtype dtype;
    private final int[] sizes;
    private final long[] pointers;
    private final long[] documentIndex;
    private final ByteBuffer bin;

    public MegatronReader(Path prefix) {
        this.prefix = prefix;
        Path idxFile = Path.of(prefix + ".idx");
        try (FileChannel ch = FileChannel.open(idxFile)) {
            ByteBuffer idx = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[9];
            idx.get(magic);
            if (!Arrays.equals(magic, new byte[] {'M', 'M', 'I', 'D', 'I', 'D', 'X', 0, 0})) {
                throw new BadInputException(idxFile, "not a Megatron index: magic MMIDIDX\\0\\0 missing");
            }
            long version = idx.getLong();
            if (version != 1) {
                throw new BadInputException(idxFile, "index version " + version + ", expected 1");
            }
            dtype = MegatronDtype.ofCode(idx.get() & 0xff);
            long sequences = idx.getLong();
            long docIdxLength = idx.getLong();
            long expected = 9 + 8 + 1 + 8 + 8 + sequences * 4 + sequences * 8 + docIdxLength * 8;
            if (expected != ch.size()) {
                throw new BadInputException(idxFile, "index is " + ch.size() + " bytes, the header implies " + expected);
            }
            sizes = new int[(int) sequences];
            idx.asIntBuffer().get(sizes);
            idx.position(idx.position() + sizes.length * 4);
            pointers = new long[(int) sequences];
            idx.asLongBuffer().get(pointers);
            idx.position(idx.position() + pointers.length * 8);
            documentIndex = new long[(int) docIdxLength];
            idx.asLongBuffer().get(documentIndex);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + idxFile, e);
        }
        Path binFile = Path.of(prefix + ".bin");
        try (FileChannel ch = FileChannel.open(binFile)) {
            bin = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + binFile, e);
        }
    }

    public MegatronDtype dtype() {
        return dtype;
    }

    public int sequences() {
        return sizes.length;
    }

    /** The document index: sequence number where each document starts, plus the total at the end. */
    public long[] documentIndex() {
        return documentIndex.clone();
    }

    /** The tokens of sequence {@code i}. */
    public int[] sequence(int i) {
        int[] out = new int[sizes[i]];
        int at = (int) pointers[i];
        for (int k = 0; k < out.length; k++) {
            out[k] = switch (dtype) {
                case UINT8 -> bin.get(at + k) & 0xff;
                case INT8 -> bin.get(at + k);
                case UINT16 -> bin.getShort(at + 2 * k) & 0xffff;
                case INT16 -> bin.getShort(at + 2 * k);
                case INT32 -> bin.getInt(at + 4 * k);
                case INT64 -> Math.toIntExact(bin.getLong(at + 8 * k));
            };
        }
        return out;
    }

    @Override
    public String toString() {
        return prefix + ": " + sizes.length + " sequences of " + dtype;
    }
}
