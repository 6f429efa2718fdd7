package dk.snaklib.corpus.megatron;

import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.IoErrors;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.PrimitiveIterator;

/**
 * Writes a Megatron-LM indexed dataset ({@code PREFIX.bin} + {@code PREFIX.idx}; Megatron's preprocess_data.py
 * names them {@code {output_prefix}_text_document}), one sequence per document. .bin: the tokens of all documents
 * back to back, little-endian; .idx: see {@link MegatronIndex}. Sequence sizes go to a temporary file as they
 * come, so memory stays constant and counts are 64-bit whatever the number of documents. Both files appear only
 * when {@link #finish()} succeeds; temporary files are unique per writer and deleted on failure.
 */
public final class MegatronWriter implements Closeable {
    static final byte[] MAGIC = {'M', 'M', 'I', 'D', 'I', 'D', 'X', 0, 0};

    private final Path prefix;
    private final MegatronDtype dtype;
    private final long maxToken;
    private Path binTmp;
    private Path sizesTmp;
    private Path idxTmp;
    private OutputStream bin;
    private OutputStream sizes;
    private long count;
    private boolean finished;

    public MegatronWriter(Path prefix, MegatronDtype dtype) {
        this.prefix = prefix;
        this.dtype = dtype;
        this.maxToken = dtype == MegatronDtype.UINT16 ? 0xFFFF : dtype == MegatronDtype.UINT8 ? 0xFF : Integer.MAX_VALUE;
        try {
            binTmp = AtomicFiles.tempSibling(binFile());
            sizesTmp = AtomicFiles.tempSibling(Path.of(prefix + ".sizes"));
            bin = new BufferedOutputStream(Files.newOutputStream(binTmp), 1 << 20);
            sizes = new BufferedOutputStream(Files.newOutputStream(sizesTmp), 1 << 16);
        } catch (IOException e) {
            close();
            throw IoErrors.cannot("write", binFile(), e);
        }
    }

    public Path binFile() {
        return Path.of(prefix + ".bin");
    }

    public Path idxFile() {
        return Path.of(prefix + ".idx");
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
            sizes.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(tokens.length).array());
        } catch (IOException e) {
            throw IoErrors.cannot("write", binTmp, e);
        }
        count++;
    }

    /** Documents added so far (64-bit: Megatron datasets can hold more than 2^31). */
    public long documents() {
        return count;
    }

    /** Writes the index and moves both files into place (.bin first, so an .idx never points past its .bin). */
    public void finish() {
        try {
            bin.close();
            sizes.close();
            idxTmp = AtomicFiles.tempSibling(idxFile());
            try (FileChannel out = FileChannel.open(idxTmp, StandardOpenOption.WRITE)) {
                MegatronIndex.write(out, dtype, count, this::readSizes);
                out.force(true);
            }
            AtomicFiles.moveAtomically(binTmp, binFile());
            AtomicFiles.moveAtomically(idxTmp, idxFile());
            Files.deleteIfExists(sizesTmp);
            finished = true;
        } catch (IOException e) {
            close();
            throw IoErrors.cannot("finish", prefix, e);
        } catch (UncheckedIOException | IllegalStateException e) {
            close();
            throw e;
        }
    }

    /** The sizes written so far, read back from their temporary file. */
    private PrimitiveIterator.OfInt readSizes() {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(sizesTmp), 1 << 16));
            if (count == 0) {
                in.close();
            }
            return new PrimitiveIterator.OfInt() {
                private long left = count;

                @Override
                public boolean hasNext() {
                    return left > 0;
                }

                @Override
                public int nextInt() {
                    try {
                        left--;
                        int v = Integer.reverseBytes(in.readInt());
                        if (left == 0) {
                            in.close();
                        }
                        return v;
                    } catch (IOException e) {
                        throw IoErrors.cannot("read", sizesTmp, e);
                    }
                }
            };
        } catch (IOException e) {
            throw IoErrors.cannot("read", sizesTmp, e);
        }
    }

    /** Abandons an unfinished dataset: its temporary files go. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        for (OutputStream s : new OutputStream[] {bin, sizes}) {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (IOException ignored) {
                // abandoned anyway
            }
        }
        AtomicFiles.deleteQuietly(binTmp);
        AtomicFiles.deleteQuietly(sizesTmp);
        AtomicFiles.deleteQuietly(idxTmp);
    }
}
