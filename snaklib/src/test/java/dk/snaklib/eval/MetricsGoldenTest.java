package dk.snaklib.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every metric against golden/eval/metrics.json (make_metrics_golden.py: sklearn + reference ports) to 1e-9. */
class MetricsGoldenTest {
    private static final double TOL = 1e-9;
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = MetricsGoldenTest.class.getResourceAsStream("/golden/eval/metrics.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void classificationMatchesSklearn() {
        for (JsonNode c : golden.get("classification")) {
            int[] t = ints(c.get("truth"));
            int[] p = ints(c.get("pred"));
            assertEquals(c.get("mcc").asDouble(), ClassificationMetrics.mcc(t, p), TOL, c.toString());
            assertEquals(c.get("macro_f1").asDouble(), ClassificationMetrics.macroF1(t, p), TOL, c.toString());
            assertEquals(c.get("accuracy").asDouble(), ClassificationMetrics.accuracy(t, p), TOL, c.toString());
        }
    }

    @Test
    void seqevalLowercaseQuirkAndRandomCases() {
        JsonNode cases = golden.get("seqeval");
        assertEquals(2.0 / 3, Seqeval.microF1(strings2(cases.get(0).get("gold")), strings2(cases.get(0).get("pred"))), TOL);
        assertEquals(0.5, Seqeval.microF1(strings2(cases.get(1).get("gold")), strings2(cases.get(1).get("pred"))), TOL);
        for (JsonNode c : cases) {
            assertEquals(c.get("f1").asDouble(), Seqeval.microF1(strings2(c.get("gold")), strings2(c.get("pred"))), TOL,
                    c.toString());
        }
    }

    @Test
    void nerScoresAsV13() {
        for (JsonNode c : golden.get("ner")) {
            NerMetrics.Scores s = NerMetrics.score(strings2(c.get("gold")), strings2(c.get("pred")), c.get("has_misc").asBoolean());
            assertEquals(c.get("micro_f1").asDouble(), s.microF1(), TOL, c.toString());
            assertEquals(c.get("micro_f1_no_misc").asDouble(), s.microF1NoMisc(), TOL, c.toString());
        }
    }

    @Test
    void squadMatchesOfficialDefinitions() {
        for (JsonNode c : golden.get("squad")) {
            List<SquadMetrics.Item> items = new ArrayList<>();
            for (JsonNode it : c.get("items")) {
                items.add(new SquadMetrics.Item(it.get("id").asText(), it.get("prediction").asText(), strings(it.get("answers"))));
            }
            SquadMetrics.Scores s = SquadMetrics.score(items);
            assertEquals(c.get("em").asDouble(), s.em(), TOL, c.toString());
            assertEquals(c.get("f1").asDouble(), s.f1(), TOL, c.toString());
        }
    }

    @Test
    void rougeLMatchesRougeScoreDefinition() {
        for (JsonNode c : golden.get("rouge")) {
            List<String> refs = strings(c.get("references"));
            List<String> preds = strings(c.get("predictions"));
            for (int i = 0; i < refs.size(); i++) {
                assertEquals(c.get("per_item").get(i).asDouble(), RougeL.fmeasure(refs.get(i), preds.get(i)), TOL);
            }
            assertEquals(c.get("mean").asDouble(), RougeL.mean(refs, preds), TOL);
        }
        assertEquals(List.of("n", "rresundby", "r"), RougeL.tokenize("Nørresundby år"));
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<List<String>> strings2(JsonNode a) {
        List<List<String>> out = new ArrayList<>();
        a.forEach(v -> out.add(strings(v)));
        return out;
    }
}
