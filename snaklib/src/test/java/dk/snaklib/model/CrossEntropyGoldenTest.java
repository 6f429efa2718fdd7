package dk.snaklib.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Masked cross-entropy against torch's {@code CrossEntropyLoss(ignore_index=-100)} (golden file and script in
 * {@code golden/cross-entropy/}): mean, sum and the mean's gradient with respect to the logits.
 */
class CrossEntropyGoldenTest {
    @Test
    void meanSumAndGradientMatchTorchIgnoreIndex() throws Exception {
        JsonNode g = new ObjectMapper().readTree(Path.of(getClass().getResource("/golden/cross-entropy/cross_entropy.json").toURI()).toFile());
        long[] shape = StreamSupport.stream(g.get("shape").spliterator(), false).mapToLong(JsonNode::asLong).toArray();
        float[] logits = floats(g.get("logits"));
        long[] targets = StreamSupport.stream(g.get("targets").spliterator(), false).mapToLong(JsonNode::asLong).toArray();
        float[] expectedGrad = floats(g.get("grad_of_mean"));
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray x = EngineArrays.floats(m, logits, new Shape(shape));
            NDArray y = EngineArrays.longs(m, targets, new Shape(shape[0], shape[1]));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray mean = CrossEntropy.mean(x, y);
                assertEquals(g.get("mean").asDouble(), mean.getFloat(), 1e-5);
                assertEquals(g.get("sum").asDouble(), CrossEntropy.sum(x, y).getFloat(), 1e-4);
                gc.backward(mean);
            }
            float[] grad = x.getGradient().toFloatArray();
            double worst = 0;
            for (int i = 0; i < grad.length; i++) {
                worst = Math.max(worst, Math.abs(grad[i] - expectedGrad[i]));
            }
            assertTrue(worst < 1e-6, "max |grad - torch| " + worst);
            assertEquals(7, CrossEntropy.lossPositions(targets), "5 of 12 positions ignored");
        }
    }

    /** Without ignored targets the model's loss is the plain mean (unchanged); with them, the masked mean. */
    @Test
    void modelLossHonoursIgnoredTargets() {
        LlamaConfig config = LlamaConfig.of(40, 16, 32, 1, 2, 1, 64);
        try (LlamaModel model = LlamaModel.initialize(config, 3, Device.cpu()); NDManager m = model.manager().newSubManager()) {
            long[] in = {1, 5, 7, 9, 11, 13, 2, 4};
            long[] all = {5, 7, 9, 11, 13, 2, 4, 6};
            long[] masked = {5, -100, 9, 11, -100, 2, 4, -100};
            Shape s = new Shape(2, 4);
            NDArray ids = EngineArrays.longs(m, in, s);
            NDArray logits = model.logits(ids);
            float plain = model.loss(ids, EngineArrays.longs(m, all, s)).getFloat();
            assertEquals(CrossEntropy.mean(logits, EngineArrays.longs(m, all, s)).getFloat(), plain, 1e-6);
            float maskedLoss = model.loss(ids, EngineArrays.longs(m, masked, s)).getFloat();
            // the masked mean is the mean of the kept positions' losses, each from the unmasked per-position values
            float[] logProbs = logits.logSoftmax(-1).toFloatArray();
            double sum = 0;
            int kept = 0;
            for (int p = 0; p < masked.length; p++) {
                if (masked[p] != CrossEntropy.IGNORE_INDEX) {
                    sum -= logProbs[p * 40 + (int) masked[p]];
                    kept++;
                }
            }
            assertEquals(sum / kept, maskedLoss, 1e-5);
            assertEquals(sum, model.lossSum(ids, EngineArrays.longs(m, masked, s)).getFloat(), 1e-4);
            assertTrue(Math.abs(maskedLoss - plain) > 1e-4, "masking changed the loss");
        }
    }

    private static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }
}
