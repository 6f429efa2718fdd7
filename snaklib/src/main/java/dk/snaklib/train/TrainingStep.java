package dk.snaklib.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dk.snaklib.model.EngineArrays;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.NoGrad;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimizer update: forward and backward over the micro-batches (gradients accumulate; each micro-batch's
 * activations are freed before the next), the guard (a non-finite loss or gradient norm skips the update),
 * global-norm clipping, AdamW, gradients zeroed. Shared by the pre-training loop, tuning and {@code snak bench
 * train}, so the benchmark measures exactly what training runs.
 */
public final class TrainingStep {
    /** Supplies micro-batch {@code i} of the step as {inputs, targets}, both [batch, seq] int64, on {@code m}. */
    @FunctionalInterface
    public interface Batches {
        NDArray[] microBatch(int i, NDManager m);
    }

    /**
     * Loss (mean over micro-batches), the global gradient norm before clipping, and why the update was skipped
     * ({@code null} when it was applied).
     */
    public record Outcome(double loss, double gradNorm, String skipped) {
        public boolean applied() {
            return skipped == null;
        }
    }

    /** Test and diagnosis seams (see docs/training.md, "Wrong gradient steps"); no-ops in normal runs. */
    interface Hooks {
        /** Runs after a micro-batch's forward, before its backward. */
        default void beforeBackward() {}

        /** Sees the accumulated gradients (by parameter name) before the guard checks them. */
        default void beforeGuard(Map<String, NDArray> gradients) {}
    }

    static final Hooks NO_HOOKS = new Hooks() {};
    static volatile Hooks hooks = Boolean.getBoolean("snak.gcBeforeBackward") ? GarbageCollection.BEFORE_BACKWARD : NO_HOOKS;

    private TrainingStep() {}

    /**
     * How the micro-batches' losses make the step's loss and gradient. {@link MicroBatchMean}: each micro-batch's
     * mean loss weighs 1/gradAccum (pre-training, where every micro-batch has the same number of loss tokens).
     * {@link TokenMean}: every loss token of the step weighs 1/tokens, the mean over the whole accumulated batch as
     * torch's {@code CrossEntropyLoss(ignore_index=-100)} would take it (tuning, where masks make micro-batches
     * carry different numbers of loss tokens; transformers' Trainer normalises so since 4.46).
     */
    public sealed interface Normalisation {
        Normalisation MICRO_BATCH_MEAN = new MicroBatchMean();

        record MicroBatchMean() implements Normalisation {}

        /** @param tokens positions carrying loss (target not -100) in all micro-batches of the step */
        record TokenMean(long tokens) implements Normalisation {}
    }

    public static Outcome run(LlamaModel model, AdamW optimizer, Batches batches, int gradAccum, double lr,
                              double gradClip) {
        return run(model, optimizer, batches, gradAccum, lr, gradClip, Normalisation.MICRO_BATCH_MEAN);
    }

    /** One update whose loss combines the micro-batches as {@code normalisation} says. */
    public static Outcome run(LlamaModel model, AdamW optimizer, Batches batches, int gradAccum, double lr,
                              double gradClip, Normalisation normalisation) {
        Map<String, NDArray> params = optimizer.parameters();
        try (NDManager scratch = model.manager().newSubManager()) {
            double loss = switch (normalisation) {
                case Normalisation.MicroBatchMean mean -> accumulateGradients(model, batches, gradAccum);
                case Normalisation.TokenMean tokens -> accumulateTokenMean(model, batches, gradAccum, tokens.tokens());
            };
            Map<String, NDArray> grads = gradients(params, scratch);
            hooks.beforeGuard(grads);
            try (NoGrad off = NoGrad.enter()) {
                double norm = GradientClipping.globalNorm(grads.values(), scratch);
                String problem = StepGuard.problem(loss, norm, grads);
                if (problem == null) {
                    GradientClipping.scale(grads.values(), norm, gradClip);
                    optimizer.update(grads, lr);
                }
                return new Outcome(loss, norm, problem);
            }
        } finally {
            zeroGradients(params);
        }
    }

    /**
     * Forward and backward over {@code gradAccum} micro-batches, each loss divided by {@code gradAccum}; the
     * gradients add up in the parameters. Each micro-batch's arrays live in their own manager, closed after its
     * backward, so peak memory does not grow with accumulation. Returns the mean loss. Checks for interruption
     * before every micro-batch and releases DJL's gradient collector either way.
     */
    public static double accumulateGradients(LlamaModel model, Batches batches, int gradAccum) {
        return backpropagate(model, batches, gradAccum, model::loss, gradAccum) / gradAccum;
    }

    /**
     * As {@link #accumulateGradients}, but each micro-batch backpropagates its summed loss divided by the step's
     * {@code tokens}, so the gradient is that of the mean over every loss token of the step; returns that mean
     * (NaN when the step has no loss token: the guard then skips it).
     */
    static double accumulateTokenMean(LlamaModel model, Batches batches, int gradAccum, long tokens) {
        double lossSum = backpropagate(model, batches, gradAccum, model::lossSum, tokens);
        return tokens == 0 ? Double.NaN : lossSum / tokens;
    }

    /**
     * The micro-batch loop both normalisations share: each micro-batch's {@code lossOf} divided by {@code divisor} is
     * backpropagated in its own manager; returns the sum of the undivided losses.
     */
    private static double backpropagate(LlamaModel model, Batches batches, int gradAccum,
                                        java.util.function.BinaryOperator<NDArray> lossOf, float divisor) {
        double lossSum = 0;
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            for (int micro = 0; micro < gradAccum; micro++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new TrainingInterruptedException("interrupted before micro-batch " + (micro + 1) + " of "
                            + gradAccum);
                }
                try (NDManager m = model.manager().newSubManager()) {
                    NDArray[] xy = batches.microBatch(micro, m);
                    NDArray loss = lossOf.apply(xy[0], xy[1]);                       // []
                    lossSum += loss.getFloat();
                    NDArray scaled = loss.div(EngineArrays.scalar(m, divisor));      // []
                    hooks.beforeBackward();
                    gc.backward(scaled);
                }
            }
        }
        return lossSum;
    }

    /** The accumulated gradients of {@code params}, by name, as arrays owned by {@code scratch}. */
    static Map<String, NDArray> gradients(Map<String, NDArray> params, NDManager scratch) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        params.forEach((name, w) -> {
            NDArray g = w.getGradient();
            g.attach(scratch);
            grads.put(name, g);
        });
        return grads;
    }

    static void zeroGradients(Map<String, NDArray> params) {
        params.values().forEach(w -> JniUtils.zeroGrad((PtNDArray) w));
    }
}
