package dk.snaklib.corpus.debian;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The order the Debian builders choose and sort lines by: stable across runs and machines, unrelated to content order. */
public final class TextHash {
    private TextHash() {}

    /** Lower-case hex SHA-1 of the text's UTF-8 bytes. */
    public static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
