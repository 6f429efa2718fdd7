package dk.snaklib.analysis;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.SafeTensorsFile;
import dk.snaklib.model.SafeTensorsWriter;
import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two tiny Llama checkpoints compared as the study's weights.py and embeddings.py do, against the independent numpy/scipy
 * reference golden/divergence/make_golden.py (expected.json): every tensor's delta and mean angle, the study's groups,
 * the per-row L1 of the embeddings with the most changed tokens; then the bad inputs.
 */
class DivergenceGoldenTest {
    static Path a;
    static Path b;
    static JsonNode expected;
    static Divergence d;

    @BeforeAll
    static void compare() throws Exception {
        a = PrincipalAnglesGoldenTest.golden("a");
        b = PrincipalAnglesGoldenTest.golden("b");
        expected = new ObjectMapper().readTree(PrincipalAnglesGoldenTest.golden("expected.json").toFile());
        d = Divergence.between(a, b, Divergence.Options.defaults().withTopK(8));
    }

    @Test
    void everyTensorMatchesTheReference() {
        JsonNode rows = expected.get("tensors");
        assertEquals(rows.size(), d.tensors().size());
        double worstFloat32 = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            TensorDivergence t = d.tensors().get(i);
            String name = r.get("name").asText();
            assertEquals(name, t.name());
            assertEquals(r.get("delta").asDouble(), t.meanAbsDelta(), 1e-6 * r.get("delta").asDouble(), name + " delta");
            if (r.has("ssa")) {
                assertEquals(r.get("ssa").asDouble(), t.meanAngleDegrees(), 1e-6, name + " mean angle (degrees)");
                assertEquals(r.get("angles").asInt(), t.angles(), name + " angles");
                // the study's own float32 scipy call: the same up to float32's rounding (docs/divergence.md)
                double f32 = r.get("ssa_scipy_float32").asDouble();
                assertEquals(f32, t.meanAngleDegrees(), 1e-3, name + " vs scipy in float32");
                worstFloat32 = Math.max(worstFloat32, Math.abs(f32 - t.meanAngleDegrees()));
            } else {
                assertTrue(Double.isNaN(t.meanAngleDegrees()), name + " is 1-D: no angle");
            }
        }
        TensorDivergence gate = d.tensor("model.layers.1.mlp.gate_proj.weight").orElseThrow();
        assertEquals(6, gate.rankA(), "the rank-6 matrix keeps 6 columns");
        assertEquals(16, gate.rankB());
        System.out.printf("divergence golden: largest difference from scipy in float32 %.3g degrees%n", worstFloat32);
    }

    @Test
    void groupsAreTheStudysSumsAndMeans() {
        JsonNode sums = expected.get("by_layer_sum");
        List<DivergenceGroup> layers = d.byLayer();
        assertEquals(sums.size(), layers.size());
        for (DivergenceGroup g : layers) {
            assertEquals(sums.get(g.key()).asDouble(), g.sumAngleDegrees(), 1e-6, "layer " + g.key());
            assertEquals(expected.get("by_layer_mean").get(g.key()).asDouble(), g.meanAngleDegrees(), 1e-6, "layer " + g.key());
        }
        assertEquals(List.of("EMB", "0", "1", "LMH"), layers.stream().map(DivergenceGroup::label).toList());
        JsonNode means = expected.get("by_type_mean");
        int matrices = 0;
        for (DivergenceGroup g : d.byModule()) {
            if (means.has(g.key())) {
                assertEquals(means.get(g.key()).asDouble(), g.meanAngleDegrees(), 1e-6, "module " + g.key());
                assertEquals(expected.get("by_type_std").get(g.key()).asDouble(), g.stdAngleDegrees(), 1e-6, "module " + g.key());
                matrices++;
            } else {
                assertTrue(Double.isNaN(g.meanAngleDegrees()), g.key() + " is a norm: no angle");
            }
        }
        assertEquals(9, matrices);
        assertEquals(ModuleType.STUDY_ORDER, d.byModule().stream().limit(9).map(g -> ModuleType.valueOf(g.label())).toList());
    }

    @Test
    void embeddingRowsAndTheMostChangedTokens() {
        for (String name : List.of("model.embed_tokens.weight", "lm_head.weight")) {
            JsonNode e = expected.get("embeddings").get(name);
            EmbeddingChange ours = d.embeddings().stream().filter(x -> x.tensor().equals(name)).findFirst().orElseThrow();
            double[] l1 = ours.l1();
            assertEquals(e.get("l1").size(), l1.length);
            for (int i = 0; i < l1.length; i++) {
                double ref = e.get("l1").get(i).asDouble();
                assertEquals(ref, l1[i], 1e-6 * ref, name + " row " + i);
            }
            assertEquals(e.get("mean").asDouble(), ours.mean(), 1e-6 * ours.mean());
            assertEquals(e.get("above_mean").asLong(), ours.aboveMean());
            assertEquals(e.get("above_zero").asLong(), ours.aboveZero());
            JsonNode top = e.get("top");
            for (int i = 0; i < top.size(); i++) {
                TokenChange t = ours.top().get(i);
                assertEquals(top.get(i).get("id").asInt(), t.id(), name + " top " + i);
                assertEquals(top.get(i).get("token").asText(), t.token(), name + " top " + i);
                assertEquals(top.get(i).get("text").asText(), t.text(), name + " top " + i + " decoded");
            }
        }
    }

    @Test
    void loadedCheckpointsGiveTheSameTable() {
        try (NDManager nd = NDManager.newBaseManager("PyTorch"); HfCheckpoint ca = HfCheckpoint.load(a, nd);
             HfCheckpoint cb = HfCheckpoint.load(b, nd)) {
            Divergence m = Divergence.between(ca, cb, Divergence.Options.defaults().withThreads(1).withTopK(8));
            assertEquals(d.tensors(), m.tensors());
            assertEquals(d.embeddings().getFirst().top(), m.embeddings().getFirst().top());
        }
    }

    @Test
    void filesHoldTheTable(@TempDir Path tmp) throws Exception {
        d.writeCsv(tmp.resolve("d.csv"));
        List<String> lines = Files.readAllLines(tmp.resolve("d.csv"));
        assertEquals(DivergenceFiles.CSV_HEADER, lines.getFirst());
        assertEquals(d.tensors().size() + 1, lines.size());
        String[] q = lines.get(2).split(",", -1);
        assertEquals("model.layers.0.self_attn.q_proj.weight", q[0]);
        assertEquals("0", q[1]);
        assertEquals("Q", q[2]);
        assertEquals("16x16", q[3]);
        assertEquals(d.tensors().get(1).meanAngleDegrees(), Double.parseDouble(q[5]));
        d.writeJson(tmp.resolve("d.json"));
        JsonNode j = new ObjectMapper().readTree(tmp.resolve("d.json").toFile());
        assertEquals(d.tensors().size(), j.get("tensors").size());
        assertTrue(j.get("tensors").get(9).get("mean_angle_deg").isNull(), "a norm's angle is null in JSON");
        assertEquals("▁Hej", j.get("embeddings").get("lm_head.weight").get("top").get(0).get("token").asText());
        d.writeStudyJson(tmp.resolve("study.json"));
        JsonNode s = new ObjectMapper().readTree(tmp.resolve("study.json").toFile());
        JsonNode pair = s.elements().next();
        assertEquals(expected.get("tensors").get(0).get("ssa").asDouble(), pair.get("model.embed_tokens.weight").get("ssa").asDouble(), 1e-6);
        assertTrue(!pair.get("model.norm.weight").has("ssa"));
        assertEquals(9, d.table().columnCount());
        assertEquals(d.tensors().size(), d.table().rowCount());
    }

    // ---- bad input ----

    /** A copy of checkpoint {@code a} whose weights are {@code edit}ed (name -> values; a null value drops the tensor). */
    static Path editedCopy(Path tmp, Map<String, float[]> edit, Map<String, Shape> shapes) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("edited"));
        Files.copy(a.resolve("config.json"), dir.resolve("config.json"));
        SafeTensorsWriter w = new SafeTensorsWriter();
        try (SafeTensorsFile st = SafeTensorsFile.open(a.resolve("model.safetensors"))) {
            for (String n : st.names()) {
                if (edit.containsKey(n) && edit.get(n) == null) {
                    continue;
                }
                float[] v = edit.containsKey(n) ? edit.get(n) : st.readFloats(n);
                w.add(n, v, shapes.getOrDefault(n, st.info(n).shape()));
            }
        }
        w.write(dir.resolve("model.safetensors"));
        return dir;
    }

    @Test
    void differentTensorSetsAreNamed(@TempDir Path tmp) throws Exception {
        Map<String, float[]> drop = new HashMap<>();
        drop.put("lm_head.weight", null);
        Path c = editedCopy(tmp, drop, Map.of());
        var e = assertThrows(IllegalArgumentException.class, () -> Divergence.between(a, c));
        assertTrue(e.getMessage().contains("lm_head.weight only in " + a), e.getMessage());
    }

    @Test
    void differentShapesNameTheTensorAndBothShapes(@TempDir Path tmp) throws Exception {
        String k = "model.layers.0.self_attn.k_proj.weight";
        float[] v;
        try (SafeTensorsFile st = SafeTensorsFile.open(a.resolve("model.safetensors"))) {
            v = st.readFloats(k);
        }
        Path c = editedCopy(tmp, Map.of(k, v), Map.of(k, new Shape(16, 8)));
        var e = assertThrows(IllegalArgumentException.class, () -> Divergence.between(a, c));
        assertTrue(e.getMessage().contains(k) && e.getMessage().contains("[8, 16]") && e.getMessage().contains("[16, 8]"),
                e.getMessage());
    }

    @Test
    void nonFiniteWeightsNameTheTensorAndFolder(@TempDir Path tmp) throws Exception {
        String up = "model.layers.1.mlp.up_proj.weight";
        float[] v;
        try (SafeTensorsFile st = SafeTensorsFile.open(a.resolve("model.safetensors"))) {
            v = st.readFloats(up);
        }
        v[37] = Float.NaN;
        Path c = editedCopy(tmp, Map.of(up, v), Map.of());
        var e = assertThrows(BadInputException.class, () -> Divergence.between(a, c));
        assertTrue(e.getMessage().contains(up) && e.getMessage().contains("element 37") && e.getMessage().contains(c.toString()),
                e.getMessage());
    }
}
