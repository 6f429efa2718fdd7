package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;
import java.util.Map;

/** Named tensors stored on disk (one safetensors file, or the shards of a sharded checkpoint). */
public interface TensorReader extends AutoCloseable {

    /** Tensor names in file order (for shards: in shard order, then file order within a shard). */
    List<String> names();

    /** Dtype, shape and offsets of {@code name}; throws IllegalArgumentException if there is no such tensor. */
    TensorInfo info(String name);

    /** Whether a tensor of this name is stored. */
    boolean contains(String name);

    /** The {@code __metadata__} map (for shards: the first shard's). */
    Map<String, String> metadata();

    /** Loads {@code name} as a FLOAT32 array in {@code manager}, whatever dtype it is stored as. */
    NDArray loadF32(NDManager manager, String name);

    /** Reads {@code name} widened to float, on the Java heap: for tests and small tensors. */
    float[] readFloats(String name);

    @Override
    void close();
}
