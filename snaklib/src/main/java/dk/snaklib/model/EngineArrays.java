package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * Arrays made from Java data whose memory libtorch owns. DJL's PyTorch engine wraps Java data in a tensor that
 * points into a direct ByteBuffer ({@code from_blob}, no copy) and keeps that buffer alive only through the
 * NDArray object. An autograd graph can outlive the object: DJL's own {@code x.mul(2f)} creates such a scalar,
 * multiplies, and closes it, while {@code MulBackward} still holds the scalar for the backward pass. Once a
 * garbage collection frees the buffer, the backward reads freed memory and the gradient is wrong (NaN, infinite,
 * or silently off) with the forward right (docs/training.md, "Wrong gradient steps"). So every array that can
 * enter an autograd graph is made here: a scalar with {@code full}, other data copied once into engine memory.
 */
public final class EngineArrays {
    private EngineArrays() {}

    /** A 0-dimensional float32 array holding {@code value}, allocated by libtorch. */
    public static NDArray scalar(NDManager m, float value) {
        return m.full(new Shape(), value, DataType.FLOAT32);
    }

    public static NDArray floats(NDManager m, float[] data, Shape shape) {
        return copyOf(m, FloatBuffer.wrap(data), shape, DataType.FLOAT32);
    }

    public static NDArray longs(NDManager m, long[] data, Shape shape) {
        return copyOf(m, LongBuffer.wrap(data), shape, DataType.INT64);
    }

    /** The data copied into an array that libtorch owns (the temporary Java-backed alias is closed at once). */
    public static NDArray copyOf(NDManager m, Buffer data, Shape shape, DataType type) {
        try (NDArray alias = m.create(data, shape, type)) {
            return alias.duplicate();
        }
    }
}
