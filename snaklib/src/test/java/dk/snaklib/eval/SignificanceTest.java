package dk.snaklib.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;

/** Welch p-values against scipy (golden/eval/welch.json), paired tests' behaviour, and the leaderboard rank. */
class SignificanceTest {
    @Test
    void welchMatchesScipy() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/golden/eval/welch.json")) {
            cases = new ObjectMapper().readTree(in);
        }
        for (JsonNode c : cases) {
            double p = Significance.welchGreater(doubles(c.get("a")), doubles(c.get("b")));
            assertEquals(c.get("p").asDouble(), p, 1e-9, c.toString());
        }
    }

    @Test
    void pairedTestsSeparateRealFromNoDifference() {
        double[] a = new double[200];
        double[] b = new double[200];
        double[] same = new double[200];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < a.length; i++) {
            b[i] = r.nextDouble() < 0.5 ? 1 : 0;
            a[i] = r.nextDouble() < 0.3 ? 1 : b[i];   // a flips some items to correct
            same[i] = b[i];
        }
        assertTrue(Significance.pairedBootstrap(a, b, 1000, 1).pValue() < 0.01);
        assertTrue(Significance.pairedPermutation(a, b, 1000, 1).pValue() < 0.01);
        assertEquals(1.0, Significance.pairedBootstrap(same, b, 500, 1).pValue());
        assertTrue(Significance.pairedPermutation(same, b, 500, 1).pValue() > 0.5);
    }

    @Test
    void leaderboardRanksByWelchChain() {
        List<BenchmarkResult> records = new ArrayList<>();
        records.add(record("m1", "angry-tweets", 0.60, 0.01));
        records.add(record("m2", "angry-tweets", 0.599, 0.01));   // not significantly worse: shares rank 1
        records.add(record("m3", "angry-tweets", 0.40, 0.01));
        var ranks = Leaderboard.rankScores(records);
        assertEquals(1.0, ranks.get("m1"), 1e-12);
        assertEquals(1.0, ranks.get("m2"), 1e-12);
        double[] means = {60.0, 59.9, 40.0};
        double m = (60.0 + 59.9 + 40.0) / 3;
        double sigma = Math.sqrt(java.util.Arrays.stream(means).map(x -> (x - m) * (x - m)).sum() / 3);
        assertEquals(1 + (60.0 - 40.0) / sigma, ranks.get("m3"), 1e-9);
        assertEquals(60.0, Leaderboard.overallScores(records).get("m1"), 1e-9);
    }

    private static BenchmarkResult record(String model, String dataset, double mcc, double spread) {
        List<SequencedMap<String, Double>> raw = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SequencedMap<String, Double> it = new LinkedHashMap<>();
            it.put("mcc", mcc + spread * (i % 2 == 0 ? 1 : -1));
            it.put("macro_f1", 0.5);
            raw.add(it);
        }
        return new BenchmarkResult(dataset, "sentiment-classification", List.of("da"), model, raw,
                BenchmarkResult.totals(List.of("mcc", "macro_f1"), raw), 1, 1, 1, true, true, false, "13.0.0");
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
