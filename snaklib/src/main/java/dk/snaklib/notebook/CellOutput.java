package dk.snaklib.notebook;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A cell's stdout and stderr as PrintStreams feeding an {@link OutputSink}, with one character budget for both:
 * past it the rest is dropped and a single note says so, so a runaway loop cannot flood a notebook or a browser.
 * Both streams share one buffer, so text reaches the sink in the order it was printed (a switch from stdout to
 * stderr sends what came before), whatever the timing of the periodic flush.
 */
final class CellOutput {
    private final OutputSink sink;
    private final long limitChars;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private String bufferedName = "stdout";
    private long written;
    private boolean truncated;
    final PrintStream out;
    final PrintStream err;

    CellOutput(OutputSink sink, long limitChars) {
        this.sink = sink;
        this.limitChars = limitChars;
        this.out = new PrintStream(new Channel("stdout"), true, StandardCharsets.UTF_8);
        this.err = new PrintStream(new Channel("stderr"), true, StandardCharsets.UTF_8);
    }

    /** Sends what is buffered (called every 200 ms while a cell runs, and when it ends). */
    void flush() {
        out.flush();
        err.flush();
        drain(false);
    }

    private synchronized void write(String name, byte[] b, int off, int len) {
        if (!name.equals(bufferedName)) {
            drain(true);
            bufferedName = name;
        }
        buffer.write(b, off, len);
        if (buffer.size() >= 1 << 16) {
            drain(false);
        }
    }

    /** Sends the buffer as whole UTF-8 text; {@code all} also sends a trailing partial character (stream switch). */
    private synchronized void drain(boolean all) {
        if (buffer.size() == 0) {
            return;
        }
        byte[] bytes = buffer.toByteArray();
        int end = all ? bytes.length : completeUtf8Length(bytes);
        buffer.reset();
        buffer.write(bytes, end, bytes.length - end);
        if (end > 0) {
            emit(bufferedName, new String(bytes, 0, end, StandardCharsets.UTF_8));
        }
    }

    private void emit(String name, String text) {
        if (truncated) {
            return;
        }
        long room = limitChars - written;
        if (text.length() <= room) {
            written += text.length();
            sink.stream(name, text);
            return;
        }
        truncated = true;
        if (room > 0) {
            sink.stream(name, text.substring(0, (int) room));
        }
        sink.stream("stderr", "\n[output truncated: this cell wrote more than " + limitChars
                + " characters; the rest was dropped. Write large results to a file instead.]\n");
    }

    /**
     * One stream's bytes into the shared buffer; they are sent on {@link #flush} or at once past 64 KiB: one message
     * per 200 ms instead of one per println, as ipykernel batches, so a chatty loop does not flood the front end.
     */
    private final class Channel extends OutputStream {
        private final String name;

        Channel(String name) {
            this.name = name;
        }

        @Override
        public void write(int b) {
            CellOutput.this.write(name, new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            CellOutput.this.write(name, b, off, len);
        }
    }

    /** Length of the prefix that does not end inside a multi-byte UTF-8 character. */
    static int completeUtf8Length(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int c = b[n - back] & 0xFF;
            if ((c & 0xC0) == 0x80) {
                continue; // continuation byte: keep looking for the lead byte
            }
            int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
