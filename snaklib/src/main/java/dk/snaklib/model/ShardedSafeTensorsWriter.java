package dk.snaklib.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a checkpoint's tensors as HF does: one {@code model.safetensors} when they fit in {@code maxShardBytes},
 * else {@code model-00001-of-0000N.safetensors} shards filled in order plus {@code model.safetensors.index.json}.
 */
public final class ShardedSafeTensorsWriter {
    /** HF's default max_shard_size ("5GB", decimal). */
    public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;
    public static final String SINGLE_FILE = "model.safetensors";

    private static final Pattern WEIGHT_FILE =
            Pattern.compile("model\\.safetensors|model-\\d{5}-of-\\d{5}\\.safetensors|model\\.safetensors\\.index\\.json");

    private ShardedSafeTensorsWriter() {}

    /**
     * Writes {@code tensors} into {@code dir} and returns the files written (the index last, if any). Shards hold
     * consecutive tensors in the writer's order; a tensor larger than the limit gets a shard of its own. Weight
     * files of an earlier save that were not rewritten are deleted afterwards (as save_pretrained does), so a stale
     * model.safetensors cannot shadow new shards, nor a stale index a new single file.
     */
    public static List<Path> write(SafeTensorsWriter tensors, Path dir, long maxShardBytes) {
        List<SafeTensorsWriter> shards = tensors.split(maxShardBytes);
        List<Path> written = new ArrayList<>();
        if (shards.size() <= 1) {
            Path file = dir.resolve(SINGLE_FILE);
            tensors.write(file);
            written.add(file);
        } else {
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
        }
        deleteStale(dir, written);
        return written;
    }

    /** {@code model-00002-of-00003.safetensors}. */
    public static String shardName(int number, int count) {
        return String.format("model-%05d-of-%05d.safetensors", number, count);
    }

    private static void deleteStale(Path dir, List<Path> keep) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (WEIGHT_FILE.matcher(p.getFileName().toString()).matches() && !keep.contains(p)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stale weight files in " + dir, e);
        }
    }
}
