package dk.snaklib.tune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

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

    /** x with dropout applied: [..., in] -> [..., in]. */
    NDArray apply(NDArray x) {
        if (p == 0) {
            return x;
        }
        Engine.getEngine("PyTorch").setRandomSeed(seeds.nextInt());
        NDArray keep = x.getManager().randomUniform(0f, 1f, x.getShape(), DataType.FLOAT32, x.getDevice())
                .gte((float) p).toType(DataType.FLOAT32, false);                 // [..., in] 0 or 1
        return x.mul(keep).mul((float) (1.0 / (1.0 - p)));                      // [..., in]
    }
}
