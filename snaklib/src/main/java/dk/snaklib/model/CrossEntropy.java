package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * Next-token cross-entropy with ignored positions, as torch's {@code CrossEntropyLoss(ignore_index=-100)}: a
 * target of {@link #IGNORE_INDEX} adds nothing to the loss and is not counted, so the mean is over the positions
 * that carry loss. Packing masks EOS labels and answer-only tuning masks prompts this way.
 */
public final class CrossEntropy {
    /** The target of a position without loss: torch's and Hugging Face's -100. */
    public static final int IGNORE_INDEX = -100;

    private CrossEntropy() {}

    /** Sum of -log softmax(logits)[target] over the positions whose target is not ignored: [..., V], [...] -> []. */
    public static NDArray sum(NDArray logits, NDArray targets) {
        NDArray keep = targets.neq(IGNORE_INDEX);                                      // [...] bool, not in the graph
        NDArray safe = NDArrays.where(keep, targets, targets.zerosLike());             // [...] an index for every position
        NDArray picked = logits.logSoftmax(-1).gather(safe.expandDims(-1), -1)         // [..., 1]
                .squeeze(-1);                                                          // [...]
        // the mask as a libtorch-made float array: MulBackward keeps it for the backward (EngineArrays' rule)
        return picked.mul(keep.toType(DataType.FLOAT32, false)).sum().neg();          // []
    }

    /** The mean over the positions that carry loss (NaN when none does, as torch gives). */
    public static NDArray mean(NDArray logits, NDArray targets) {
        NDArray count = targets.neq(IGNORE_INDEX).toType(DataType.FLOAT32, false).sum(); // [] libtorch-made
        return sum(logits, targets).div(count);                                          // []
    }

    /** Whether any target is {@link #IGNORE_INDEX} (one host round trip). */
    public static boolean hasIgnored(NDArray targets) {
        try (NDArray eq = targets.eq(IGNORE_INDEX); NDArray any = eq.any()) {
            return any.getBoolean();
        }
    }

    /** Positions that carry loss in a host array of targets. */
    public static long lossPositions(long[] targets) {
        long n = 0;
        for (long t : targets) {
            n += t == IGNORE_INDEX ? 0 : 1;
        }
        return n;
    }
}
