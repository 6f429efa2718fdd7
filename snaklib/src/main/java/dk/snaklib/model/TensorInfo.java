package dk.snaklib.model;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor's entry in a safetensors header.
 *
 * @param name   tensor name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype  element type as stored
 * @param shape  dimensions as stored (HF Linear weights are [out, in]); {@code []} for a scalar
 * @param begin  first byte, relative to the start of the data section (after the header)
 * @param end    one past the last byte, relative to the start of the data section
 */
public record TensorInfo(String name, DType dtype, Shape shape, long begin, long end) {

    /** Number of elements (1 for a scalar). */
    public long elementCount() {
        return shape.size();
    }

    /** Bytes in the data section. */
    public long byteLength() {
        return end - begin;
    }
}
