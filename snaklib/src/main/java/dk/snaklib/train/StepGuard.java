package dk.snaklib.train;

import ai.djl.ndarray.NDArray;

import java.util.Locale;
import java.util.Map;

/**
 * The check every optimizer step passes before it may change a weight: the loss and the global gradient norm
 * must be finite. An infinite norm would make clipping scale every gradient to zero while AdamW stepped on with
 * its moments; a NaN would poison the moments for good. A bad step is skipped instead: no update, no moment
 * change, no optimizer step counted.
 */
public final class StepGuard {
    private StepGuard() {}

    /** Why the step must be skipped, naming the value and (for gradients) the first bad tensor; null if it is fine. */
    public static String problem(double loss, double gradNorm, Map<String, NDArray> grads) {
        if (!Double.isFinite(loss)) {
            return "loss " + loss;
        }
        if (!Double.isFinite(gradNorm)) {
            return String.format(Locale.ROOT, "grad_norm %s (first non-finite gradient: %s)", gradNorm, firstNonFinite(grads));
        }
        return null;
    }

    private static String firstNonFinite(Map<String, NDArray> grads) {
        for (var e : grads.entrySet()) {
            NDArray g = e.getValue();
            try (NDArray finite = g.isInfinite().logicalOr(g.isNaN()).any()) {
                if (finite.getBoolean()) {
                    return e.getKey();
                }
            }
        }
        return "none (the sum of squares overflowed)";
    }
}
