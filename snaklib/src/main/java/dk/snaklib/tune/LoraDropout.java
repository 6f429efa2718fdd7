package dk.snaklib.tune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dk.snaklib.model.NoGrad;

import java.util.SplittableRandom;

/**
 * Inverted dropout as torch.nn.Dropout does it (keep with probability 1-p, scale kept values by 1/(1-p)), for the
 * LoRA branch's input. Reproducible: before each mask the engine's generator is reseeded from this object's own
 * seeded stream, so the n-th mask of a run depends only on the seed and n, not on what else used torch's RNG.
 */
final class LoraDropout {
    private final double p;
    private final SplittableRandom seeds;

    LoraDropout(double p, long seed) {
        this.p = p;
        this.seeds = new SplittableRandom(seed);
    }

    /** What the kept values are multiplied by: 1/(1-p), folded by the caller into the branch's scale. */
    double keptScale() {
        return 1.0 / (1.0 - p);
    }

    /**
     * x with the dropped values zeroed and the kept ones NOT yet scaled by {@link #keptScale()}: [..., in] -> [..., in].
     * The mask is torch's bernoulli(1-p) as a boolean array, so the backward keeps one byte per value (MulBackward
     * saves the mask), not a float noise array; the draws are freed at once (an intermediate left to its manager lives
     * until that manager closes, a decoder block's end at the soonest, and there are seven of these per block). The caller multiplies by 1/(1-p) on the
     * low-rank side, where it costs r values per token instead of in.
     */
    NDArray applyUnscaled(NDArray x) {
        Engine.getEngine("PyTorch").setRandomSeed(seeds.nextInt());
        NDArray kept;
        try (NoGrad off = NoGrad.enter();
             NDArray uniform = x.getManager().randomUniform(0f, 1f, x.getShape(), DataType.FLOAT32, x.getDevice())) {
            kept = uniform.gte((float) p);                                                     // [..., in] bool
        }
        NDArray out = x.mul(kept);                                                             // [..., in]
        kept.close(); // MulBackward keeps it
        return out;
    }
}
