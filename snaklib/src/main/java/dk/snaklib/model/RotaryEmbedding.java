package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding in Hugging Face's half-split layout: dimension i is paired with i + headDim/2
 * ("rotate_half"), not with its neighbour as in the original Meta code. Supports Llama 3 frequency scaling.
 */
public final class RotaryEmbedding {
    private final int headDim;
    private final double[] inverseFrequencies; // [headDim / 2]

    public RotaryEmbedding(LlamaConfig config) {
        this.headDim = config.headDim();
        this.inverseFrequencies = inverseFrequencies(config);
    }

    /** theta^(-2i/d) for i < d/2, with Llama 3's smooth long-context scaling when configured. */
    static double[] inverseFrequencies(LlamaConfig config) {
        int half = config.headDim() / 2;
        double[] inv = new double[half];
        for (int i = 0; i < half; i++) {
            inv[i] = 1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / config.headDim());
        }
        LlamaConfig.RopeScaling s = config.ropeScaling();
        if (s == null) {
            return inv;
        }
        double oldContext = s.originalMaxPositionEmbeddings();
        double lowFreqWavelen = oldContext / s.lowFreqFactor();
        double highFreqWavelen = oldContext / s.highFreqFactor();
        for (int i = 0; i < half; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen > lowFreqWavelen) {          // long wavelengths: stretched by the factor
                inv[i] = inv[i] / s.factor();
            } else if (wavelen >= highFreqWavelen) { // in between: blend the two
                double smooth = (oldContext / wavelen - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
                inv[i] = (1 - smooth) * inv[i] / s.factor() + smooth * inv[i];
            }                                         // short wavelengths: unchanged
        }
        return inv;
    }

    /** cos and sin tables for positions start..start+length-1, each [length, headDim], on {@code manager}. */
    public NDList tables(NDManager manager, int start, int length) {
        float[] cos = new float[length * headDim];
        float[] sin = new float[length * headDim];
        int half = headDim / 2;
        for (int t = 0; t < length; t++) {
            for (int i = 0; i < half; i++) {
                double angle = (start + t) * inverseFrequencies[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[t * headDim + i] = c;
                cos[t * headDim + i + half] = c;
                sin[t * headDim + i] = s;
                sin[t * headDim + i + half] = s;
            }
        }
        Shape shape = new Shape(length, headDim);
        return new NDList(EngineArrays.floats(manager, cos, shape), EngineArrays.floats(manager, sin, shape));
    }

    /** x * cos + rotate_half(x) * sin, for x [..., length, headDim] and tables from {@link #tables}. */
    public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, x.getShape().dimension() - 1);         // 2 x [..., T, hd/2]
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), x.getShape().dimension() - 1); // [..., T, hd]
        return x.mul(cos).add(rotated.mul(sin));                          // [..., T, hd]
    }
}
