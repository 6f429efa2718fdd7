package dk.snaklib.corpus.pipeline;

import static dk.snaklib.corpus.pipeline.Collect.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageFilterTest {
    private static final String DA = "Jeg har altid syntes, at det er hyggeligt at cykle en tur langs stranden om aftenen.";
    private static final String NB = "Jeg har alltid syntes at det er koselig å sykle en tur langs stranden om kvelden.";
    private static final String SV = "Jag har alltid tyckt att det är mysigt att cykla en tur längs stranden på kvällen.";
    private static final String EN = "I have always thought it is nice to take a bike ride along the beach in the evening.";
    private static final String DE = "Ich fand es immer schön, abends eine Fahrradtour am Strand entlang zu machen.";

    private static final LanguageFilter PER_DOCUMENT = new LanguageFilter();

    @Test
    void tellsDanishFromItsNeighbours() {
        assertTrue(PER_DOCUMENT.isDanish(DA), PER_DOCUMENT.classify(DA).toString());
        for (String other : List.of(NB, SV, EN, DE)) {
            assertFalse(PER_DOCUMENT.isDanish(other), other + " " + PER_DOCUMENT.classify(other));
        }
        assertEquals("sv", PER_DOCUMENT.classify(SV).top());
    }

    @Test
    void givesProbabilitiesSoTheStudyThresholdMeansSomething() {
        CharNgramLanguageId id = new CharNgramLanguageId(LanguageFilter.DEFAULT_LANGUAGES);
        double[] p = id.probabilities(DA);
        assertEquals(1.0, java.util.Arrays.stream(p).sum(), 1e-9);
        assertTrue(p[0] > 0.99, id.probabilityMap(DA).toString());
        // Too short to tell Danish from Norwegian: Danish may lead, but not with probability > 0.6.
        assertFalse(PER_DOCUMENT.isDanish("tak for ordet"), id.probabilityMap("tak for ordet").toString());
        assertEquals(1.0 / 6, id.probabilities("1234 !!")[0], 1e-12);
    }

    @Test
    void documentModeDropsWithTheTopLanguageAsReason() {
        Collect c = Collect.run(PER_DOCUMENT, List.of(doc("da", DA), doc("en", EN)));
        assertEquals(1, c.kept.size());
        assertEquals(List.of("language en"), c.reasons);
    }

    @Test
    void lineModeDropsForeignLinesAndKeepsTheDanishTogether() {
        LanguageFilter lines = new LanguageFilter(LanguageFilter.DEFAULT_LANGUAGES, 0.6, LanguageFilter.Mode.LINE);
        String danish2 = "Bagefter spiste vi is på havnen og så solen gå ned over vandet.";
        Collect c = Collect.run(lines, List.of(doc("d", DA + "\n" + SV + "\n" + danish2)));
        assertEquals(DA + "\n" + danish2, c.kept.get(0).text());
        assertEquals("d#2", c.dropped.get(0).id());
        assertEquals(List.of("language sv"), c.reasons);
    }
}
