package dk.snaklib.corpus.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    @Test
    void composesToNfcAndCleansWhitespace() {
        String decomposed = "Bla\u030Abær\u00A0og\tjordbær\r\n\r\n\r\n\r\n  Fløde\u200B  er   godt  \u2028slut";
        assertEquals("Blåbær og jordbær\n\nFløde er godt\nslut", Normalizer.normalize(decomposed));
    }

    @Test
    void dropsDocumentsEmptyAfterNormalisation() {
        Collect c = Collect.run(new Normalizer(), List.of(Collect.doc("a", " \u00A0\t\n\u200B"), Collect.doc("b", "hej")));
        assertEquals(List.of("empty after normalisation"), c.reasons);
        assertEquals("hej", c.kept.get(0).text());
    }

    @Test
    void theShortcutOnlyPassesTextThatIsAlreadyNormal() {
        String alphabet = "ab æøÅ\n\n\t\r\u00A0\u00AD\u200B\u0301\u0085\u2028\u007F\u00E9e\u3000.,!";
        java.util.Random rng = new java.util.Random(42);
        int plain = 0;
        for (int t = 0; t < 200_000; t++) {
            StringBuilder sb = new StringBuilder();
            for (int i = rng.nextInt(8); i > 0; i--) {
                sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            if (Normalizer.isPlain(s)) {
                plain++;
                assertEquals(Normalizer.normalizeFully(s), s, () -> "shortcut passed " + s.chars().boxed().toList());
            }
            assertEquals(Normalizer.normalizeFully(s), Normalizer.normalize(s));
        }
        assertTrue(plain > 1000, "the shortcut should apply to plain text: " + plain);
    }
}
