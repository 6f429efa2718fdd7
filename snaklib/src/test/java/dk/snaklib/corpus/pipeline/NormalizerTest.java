package dk.snaklib.corpus.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
