package dk.snaklib.tune;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.SafeTensorsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LoRA against an independent float64 PyTorch reference written from PEFT's maths (golden/lora/make_golden.py): the
 * adapter folder is the script's own PEFT-format writing, so this also shows that another writer's adapter loads.
 */
class LoraGoldenTest {
    private static final double TOLERANCE = 1e-4;

    static Path caseDir(String name) throws Exception {
        return Path.of(LoraGoldenTest.class.getResource("/golden/lora/" + name + "/inputs.json").toURI()).getParent();
    }

    static LlamaModel loadBase(Path dir) {
        try (NDManager tmp = NDManager.newBaseManager("PyTorch")) {
            HfCheckpoint c = HfCheckpoint.load(dir, tmp); // its weights move to the model: not closed here
            return LlamaModel.fromWeights(c.config(), c.weights(), Device.cpu());
        }
    }

    /** max |actual - expected| / max |expected|. */
    static double relativeError(float[] actual, float[] expected) {
        assertEquals(expected.length, actual.length, "element count");
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        return maxDiff / Math.max(maxRef, 1e-30);
    }

    /** ids[:, :-1] and ids[:, 1:] as [batch, seq] int64 arrays. */
    static NDArray[] nextTokenBatch(Path dir, NDManager m) throws Exception {
        JsonNode ids = new ObjectMapper().readTree(Files.readString(dir.resolve("inputs.json"))).get("input_ids");
        int batch = ids.size();
        int seq = ids.get(0).size() - 1;
        long[] x = new long[batch * seq];
        long[] y = new long[batch * seq];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                x[b * seq + t] = ids.get(b).get(t).asLong();
                y[b * seq + t] = ids.get(b).get(t + 1).asLong();
            }
        }
        return new NDArray[] {m.create(x, new Shape(batch, seq)), m.create(y, new Shape(batch, seq))};
    }

    @ParameterizedTest
    @ValueSource(strings = {"untied-list", "tied-regex-rslora"})
    void logitsAndLoraGradientsMatchReference(String name) throws Exception {
        Path dir = caseDir(name);
        try (LlamaModel model = loadBase(dir.resolve("base"));
             SafeTensorsFile expected = SafeTensorsFile.open(dir.resolve("expected.safetensors"));
             NDManager m = model.manager().newSubManager()) {
            LoraAdapter lora = PeftAdapterFiles.load(dir.resolve("adapter"), model).adapter().attach();
            Set<String> kinds = lora.modules().stream().map(s -> s.substring(s.lastIndexOf('.') + 1)).collect(Collectors.toSet());
            assertEquals(Set.copyOf(LlamaModules.linearKinds()), kinds, "all eight module kinds adapted");
            NDArray[] xy = nextTokenBatch(dir, m);

            double logitsError = relativeError(model.logits(xy[0]).toFloatArray(), expected.readFloats("logits"));
            assertTrue(logitsError < TOLERANCE, name + " logits relative error " + logitsError);

            lora.train(0);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = model.loss(xy[0], xy[1]);
                float ref = expected.readFloats("loss")[0];
                assertEquals(ref, loss.getFloat(), 1e-4 * Math.abs(ref));
                gc.backward(loss);
            }
            for (var e : lora.trainableParameters().entrySet()) {
                double err = relativeError(e.getValue().getGradient().toFloatArray(), expected.readFloats("grad." + e.getKey()));
                assertTrue(err < TOLERANCE, name + " gradient of " + e.getKey() + " relative error " + err);
            }
            for (var e : model.weights().entrySet()) {
                assertFalse(e.getValue().hasGradient(), "frozen " + e.getKey() + " must hold no gradient");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"untied-list", "tied-regex-rslora"})
    void mergedWeightsMatchReference(String name) throws Exception {
        Path dir = caseDir(name);
        try (LlamaModel model = loadBase(dir.resolve("base"));
             SafeTensorsFile expected = SafeTensorsFile.open(dir.resolve("expected.safetensors"));
             NDManager m = model.manager().newSubManager()) {
            LoraAdapter lora = PeftAdapterFiles.load(dir.resolve("adapter"), model).adapter();
            if (model.config().tieWordEmbeddings()) {
                lora.close(); // lm_head is adapted over a tied embedding: merging is refused (see LoraAdapterTest)
                return;
            }
            var merged = lora.mergedWeights(m);
            int checked = 0;
            for (String key : expected.names()) {
                if (key.startsWith("merged.")) {
                    String weight = key.substring("merged.".length());
                    double err = relativeError(merged.get(weight).toFloatArray(), expected.readFloats(key));
                    assertTrue(err < 1e-6, name + " merged " + weight + " relative error " + err);
                    checked++;
                }
            }
            assertEquals(lora.modules().size(), checked);
        }
    }
}
