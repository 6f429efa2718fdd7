package dk.snaklib.tune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dk.snaklib.model.EngineArrays;
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

    /**
     * x with dropout applied: [..., in] -> [..., in]. As torch: noise = bernoulli(1-p) / (1-p), then x * noise, so only
     * the noise is saved for the backward; the draws and the boolean mask are freed at once (an intermediate left
     * to its manager lives until the micro-batch ends, and there are seven of these per layer).
     */
    NDArray apply(NDArray x) {
        if (p == 0) {
            return x;
        }
        Engine.getEngine("PyTorch").setRandomSeed(seeds.nextInt());
        NDArray noise;
        try (NoGrad off = NoGrad.enter();
             NDArray uniform = x.getManager().randomUniform(0f, 1f, x.getShape(), DataType.FLOAT32, x.getDevice());
             NDArray kept = uniform.gte((float) p);
             NDArray keep = kept.toType(DataType.FLOAT32, false)) {
            noise = keep.mul(EngineArrays.scalar(x.getManager(), (float) (1.0 / (1.0 - p))));   // [..., in] 0 or 1/(1-p)
        }
        NDArray out = x.mul(noise);                                                            // [..., in]
        noise.close(); // MulBackward keeps it
        return out;
    }
}
