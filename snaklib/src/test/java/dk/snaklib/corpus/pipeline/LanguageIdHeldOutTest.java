package dk.snaklib.corpus.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The targets on the bundled held-out set (data-catalog/bundled/langid-heldout.tsv.zst, from Debian
 * packages the learned word table never saw; data-catalog/recipes/langid.sh): at the study's threshold and
 * per-line decision, Danish recall >= 98% and Bokmål false-accept <= 3% on lines of 10+ words. The tables in
 * docs/langid.md are this run's output ({@code snak bench langid} prints the same).
 */
class LanguageIdHeldOutTest {
    static Path heldOut() {
        return Path.of(System.getProperty("user.dir")).resolveSibling("data-catalog/bundled/langid-heldout.tsv.zst");
    }

    @Test
    void danishRecallAndBokmaalFalseAcceptMeetTheTargetsOnTenWordLines() {
        var lines = LanguageIdEvaluation.read(heldOut());
        var r = LanguageIdEvaluation.run(new LanguageFilter(LanguageFilter.DEFAULT_LANGUAGES,
                LanguageFilter.DEFAULT_THRESHOLD, LanguageFilter.Mode.LINE), lines);
        System.out.print(r.markdown());
        String summary = String.format("10+ words: da recall %.4f (%d lines), nb false accept %.4f (%d lines), nn %.4f, sv %.4f, en %.4f",
                r.danishRate("da", 10), r.lines("da", 10), r.danishRate("nb", 10), r.lines("nb", 10),
                r.danishRate("nn", 10), r.danishRate("sv", 10), r.danishRate("en", 10));
        System.out.println(summary);
        assertTrue(r.lines("da", 10) >= 1000 && r.lines("nb", 10) >= 1000, "held-out set too small: " + summary);
        assertTrue(r.danishRate("da", 10) >= 0.98, summary);
        assertTrue(r.danishRate("nb", 10) <= 0.03, summary);
    }
}
