package dk.snaklib.corpus.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.io.Compression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Danish-vs-rest accuracy of the language filter (study threshold 0.6) on the bundled held-out set: lines of
 * 10+ words in Danish, Norwegian (nb, nn), Swedish, German and English from Debian packages (see
 * data-catalog/recipes/bundled-corpus.sh). The numbers are kept in docs/langid.md.
 */
class LanguageIdAccuracyTest {
    static Path testSet() {
        return Path.of(System.getProperty("user.dir")).resolveSibling("data-catalog/bundled/langid-test.tsv.zst");
    }

    @Test
    void danishVersusRestIsAtLeast95PercentOnTenWordLines() throws IOException {
        LanguageFilter filter = new LanguageFilter();
        Map<String, int[]> byLanguage = new TreeMap<>(); // language -> {lines, judged Danish}
        int correct = 0;
        int total = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Compression.open(testSet()), StandardCharsets.UTF_8))) {
            r.readLine(); // header
            for (String line; (line = r.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                String lang = line.substring(0, tab);
                boolean danish = filter.isDanish(line.substring(tab + 1));
                int[] c = byLanguage.computeIfAbsent(lang, k -> new int[2]);
                c[0]++;
                c[1] += danish ? 1 : 0;
                correct += danish == lang.equals("da") ? 1 : 0;
                total++;
            }
        }
        StringBuilder report = new StringBuilder(String.format("Danish vs rest: %d/%d = %.2f%%%n", correct, total, 100.0 * correct / total));
        byLanguage.forEach((lang, c) -> report.append(String.format("  %s: %d lines, judged Danish %d (%.1f%%)%n", lang, c[0], c[1], 100.0 * c[1] / c[0])));
        System.out.print(report);
        assertTrue(correct >= 0.95 * total, report.toString());
    }
}
