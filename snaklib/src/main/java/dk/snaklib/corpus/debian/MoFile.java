package dk.snaklib.corpus.debian;

import dk.snaklib.util.BadInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Messages of a compiled gettext catalogue (.mo): the original (English) and translated strings. */
public final class MoFile {
    private static final int MAGIC = 0x950412de;

    /** One message; plural forms are separated by NUL in the file and by newlines here; context is dropped. */
    public record Message(String original, String translation) {}

    private MoFile() {}

    public static List<Message> read(Path file, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 28) {
            throw new BadInputException(file, "too short for a .mo file");
        }
        if (b.getInt(0) != MAGIC) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != MAGIC) {
                throw new BadInputException(file, "not a gettext .mo file (magic 0x950412de missing)");
            }
        }
        int n = b.getInt(8);
        int originals = b.getInt(12);
        int translations = b.getInt(16);
        List<Message> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String o = string(b, bytes, originals + 8 * i, file);
            String t = string(b, bytes, translations + 8 * i, file);
            if (o.isEmpty()) {
                continue; // the header entry
            }
            int ctx = o.indexOf('\u0004');
            out.add(new Message((ctx >= 0 ? o.substring(ctx + 1) : o).replace('\0', '\n'), t.replace('\0', '\n')));
        }
        return out;
    }

    private static String string(ByteBuffer b, byte[] bytes, int at, Path file) {
        int len = b.getInt(at);
        int off = b.getInt(at + 4);
        if (off < 0 || len < 0 || off + len > bytes.length) {
            throw new BadInputException(file, "string table entry at byte " + at + " points outside the file");
        }
        return new String(bytes, off, len, StandardCharsets.UTF_8);
    }
}
