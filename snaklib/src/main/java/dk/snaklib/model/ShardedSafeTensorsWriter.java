package dk.snaklib.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a checkpoint's tensors as HF does: one {@code model.safetensors} when they fit in {@code maxShardBytes},
 * else {@code model-00001-of-0000N.safetensors} shards filled in order plus {@code model.safetensors.index.json}.
 */
public final class ShardedSafeTensorsWriter {
    /** HF's default max_shard_size ("5GB", decimal). */
    public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;
    public static final String SINGLE_FILE = "model.safetensors";

    private ShardedSafeTensorsWriter() {}

    /**
     * Writes {@code tensors} into {@code dir} and returns the files written (the index last, if any). A tensor larger
     * than the limit gets a shard of its own; shards hold consecutive tensors in the writer's order.
     */
    public static List<Path> write(SafeTensorsWriter tensors, Path dir, long maxShardBytes) {
        List<SafeTensorsWriter> shards = tensors.split(maxShardBytes);
        if (shards.size() <= 1) {
            Path file = dir.resolve(SINGLE_FILE);
            tensors.write(file);
            return List.of(file);
        }
        List<Path> written = new ArrayList<>();
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (int i = 0; i < shards.size(); i++) {
            String name = shardName(i + 1, shards.size());
            Path file = dir.resolve(name);
            shards.get(i).write(file);
            shards.get(i).names().forEach(n -> weightMap.put(n, name));
            written.add(file);
        }
        Path index = dir.resolve(SafeTensorsIndex.FILE_NAME);
        new SafeTensorsIndex(tensors.dataBytes(), weightMap).write(index); // last: the index commits the shards
        written.add(index);
        return written;
    }

    /** {@code model-00002-of-00003.safetensors}. */
    public static String shardName(int number, int count) {
        return String.format("model-%05d-of-%05d.safetensors", number, count);
    }
}
