package dk.snaklib.tune;

import ai.djl.ndarray.NDArray;
import dk.snaklib.model.EngineArrays;

/**
 * LoRA on one frozen projection W [out, in], as PEFT's {@code lora.Linear}: the output becomes
 * {@code x W^T + scale * dropout(x) A^T B^T}, with A [r, in] and B [out, r] the only trainable tensors.
 * The frozen W is not held here: the model keeps it.
 */
public final class LoraLayer {
    private final LoraTargets.Target target;
    private final NDArray a; // [r, in]
    private final NDArray b; // [out, r]

    LoraLayer(LoraTargets.Target target, NDArray a, NDArray b) {
        this.target = target;
        this.a = a;
        this.b = b;
    }

    public String module() {
        return target.module();
    }

    public LoraTargets.Target target() {
        return target;
    }

    /** lora_A [r, in]. */
    public NDArray a() {
        return a;
    }

    /** lora_B [out, r]. */
    public NDArray b() {
        return b;
    }

    /**
     * The branch's output for (already dropped-out) input x [..., in]: scale * factor * x A^T B^T, [..., out]; factor
     * is dropout's 1/(1-p) when x's kept values are not yet scaled, else 1.
     */
    NDArray branch(NDArray x, double factor) {
        NDArray low = x.getNDArrayInternal().linear(x, a, null).singletonOrThrow();          // [..., r]
        // scale * B [out, r] rather than scale * (x A^T B^T) [..., out]: the same product without an output-sized
        // intermediate (lm_head's is as big as the logits). The scale as an engine-owned array: DJL's mul(float) frees
        // its scalar while autograd still holds it (docs/training.md, "Wrong gradient steps").
        NDArray scaledB = b.mul(EngineArrays.scalar(x.getManager(), (float) (target.scale() * factor)));  // [out, r]
        NDArray out = low.getNDArrayInternal().linear(low, scaledB, null).singletonOrThrow();  // [..., out]
        low.close();      // the graph keeps what its backward needs; the handles need not wait for the micro-batch
        scaledB.close();
        return out;
    }

    /** What merging adds to W: scale * B @ A, [out, in] (PEFT's get_delta_weight; fan_in_fan_out is always false). */
    NDArray deltaWeight() {
        NDArray delta = b.matMul(a);                                                        // [out, in]
        return delta.mul(EngineArrays.scalar(delta.getManager(), (float) target.scale()));  // [out, in]
    }
}
