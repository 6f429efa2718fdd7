package dk.snaklib.corpus.pipeline;

import static dk.snaklib.corpus.pipeline.Collect.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class QualityAndExactDedupTest {
    private static final String GOOD = ("Kommunen har besluttet at bygge en ny skole i den nordlige del af byen. "
            + "Skolen skal have plads til seks hundrede elever, og byggeriet begynder til foråret. "
            + "Forældrene er glade for planen, men de er bekymrede for trafikken på vejen forbi skolen. "
            + "Derfor vil kommunen også lave en ny cykelsti, så børnene kan komme sikkert frem og tilbage hver dag. ");

    @Test
    void gopherRulesWithDanishStopWords() {
        GopherQualityFilter q = new GopherQualityFilter();
        assertNull(q.check(GOOD));
        assertEquals("fewer than 50 words", q.check("For kort tekst."));
        String noStopWords = "Kommune skole elever byggeri forår forældre planen trafikken vejen cykelsti børnene ".repeat(6);
        assertEquals("fewer than 2 Danish stop words", q.check(noStopWords));
        String hashtags = GOOD + " #a #b #c #d #e #f #g #h #i #j";
        assertEquals("symbol-to-word ratio above 0.1", q.check(hashtags));
        String ellipses = "Kommunen bygger snart flere nye skoler i hele landet, og det bliver spændende...\n".repeat(12);
        assertEquals("ellipsis lines above 0.3", q.check(ellipses));
        String repeated = (GOOD + "\n").repeat(3);
        assertEquals("duplicate lines above 0.3", q.check(repeated));
    }

    @Test
    void exactDedupKeepsTheFirst() {
        Collect c = Collect.run(new ExactDeduplicator(), List.of(doc("a", "samme tekst"), doc("b", "anden tekst"),
                doc("c", "samme tekst")));
        assertEquals(List.of("a", "b"), c.kept.stream().map(d -> d.id()).toList());
        assertEquals(List.of("exact duplicate"), c.reasons);
    }
}
