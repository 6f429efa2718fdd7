package dk.snaklib.corpus.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnedWordsTest {
    private static final List<String> DA_NB = List.of("da", "nb");

    private static LearnedWords small() {
        return LearnedWords.count(DA_NB, Map.of(
                "da", List.of("Vælg en af filerne efter behov", "en af dem"),
                "nb", List.of("Velg en av filene etter behov", "en av dem")), 1, 1.0, 0.5);
    }

    @Test
    void theFileFormatRoundTripsToTheSameBytes() throws IOException {
        LearnedWords w = small();
        String tsv = w.toTsv();
        LearnedWords back = LearnedWords.read(new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8)), "t");
        assertEquals(tsv, back.toTsv());
        assertEquals(w.size(), back.size());
        assertTrue(tsv.startsWith("#weight 1.0 alpha 0.5\nword\tda\tnb\n*total*\t9\t9\n"), tsv);
    }

    @Test
    void aWordSeenInOneLanguageOnlyPullsTowardsItAndASharedWordAddsNothing() {
        WordTable table = small().table(List.of("da", "nb", "fr"));
        double[] af = score(table, "af");
        double[] en = score(table, "en");
        assertTrue(af[0] > 0 && af[1] < 0, "af: " + java.util.Arrays.toString(af));
        assertEquals(0, af[2], "a language without counts gets no word score");
        assertEquals(0, en[0], 1e-6);
        assertEquals(0, en[1], 1e-6);
        assertEquals(0, score(table, "ukendt")[0], "an unknown word adds nothing");
    }

    @Test
    void wordsAreTheScorersLetterRunsOfAtMostSixteenLatin1Letters() {
        List<String> words = new ArrayList<>();
        LearnedWords.forEachWord("Åbn «Fil»-menuen, 3 gange; konfigurationsfilerne Ωmega", words::add);
        assertEquals(List.of("åbn", "fil", "menuen", "gange"), words);
    }

    @Test
    void badFilesNameTheLineAndWhatWasExpected() {
        String bad = "#weight 1.0 alpha 0.5\nword\tda\tnb\n*total*\t9\t9\naf\t2\n";
        IOException e = assertThrows(IOException.class,
                () -> LearnedWords.read(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), "w.tsv"));
        assertEquals("w.tsv line 4: expected 3 tab-separated fields, got 2", e.getMessage());
        String negative = "#weight -1 alpha 0.5\nword\tda\n*total*\t1\n";
        e = assertThrows(IOException.class,
                () -> LearnedWords.read(new ByteArrayInputStream(negative.getBytes(StandardCharsets.UTF_8)), "w.tsv"));
        assertTrue(e.getMessage().startsWith("w.tsv line 1: weight must be >= 0"), e.getMessage());
    }

    @Test
    void theBundledTableCoversTheFilterLanguagesAndTellsDanishFromBokmaalWords() {
        LearnedWords b = LearnedWords.bundled();
        assertEquals(List.of("da", "nb", "nn", "sv", "en", "de"), b.languages());
        assertTrue(b.size() > 10_000, "learned words: " + b.size());
        WordTable t = b.table(LanguageFilter.DEFAULT_LANGUAGES);
        assertTrue(score(t, "efter")[0] > score(t, "efter")[1] && score(t, "etter")[1] > score(t, "etter")[0]);
    }

    private static double[] score(WordTable table, String word) {
        long low = 0;
        long high = 0;
        for (int i = 0; i < word.length(); i++) {
            if (i < 8) {
                low |= (long) word.charAt(i) << (i << 3);
            } else {
                high |= (long) word.charAt(i) << ((i - 8) << 3);
            }
        }
        double[] sums = new double[8]; // room for any table here (up to 6 languages)
        table.addTo(low, high, sums);
        return sums;
    }
}
