package dk.snaklib.corpus.pipeline;

import static dk.snaklib.corpus.pipeline.Collect.doc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /**
     * The word cache and the verdict cache are shortcuts, not approximations: every line of the held-out set, read
     * three times (so later readings hit both caches), gets bit-identical probabilities and verdicts from the cached
     * scorer and filter as from an uncached scorer. Words longer than 16 letters, non-Latin-1 letters and a tiny
     * cache that evicts all the time are in the mix.
     */
    @Test
    void cachesChangeNoScore() throws java.io.IOException {
        List<String> lines = new java.util.ArrayList<>();
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(
                dk.snaklib.corpus.io.Compression.open(LanguageIdAccuracyTest.testSet()), java.nio.charset.StandardCharsets.UTF_8))) {
            r.lines().skip(1).forEach(l -> lines.add(l.substring(l.indexOf('\t') + 1)));
        }
        lines.add("Donaudampfschifffahrtsgesellschaftskapitänsmütze og rigsfællesskabsforhandlingerne i dag");
        lines.add("Ελληνικά και русский язык blandet med dansk tekst om æbler og øl");
        CharNgramLanguageId id = new CharNgramLanguageId(LanguageFilter.DEFAULT_LANGUAGES);
        LanguageScorer cached = id.scorer();
        LanguageScorer tiny = id.scorer(4);
        LanguageFilter filter = new LanguageFilter();
        for (int pass = 0; pass < 3; pass++) {
            for (String line : lines) {
                double[] expected = id.probabilities(line); // no cache
                assertArrayEquals(expected, cached.probabilities(line), line);
                assertArrayEquals(expected, tiny.probabilities(line), line);
                assertEquals(expected[0], filter.classify(line).danish(), 0.0, line);
            }
        }
    }
}
