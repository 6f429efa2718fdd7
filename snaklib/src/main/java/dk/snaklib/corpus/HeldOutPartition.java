package dk.snaklib.corpus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which split a unit of source text belongs to, decided by its identity alone, so every builder of bundled data
 * (the instruction set, the evaluation tasks) puts the same text in the same split without coordinating:
 * <pre>
 * bucket = int.from_bytes(sha256(("snaklab-heldout-v1:" + unit).encode("utf-8")).digest()[:8], "big") % 100
 * bucket  0..79 -> TRAIN, 80..89 -> HELD_OUT, 90..99 -> EVAL
 * </pre>
 * A unit is the smallest piece whose paragraphs must stay together: a help page ({@link #helpPageUnit}), one
 * interface message, one dictionary or thesaurus entry. TRAIN and HELD_OUT text may be used for instruction tuning
 * (held-out for its validation loss); EVAL text is reserved for the benchmark tasks built from bundled text and
 * must not be trained on.
 */
public final class HeldOutPartition {
    public enum Split { TRAIN, HELD_OUT, EVAL }

    private static final String SALT = "snaklab-heldout-v1:";

    private HeldOutPartition() {}

    public static Split of(String unit) {
        int b = bucket(unit);
        return b < 80 ? Split.TRAIN : b < 90 ? Split.HELD_OUT : Split.EVAL;
    }

    /** The unit's bucket in 0..99 (the formula above). */
    public static int bucket(String unit) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((SALT + unit).getBytes(StandardCharsets.UTF_8));
            long head = 0;
            for (int i = 0; i < 8; i++) {
                head = (head << 8) | (d[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(head, 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The unit of a page of translated help, the same for every language: {@code SOURCE:} plus the path below the
     * language folder, e.g. {@code libreoffice-help:text/swriter/guide/globaldoc_howtos.html} for both
     * {@code usr/share/libreoffice/help/da/text/...} and {@code .../help/en-US/text/...}.
     */
    public static String helpPageUnit(String source, String path) {
        int help = path.indexOf("/help/");
        String rest = help < 0 ? path : path.substring(help + "/help/".length());
        int slash = rest.indexOf('/');
        return source + ":" + (help < 0 || slash < 0 ? rest : rest.substring(slash + 1));
    }
}
