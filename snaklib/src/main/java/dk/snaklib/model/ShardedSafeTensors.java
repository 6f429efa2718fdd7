package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dk.snaklib.util.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shards of a sharded checkpoint seen as one {@link TensorReader}: every shard the index names is opened and
 * validated up front, and every tensor the index lists must be in the shard it names.
 */
public final class ShardedSafeTensors implements TensorReader {
    private final Path indexFile;
    private final List<SafeTensorsFile> shards;
    private final Map<String, SafeTensorsFile> byName = new LinkedHashMap<>();

    private ShardedSafeTensors(Path indexFile, List<SafeTensorsFile> shards) {
        this.indexFile = indexFile;
        this.shards = shards;
    }

    /** Opens {@code model.safetensors.index.json} and all its shards. */
    public static ShardedSafeTensors open(Path indexFile) {
        SafeTensorsIndex index = SafeTensorsIndex.read(indexFile);
        Path dir = indexFile.toAbsolutePath().getParent();
        List<SafeTensorsFile> opened = new ArrayList<>();
        ShardedSafeTensors result = new ShardedSafeTensors(indexFile, opened);
        try {
            for (String shardName : index.shardFiles()) {
                Path shardPath = dir.resolve(shardName);
                if (!Files.isRegularFile(shardPath)) {
                    throw new BadInputException(indexFile, "names shard \"" + shardName + "\" (for tensor \""
                            + index.namesIn(shardName).get(0) + "\" and others), but " + shardPath + " is missing");
                }
                SafeTensorsFile shard = SafeTensorsFile.open(shardPath);
                opened.add(shard);
                for (String name : shard.names()) {
                    if (shardName.equals(index.weightMap().get(name))) {
                        result.byName.put(name, shard);
                    }
                }
                for (String name : index.namesIn(shardName)) {
                    if (!shard.contains(name)) {
                        throw new BadInputException(indexFile, "says tensor \"" + name + "\" is in \"" + shardName
                                + "\", but that shard has no such tensor");
                    }
                }
            }
            // metadata.total_size is only a hint in HF (writers count it differently), so it is not checked.
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    public Path indexFile() {
        return indexFile;
    }

    /** The shard holding {@code name}. */
    public Path shardOf(String name) {
        return shard(name).path();
    }

    private SafeTensorsFile shard(String name) {
        SafeTensorsFile s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException(indexFile + ": no tensor \"" + name + "\"");
        }
        return s;
    }

    @Override
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    @Override
    public TensorInfo info(String name) {
        return shard(name).info(name);
    }

    @Override
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    @Override
    public Map<String, String> metadata() {
        return shards.isEmpty() ? Map.of() : shards.get(0).metadata();
    }

    @Override
    public NDArray loadF32(NDManager manager, String name) {
        return shard(name).loadF32(manager, name);
    }

    @Override
    public float[] readFloats(String name) {
        return shard(name).readFloats(name);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (SafeTensorsFile s : shards) {
            try {
                s.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
