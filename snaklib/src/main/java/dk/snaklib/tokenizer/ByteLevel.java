package dk.snaklib.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level alphabet and pre-tokenizer, as Hugging Face's {@code ByteLevel} pre-tokenizer applies them.
 *
 * <p>Every UTF-8 byte is shown as one printable character (space becomes {@code Ġ}, newline {@code Ċ}), so a
 * vocabulary of 256 base tokens covers any text and no unknown token is needed.
 */
public final class ByteLevel {
    private ByteLevel() {}

    /**
     * GPT-2's split: contractions, letter runs, digit runs, other symbol runs (each with one optional leading
     * space), then whitespace. {@code \s+(?!\S)} leaves the last space of a run to start the next word.
     * UNICODE_CHARACTER_CLASS makes {@code \s} Unicode white space, as in the Rust tokenizers' regex engine.
     */
    public static final Pattern SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        // Printable Latin-1 bytes keep their own character; the other 68 bytes move to U+0100 upwards, in order.
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CHAR[b] = (char) (printable ? b : next++);
        }
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    /** The character that stands for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte (0..255) a byte-level character stands for, or -1 if it is not one. */
    public static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** Splits text into GPT-2 pre-tokens (still plain text, not yet byte-mapped). */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = SPLIT.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /** The byte-level spelling of a piece of text: its UTF-8 bytes, one character each. */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = charOf(bytes[i]);
        }
        return new String(chars);
    }

    /** The raw bytes behind a byte-level spelling; throws if a character is not in the alphabet. */
    public static byte[] decode(String byteLevel) {
        byte[] bytes = new byte[byteLevel.length()];
        for (int i = 0; i < bytes.length; i++) {
            int b = byteOf(byteLevel.charAt(i));
            if (b < 0) {
                throw new IllegalArgumentException("not a byte-level character: U+"
                        + Integer.toHexString(byteLevel.charAt(i)) + " in " + byteLevel);
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }
}
