package dk.snaklib.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sharded checkpoint's {@code model.safetensors.index.json}, as Hugging Face writes it:
 * <pre>{@code
 * {
 *   "metadata": {"total_size": 123456},              // bytes of tensor data in all shards, headers excluded
 *   "weight_map": {"lm_head.weight": "model-00002-of-00002.safetensors", ...}   // sorted by name
 * }
 * }</pre>
 *
 * @param totalSize  metadata.total_size, or -1 when absent
 * @param weightMap  tensor name -> shard file name (relative to the index's folder)
 */
public record SafeTensorsIndex(long totalSize, Map<String, String> weightMap) {
    public static final String FILE_NAME = "model.safetensors.index.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public SafeTensorsIndex {
        weightMap = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weightMap));
    }

    /** Shard file names in sorted order (model-00001-of-..., model-00002-of-..., ...). */
    public List<String> shardFiles() {
        return new ArrayList<>(new java.util.TreeSet<>(weightMap.values()));
    }

    /** Reads and checks an index file; problems name the file and the key. */
    public static SafeTensorsIndex read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "index file is missing");
        } catch (IOException e) {
            throw new BadInputException(file, "index is not readable as JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file, "index must be a JSON object with \"weight_map\"");
        }
        JsonNode map = root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new BadInputException(file, "missing key \"weight_map\" (an object of tensor name -> shard file)");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (var it = map.fields(); it.hasNext(); ) {
            var f = it.next();
            String shard = f.getValue().isTextual() ? f.getValue().textValue() : null;
            if (shard == null || shard.isEmpty() || shard.contains("/") || shard.contains("\\")) {
                throw new BadInputException(file, "key \"weight_map\": tensor \"" + f.getKey()
                        + "\" maps to " + f.getValue() + ", expected a shard file name in the same folder");
            }
            weightMap.put(f.getKey(), shard);
        }
        JsonNode total = root.path("metadata").get("total_size");
        long totalSize = -1;
        if (total != null && !total.isNull()) {
            if (!total.isIntegralNumber() || total.longValue() < 0) {
                throw new BadInputException(file, "key \"metadata.total_size\": expected a non-negative integer, got " + total);
            }
            totalSize = total.longValue();
        }
        return new SafeTensorsIndex(totalSize, weightMap);
    }

    /** Writes the index as HF does ({@code json.dumps(index, indent=2, sort_keys=True) + "\n"}), atomically. */
    public void write(Path file) {
        AtomicFiles.writeString(file, toJson());
    }

    String toJson() {
        StringBuilder s = new StringBuilder("{\n  \"metadata\": {\n    \"total_size\": ").append(totalSize)
                .append("\n  },\n  \"weight_map\": {");
        String sep = "\n";
        for (var e : new TreeMap<>(weightMap).entrySet()) {
            s.append(sep).append("    ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
            sep = ",\n";
        }
        return s.append(weightMap.isEmpty() ? "}\n}\n" : "\n  }\n}\n").toString();
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names in a shard, in weight_map order. */
    List<String> namesIn(String shard) {
        List<String> names = new ArrayList<>();
        weightMap.forEach((name, s) -> {
            if (s.equals(shard)) {
                names.add(name);
            }
        });
        return names;
    }
}
