package dk.snaklib.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.NoGrad;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimizer update: forward and backward over the micro-batches (gradients accumulate), global-norm clipping,
 * AdamW, gradients zeroed. Shared by the pre-training loop and {@code snak bench train}, so the benchmark measures
 * exactly what training runs.
 */
public final class TrainingStep {
    /** Supplies micro-batch {@code i} of the step as {inputs, targets}, both [batch, seq] int64, on {@code m}. */
    @FunctionalInterface
    public interface Batches {
        NDArray[] microBatch(int i, NDManager m);
    }

    /** Loss (mean over micro-batches) and the global gradient norm before clipping. */
    public record Outcome(double loss, double gradNorm) {}

    private TrainingStep() {}

    public static Outcome run(LlamaModel model, AdamW optimizer, Batches batches, int gradAccum, double lr,
                              double gradClip) {
        try (NDManager scratch = model.manager().newSubManager()) {
            double lossSum = 0;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                for (int micro = 0; micro < gradAccum; micro++) {
                    NDArray[] xy = batches.microBatch(micro, scratch);
                    NDArray loss = model.loss(xy[0], xy[1]);              // []
                    lossSum += loss.getFloat();
                    gc.backward(loss.div(gradAccum));
                }
            }
            Map<String, NDArray> grads = new LinkedHashMap<>();
            model.weights().forEach((name, w) -> {
                NDArray g = w.getGradient();
                g.attach(scratch);
                grads.put(name, g);
            });
            try (NoGrad off = NoGrad.enter()) {
                double norm = GradientClipping.clip(grads.values(), gradClip, scratch);
                optimizer.update(grads, lr);
                model.weights().values().forEach(w -> JniUtils.zeroGrad((PtNDArray) w));
                return new Outcome(lossSum / gradAccum, norm);
            }
        }
    }
}
