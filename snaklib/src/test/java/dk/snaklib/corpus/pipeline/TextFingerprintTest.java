package dk.snaklib.corpus.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextFingerprintTest {
    @Test
    void equalTextsAgreeAndNearTextsDiffer() {
        TextFingerprint f = new TextFingerprint();
        Set<String> seen = new HashSet<>();
        int texts = 0;
        // Every prefix of a text, and each prefix with one char changed at every position: all distinct texts.
        String base = "Blåbærgrød med fløde, æbler og ål \u20AC \uD83D\uDE00 end";
        for (int len = 0; len <= base.length(); len++) {
            String prefix = base.substring(0, len);
            for (int at = -1; at < len; at++) {
                String t = at < 0 ? prefix : prefix.substring(0, at) + (char) (prefix.charAt(at) + 1) + prefix.substring(at + 1);
                f.of(t);
                long hi = f.hi();
                long lo = f.lo();
                f.of(new String(t.toCharArray())); // the same text again, as another object
                assertEquals(hi, f.hi());
                assertEquals(lo, f.lo());
                seen.add(hi + ":" + lo);
                texts++;
            }
        }
        assertEquals(texts, seen.size(), "every distinct text gets its own fingerprint");
        assertTrue(texts > 500, "texts: " + texts);
    }
}
