package dk.snaklib.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.util.Collection;

/** Global-norm clipping as torch.nn.utils.clip_grad_norm_: one norm over all gradients, one scale for all. */
public final class GradientClipping {
    private GradientClipping() {}

    /** The L2 norm of all gradients together, computed with one host round trip. */
    public static double globalNorm(Collection<NDArray> grads, NDManager scratch) {
        NDList squares = new NDList();
        for (NDArray g : grads) {
            NDArray s = g.square().sum();   // []
            s.attach(scratch);
            squares.add(s);
        }
        NDArray total = NDArrays.stack(squares).sum(); // []
        total.attach(scratch);
        return Math.sqrt(total.getFloat());
    }

    /** Scales the gradients in place so that their global norm is at most {@code maxNorm}; returns the norm before. */
    public static double clip(Collection<NDArray> grads, double maxNorm, NDManager scratch) {
        double norm = globalNorm(grads, scratch);
        scale(grads, norm, maxNorm);
        return norm;
    }

    /** Scales the gradients in place by maxNorm / (norm + 1e-6) when their global norm exceeds maxNorm (> 0). */
    public static void scale(Collection<NDArray> grads, double norm, double maxNorm) {
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            grads.forEach(g -> g.muli(scale));
        }
    }
}
