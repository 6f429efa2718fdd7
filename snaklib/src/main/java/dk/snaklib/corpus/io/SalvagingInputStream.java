package dk.snaklib.corpus.io;

import dk.snaklib.util.IoErrors;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A decompressed file that, when its compressed data is cut short or corrupt, still delivers every byte the
 * reference tool ({@code gzip -dc}, {@code xz -dc}, ...) recovers before the damage, then throws a
 * {@link DamagedInputException} naming the compressed byte offset.
 * <p>
 * Why a second pass: Java's decoders lose what they decoded in the read call that fails (and xz-java reads a
 * whole LZMA2 chunk, up to 2 MiB of text, before decoding any of it). So after a failure the file is decoded
 * again from the start, the bytes already delivered are skipped, and the rest is salvaged: gzip, bzip2 and zstd
 * one byte per read, which loses nothing the decoder could produce; xz twice, with the missing input replaced
 * by 0x00 bytes and by 0xFF bytes, keeping the common prefix: a range decoder's decisions compare a number whose
 * unknown low bytes lie between those two paddings, so output both agree on is fixed by the real bytes alone.
 */
final class SalvagingInputStream extends InputStream {
    /** Opens a decoder over compressed bytes. */
    interface Decoder {
        InputStream open(InputStream compressed) throws IOException;
    }

    /** At most this much is salvaged after a failure (a corrupt block cannot make a run hold more). */
    private static final int MAX_SALVAGE = 64 << 20;

    private final Path file;
    private final Compression compression;
    private final Decoder decoder;
    private final Counting counted;
    private final InputStream in;
    private final long fileSize;
    private long delivered;
    private byte[] salvaged;
    private int salvagePos;
    private DamagedInputException damage;

    /** {@code raw}: the file's compressed bytes, opened once by the caller (the file may be a pipe). */
    SalvagingInputStream(Path file, Compression compression, Decoder decoder, InputStream raw) throws IOException {
        this.file = file;
        this.compression = compression;
        this.decoder = decoder;
        this.fileSize = Files.isRegularFile(file) ? Files.size(file) : -1;
        this.counted = new Counting(raw);
        InputStream opened;
        try {
            opened = decoder.open(counted);
        } catch (IOException e) { // the decoders read their first header when made
            counted.close();
            throw damaged(counted.count, e);
        }
        this.in = opened;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (salvaged != null) {
            if (salvagePos < salvaged.length) {
                int n = Math.min(len, salvaged.length - salvagePos);
                System.arraycopy(salvaged, salvagePos, b, off, n);
                salvagePos += n;
                return n;
            }
            throw damage;
        }
        try {
            int n = in.read(b, off, len);
            if (n > 0) {
                delivered += n;
            }
            return n;
        } catch (IOException e) {
            damage = damaged(counted.count, e);
            salvaged = salvage();
            return read(b, off, len);
        }
    }

    private DamagedInputException damaged(long offset, IOException e) {
        return new DamagedInputException("compressed byte " + offset + (fileSize < 0 ? "" : " of " + fileSize),
                "truncated or corrupt " + compression.name().toLowerCase(java.util.Locale.ROOT) + " data ("
                        + IoErrors.reason(e) + ")", e);
    }

    /** The bytes after {@link #delivered} that a second decode can recover. */
    private byte[] salvage() {
        if (fileSize < 0) {
            return new byte[0]; // a pipe cannot be read again
        }
        try {
            return compression == Compression.XZ ? commonPrefix() : oneByteAtATime();
        } catch (IOException e) {
            return new byte[0]; // the file changed or vanished under us: keep what was delivered
        }
    }

    private byte[] oneByteAtATime() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream again = decoder.open(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            skipDelivered(again);
            byte[] one = new byte[1];
            while (out.size() < MAX_SALVAGE && again.read(one, 0, 1) == 1) {
                out.write(one[0]);
            }
        } catch (IOException expected) {
            // the damage again: what came before it is the salvage
        }
        return out.toByteArray();
    }

    private byte[] commonPrefix() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream low = decoder.open(padded((byte) 0)); InputStream high = decoder.open(padded((byte) 0xff))) {
            skipDelivered(low);
            skipDelivered(high);
            // Byte by byte in lockstep: a buffered read would run into the garbage and lose what came before it.
            while (out.size() < MAX_SALVAGE) {
                int x = low.read();
                if (x < 0 || x != high.read()) {
                    break;
                }
                out.write(x);
            }
        } catch (IOException expected) {
            // a padding decoded into something invalid: the common prefix so far is the salvage
        }
        return out.toByteArray();
    }

    /** The file's bytes, then {@code pad} without end (cut off where {@link #MAX_SALVAGE} stops decoding). */
    private InputStream padded(byte pad) throws IOException {
        InputStream real = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new InputStream() {
            private boolean ended;

            @Override
            public int read() throws IOException {
                if (!ended) {
                    int c = real.read();
                    if (c >= 0) {
                        return c;
                    }
                    ended = true;
                }
                return pad & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!ended) {
                    int n = real.read(b, off, len);
                    if (n > 0) {
                        return n;
                    }
                    ended = true;
                }
                Arrays.fill(b, off, off + len, pad);
                return len;
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }

    /** Reads {@link #delivered} bytes in bounded reads, so the decoder never runs ahead into the damage. */
    private void skipDelivered(InputStream again) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = delivered;
        while (left > 0) {
            int n = again.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("shorter than before");
            }
            left -= n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Counts the compressed bytes the decoder has taken. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                count++;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
