package dk.snaklib.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.train.AdamW;
import dk.snaklib.train.TrainingStep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** snaklib's Llama against an independent float64 PyTorch implementation (see golden/llama/README.md). */
class LlamaGoldenTest {
    private static final double TOLERANCE = 1e-4;

    static Path caseDir(String name) throws URISyntaxException {
        return Path.of(LlamaGoldenTest.class.getResource("/golden/llama/" + name + "/config.json").toURI()).getParent();
    }

    static LlamaModel load(Path dir) {
        LlamaConfig config = LlamaConfig.read(dir.resolve("config.json"));
        Map<String, NDArray> weights = new HashMap<>();
        try (NDManager tmp = NDManager.newBaseManager("PyTorch");
             SafeTensorsFile file = SafeTensorsFile.open(dir.resolve("model.safetensors"))) {
            for (String name : file.names()) {
                weights.put(name, file.loadF32(tmp, name));
            }
            return LlamaModel.fromWeights(config, weights, Device.cpu());
        }
    }

    static long[][] inputIds(Path dir) throws Exception {
        JsonNode ids = new ObjectMapper().readTree(Files.readString(dir.resolve("inputs.json"))).get("input_ids");
        long[][] out = new long[ids.size()][];
        for (int r = 0; r < ids.size(); r++) {
            out[r] = new long[ids.get(r).size()];
            for (int c = 0; c < out[r].length; c++) {
                out[r][c] = ids.get(r).get(c).asLong();
            }
        }
        return out;
    }

    /** max |actual - expected| / max |expected| over the tensor. */
    static double relativeError(float[] actual, float[] expected) {
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        return maxDiff / Math.max(maxRef, 1e-30);
    }

    /** Inputs ids[:, :-1] and targets ids[:, 1:], flattened, as the reference scores them. */
    record NextToken(int batch, int seq, long[] inputs, long[] targets) {
        static NextToken of(long[][] ids) {
            int batch = ids.length;
            int seq = ids[0].length - 1;
            long[] inputs = new long[batch * seq];
            long[] targets = new long[batch * seq];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(ids[b], 0, inputs, b * seq, seq);
                System.arraycopy(ids[b], 1, targets, b * seq, seq);
            }
            return new NextToken(batch, seq, inputs, targets);
        }

        NDArray[] arrays(NDManager m) {
            var shape = new ai.djl.ndarray.types.Shape(batch, seq);
            return new NDArray[] {m.create(inputs, shape), m.create(targets, shape)};
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gqa-untied", "llama3-tied"})
    void logitsLossAndGradientsMatchReference(String name) throws Exception {
        Path dir = caseDir(name);
        NextToken batch = NextToken.of(inputIds(dir));
        try (LlamaModel model = load(dir);
             SafeTensorsFile expected = SafeTensorsFile.open(dir.resolve("expected.safetensors"));
             NDManager m = model.manager().newSubManager()) {
            NDArray[] xy = batch.arrays(m);
            NDArray x = xy[0];
            NDArray y = xy[1];

            float[] logits = model.logits(x).toFloatArray();
            double logitsError = relativeError(logits, expected.readFloats("logits"));
            assertTrue(logitsError < TOLERANCE, name + " logits relative error " + logitsError);

            model.setTrainable(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = model.loss(x, y);
                assertEquals(expected.readFloats("loss")[0], loss.getFloat(), 1e-4 * Math.abs(expected.readFloats("loss")[0]));
                gc.backward(loss);
            }
            for (var e : model.weights().entrySet()) {
                float[] grad = e.getValue().getGradient().toFloatArray();
                double err = relativeError(grad, expected.readFloats("grad." + e.getKey()));
                assertTrue(err < TOLERANCE, name + " gradient of " + e.getKey() + " relative error " + err);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gqa-untied", "llama3-tied"})
    void cachedGreedyDecodingMatchesReference(String name) throws Exception {
        Path dir = caseDir(name);
        JsonNode io = new ObjectMapper().readTree(Files.readString(dir.resolve("inputs.json")));
        long[] prompt = new ObjectMapper().convertValue(io.get("prompt"), long[].class);
        long[] greedy = new ObjectMapper().convertValue(io.get("greedy"), long[].class);
        try (LlamaModel model = load(dir)) {
            long[] out = Generator.greedy(model, prompt, greedy.length - prompt.length);
            assertArrayEquals(greedy, out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gqa-untied", "llama3-tied"})
    void adamwWithClippingMatchesTorchOptimizer(String name) throws Exception {
        Path dir = caseDir(name);
        NextToken batch = NextToken.of(inputIds(dir));
        try (LlamaModel model = load(dir);
             SafeTensorsFile expected = SafeTensorsFile.open(dir.resolve("expected.safetensors"));
             AdamW adamw = new AdamW(model.weights(), new AdamW.Settings(0.9, 0.95, 1e-8, 0.1, false), model.manager())) {
            model.setTrainable(true);
            float[] losses = expected.readFloats("adamw.losses");
            for (int step = 0; step < losses.length; step++) {
                var out = TrainingStep.run(model, adamw, (micro, m) -> batch.arrays(m),
                        1, 1e-2, 1.0);
                assertEquals(losses[step], out.loss(), 1e-4 * Math.abs(losses[step]), name + " loss before step " + (step + 1));
            }
            for (var e : model.weights().entrySet()) {
                double err = relativeError(e.getValue().toFloatArray(), expected.readFloats("adamw.after." + e.getKey()));
                assertTrue(err < 1e-4, name + " weight " + e.getKey() + " after AdamW relative error " + err);
            }
        }
    }
}
