package dk.snaklib.analysis;

import java.util.Arrays;

/**
 * How one tensor changed between two checkpoints, as the study's {@code weights.py} measures it.
 *
 * @param name             HF tensor name
 * @param layer            decoder layer, or -1 (embeddings, final norm, lm_head)
 * @param module           what the tensor is
 * @param shape            as stored, HF's [out, in] for a Linear weight
 * @param meanAbsDelta     mean |W_a - W_b| over all elements (the study's {@code delta})
 * @param meanAngleDegrees mean principal angle between the column spaces, in degrees (the study's {@code ssa});
 *                         NaN for 1-D tensors, and when a matrix is all zeros (no angles, as numpy's empty mean)
 * @param angles           how many angles were averaged: min(rankA, rankB); 0 for 1-D tensors
 * @param rankA            columns scipy's orth() keeps for the first matrix (its numerical rank); 0 for 1-D
 * @param rankB            the same for the second
 * @param cpuSeconds       CPU time of this tensor's thread on it (reading, delta, angles): unlike wall time, not
 *                         stretched by other work on the machine
 */
public record TensorDivergence(String name, int layer, ModuleType module, long[] shape, double meanAbsDelta,
                               double meanAngleDegrees, int angles, int rankA, int rankB, double cpuSeconds) {

    public TensorDivergence {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Whether the tensor has an angle (ndim > 1). */
    public boolean isMatrix() {
        return shape.length > 1;
    }

    /** The study's layer key: {@code layer_N}, {@code embed_tokens}, {@code norm}, {@code weight} (lm_head). */
    public String studyLayerKey() {
        return ModuleType.studyLayerKey(name);
    }

    /** The shape as {@code 4096x256}. */
    public String shapeText() {
        return String.join("x", Arrays.stream(shape).mapToObj(Long::toString).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorDivergence t && name.equals(t.name) && layer == t.layer && module == t.module
                && Arrays.equals(shape, t.shape) && Double.compare(meanAbsDelta, t.meanAbsDelta) == 0
                && Double.compare(meanAngleDegrees, t.meanAngleDegrees) == 0 && angles == t.angles
                && rankA == t.rankA && rankB == t.rankB;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s [%s] delta %.4g angle %.4g deg (%d angles)", name, shapeText(),
                meanAbsDelta, meanAngleDegrees, angles);
    }
}
