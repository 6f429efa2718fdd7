package dk.snaklib.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.JsonFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint's {@code generation_config.json}: the special tokens generation stops on, plus any other keys
 * (temperature, top_p, ...) kept as they are.
 *
 * @param bosTokenId  beginning-of-sequence id, or null
 * @param eosTokenIds end-of-sequence ids (HF allows one or a list)
 * @param extra       other keys, kept so that a round trip loses nothing
 */
public record GenerationConfig(Integer bosTokenId, List<Integer> eosTokenIds, Map<String, JsonNode> extra) {
    public static final String FILE_NAME = "generation_config.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public GenerationConfig {
        eosTokenIds = eosTokenIds == null ? List.of() : List.copyOf(eosTokenIds);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** What HF derives from the model config when a checkpoint has no generation_config.json. */
    public static GenerationConfig fromModel(LlamaConfig config) {
        return new GenerationConfig(config.bosTokenId(), config.eosTokenIds(), Map.of());
    }

    public static GenerationConfig read(Path file) {
        Integer bos = null;
        List<Integer> eos = List.of();
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (var it = JsonFiles.readObject(file).fields(); it.hasNext(); ) {
            var f = it.next();
            JsonNode v = f.getValue();
            switch (f.getKey()) {
                case "bos_token_id" -> bos = v.isNull() ? null : LlamaConfig.intValue(v, "bos_token_id", file);
                case "eos_token_id" -> eos = LlamaConfig.tokenIds(v, "eos_token_id", file);
                default -> extra.put(f.getKey(), v);
            }
        }
        return new GenerationConfig(bos, eos, extra);
    }

    /** Writes the file atomically: bos/eos first, then the other keys. */
    public void write(Path file) {
        ObjectNode o = JSON.createObjectNode();
        LlamaConfig.putTokenIds(o, bosTokenId, eosTokenIds);
        extra.forEach(o::set);
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(o) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
