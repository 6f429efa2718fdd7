package dk.snaklib.corpus.io;

import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.util.BadInputException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Lines of a (possibly compressed) text file as strict UTF-8, with a cap on line length.
 * Splits on bytes before decoding, so one bad line (invalid UTF-8, too long) is reported by number and the rest
 * of the file still reads; an over-long line is read past, never held in memory. A read error ends the file: a
 * damaged archive is reported at its compressed byte offset, after every complete line before the damage.
 */
public final class LineSource implements Closeable {
    private final InputStream in;
    private final Path file;
    private final ReadOptions options;
    private final byte[] buf = new byte[1 << 16];
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int len;
    private long lineNumber;
    private boolean eof;
    private boolean failed;

    public LineSource(Path file, ReadOptions options) {
        this(Compression.openOrReport(file, options), file, options);
    }

    public LineSource(InputStream in, Path file, ReadOptions options) {
        this.in = in;
        this.file = file;
        this.options = options;
    }

    /** 1-based number of the line last returned (or reported bad). */
    public long lineNumber() {
        return lineNumber;
    }

    public Path file() {
        return file;
    }

    /** The next good line without its line break, or null at the end of the file. */
    public String next() {
        while (!eof) {
            boolean overflow = false;
            len = 0;
            boolean sawAny = false;
            while (true) {
                if (pos == limit && !fill()) {
                    break;
                }
                sawAny = true;
                int nl = indexOfNewline();
                int end = nl < 0 ? limit : nl;
                if (!overflow) {
                    overflow = !append(end - pos);
                }
                pos = nl < 0 ? limit : nl + 1;
                if (nl >= 0) {
                    break;
                }
            }
            if (!sawAny || failed) {
                return null; // a line cut short by a read error is not a line
            }
            lineNumber++;
            if (overflow) {
                options.bad(file, "line " + lineNumber, "line longer than " + options.maxLineBytes()
                        + " bytes (the limit; raise maxLineBytes if this is a real document)", lenient());
                continue;
            }
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
            String text = decode();
            if (text != null) {
                return lineNumber == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
            }
        }
        return null;
    }

    private int indexOfNewline() {
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Appends buf[pos, pos+n) to the line; false once the line exceeds the cap (the excess is dropped). */
    private boolean append(int n) {
        int max = options.maxLineBytes();
        int take = Math.min(n, Math.max(0, max + 1 - len));
        if (len + take > line.length) {
            line = java.util.Arrays.copyOf(line, Math.max(len + take, Math.min(max + 1, line.length * 2)));
        }
        System.arraycopy(buf, pos, line, len, take);
        len += take;
        return len <= max && take == n;
    }

    private boolean fill() {
        try {
            int n = in.read(buf);
            if (n <= 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            eof = true;
            failed = true;
            // Compressed data cut short: the offset in the compressed file says where; a line number would not.
            String where = e instanceof DamagedInputException d ? d.where() : "line " + (lineNumber + 1);
            String problem = (e instanceof DamagedInputException d ? d.problem()
                    : "cannot read further: " + dk.snaklib.util.IoErrors.reason(e))
                    + "; the " + lineNumber + " lines before it were read";
            if (options.policy() == dk.snaklib.corpus.ErrorPolicy.FAIL_FAST) {
                throw new BadInputException(file, where + ": " + problem, e);
            }
            options.bad(file, where, problem, "");
            return false;
        }
    }

    private String decode() {
        String fast = new String(line, 0, len, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast;
        }
        // U+FFFD may be real text; only a strict decode tells it from a malformed byte.
        try {
            return strict.reset().decode(ByteBuffer.wrap(line, 0, len)).toString();
        } catch (CharacterCodingException e) {
            int at = firstMalformedOffset();
            options.bad(file, "line " + lineNumber, "invalid UTF-8 at byte " + at + " of the line", fast);
            return null;
        }
    }

    private int firstMalformedOffset() {
        ByteBuffer bb = ByteBuffer.wrap(line, 0, len);
        var out = java.nio.CharBuffer.allocate(len + 1);
        strict.reset().decode(bb, out, true);
        return bb.position();
    }

    private String lenient() {
        return new String(line, 0, Math.min(len, 400), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
