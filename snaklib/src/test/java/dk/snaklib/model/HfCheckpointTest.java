package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving and loading HF model folders: bit-exact round trips, shards, and clear errors for half-written folders. */
class HfCheckpointTest {
    static NDManager nd;
    @TempDir Path tmp;

    /** 2 layers, GQA (4 heads, 2 kv heads), headDim 4, untied lm_head: 20 tensors. */
    static final LlamaConfig CONFIG = LlamaConfig.of(32, 16, 24, 2, 4, 2, 64).withSpecialTokens(1, List.of(2, 3));

    @BeforeAll
    static void engine() {
        nd = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void release() {
        nd.close();
    }

    /** Random weights of the right shapes, in HF order. */
    static SequencedMap<String, NDArray> randomWeights(LlamaConfig c, NDManager m) {
        SequencedMap<String, NDArray> w = new LinkedHashMap<>();
        LlamaTensorNames.expected(c).forEach((name, shape) -> w.put(name, m.randomNormal(shape)));
        return w;
    }

    static void assertSameTensors(Map<String, NDArray> a, Map<String, NDArray> b) {
        assertEquals(List.copyOf(a.keySet()), List.copyOf(b.keySet()));
        a.forEach((name, x) -> {
            assertEquals(x.getShape(), b.get(name).getShape(), name);
            assertArrayEquals(x.toFloatArray(), b.get(name).toFloatArray(), name); // exact equality, bit for bit
        });
    }

    @Test
    void roundTripIsBitExactInEveryStorageDtype() throws Exception {
        Path tok = tmp.resolve("tok/tokenizer.json");
        Files.createDirectories(tok.getParent());
        Files.writeString(tok, "{\"version\":\"1.0\"}");
        for (DType dtype : List.of(DType.F32, DType.F16, DType.BF16)) {
            try (NDManager m = nd.newSubManager()) {
                Path first = tmp.resolve("first-" + dtype);
                Path second = tmp.resolve("second-" + dtype);
                var options = HfCheckpoint.SaveOptions.defaults().withDType(dtype);
                HfCheckpoint.save(first, CONFIG, randomWeights(CONFIG, m), tok, null, options);
                HfCheckpoint a = HfCheckpoint.load(first, m);
                HfCheckpoint.save(second, a.config(), a.weights(), a.tokenizerJson(), a.generationConfig(), options);
                HfCheckpoint b = HfCheckpoint.load(second, m);
                assertSameTensors(a.weights(), b.weights());
                assertEquals(a.config(), b.config());
                assertEquals(dtype.torchName(), b.config().extra().get("torch_dtype").asText());
                assertEquals(List.of(2, 3), b.generationConfig().eosTokenIds());
                assertEquals(Integer.valueOf(1), b.generationConfig().bosTokenId());
                assertEquals("{\"version\":\"1.0\"}", Files.readString(b.tokenizerJson()));
                assertArrayEquals(Files.readAllBytes(first.resolve("model.safetensors")),
                        Files.readAllBytes(second.resolve("model.safetensors")), dtype + ": identical files");
                try (var st = SafeTensorsFile.open(second.resolve("model.safetensors"))) {
                    assertEquals(dtype, st.info(LlamaTensorNames.EMBED).dtype());
                }
            }
        }
    }

    @Test
    void mixedDtypesPerTensor() {
        try (NDManager m = nd.newSubManager()) {
            var options = HfCheckpoint.SaveOptions.defaults().withDType(DType.BF16);
            options = new HfCheckpoint.SaveOptions(n -> n.endsWith("norm.weight") ? DType.F32
                    : n.equals(LlamaTensorNames.EMBED) ? DType.F16 : DType.BF16, options.maxShardBytes());
            Path dir = tmp.resolve("mixed");
            var w = randomWeights(CONFIG, m);
            HfCheckpoint.save(dir, CONFIG, w, null, null, options);
            try (var st = HfCheckpoint.openWeights(dir)) {
                assertEquals(DType.F32, st.info(LlamaTensorNames.NORM).dtype());
                assertEquals(DType.F16, st.info(LlamaTensorNames.EMBED).dtype());
                assertEquals(DType.BF16, st.info(LlamaTensorNames.LM_HEAD).dtype());
                assertArrayEquals(w.get(LlamaTensorNames.NORM).toFloatArray(), st.readFloats(LlamaTensorNames.NORM));
            }
            HfCheckpoint c = HfCheckpoint.load(dir, m);
            assertEquals("bfloat16", c.config().extra().get("torch_dtype").asText());
            assertNull(c.tokenizerJson());
        }
    }

    @Test
    void shardedRoundTrip() throws Exception {
        try (NDManager m = nd.newSubManager()) {
            var w = randomWeights(CONFIG, m);
            long total = w.values().stream().mapToLong(a -> a.size() * 4).sum();
            Path dir = tmp.resolve("sharded");
            var options = HfCheckpoint.SaveOptions.defaults().withMaxShardBytes(total / 3);
            HfCheckpoint.save(dir, CONFIG, w, null, null, options);
            assertFalse(Files.exists(dir.resolve("model.safetensors")));
            List<String> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("model-")).sorted().toList();
            }
            int n = files.size();
            assertTrue(n >= 3, files.toString());
            assertEquals(ShardedSafeTensorsWriter.shardName(1, n), files.get(0));
            SafeTensorsIndex index = SafeTensorsIndex.read(dir.resolve(SafeTensorsIndex.FILE_NAME));
            assertEquals(total, index.totalSize());
            assertEquals(w.keySet(), index.weightMap().keySet());
            String json = Files.readString(dir.resolve(SafeTensorsIndex.FILE_NAME));
            assertTrue(json.startsWith("{\n  \"metadata\": {\n    \"total_size\": " + total + "\n  },\n  \"weight_map\": {\n"), json);
            HfCheckpoint a = HfCheckpoint.load(dir, m);
            assertSameTensors(w, a.weights());
            Path again = tmp.resolve("sharded-again");
            HfCheckpoint.save(again, a.config(), a.weights(), null, a.generationConfig(), options);
            assertEquals(json, Files.readString(again.resolve(SafeTensorsIndex.FILE_NAME)));
            assertSameTensors(a.weights(), HfCheckpoint.load(again, m).weights());
        }
    }

    @Test
    void saveReplacesAnExistingFolderAndLeavesNoTemporaries() throws Exception {
        try (NDManager m = nd.newSubManager()) {
            Path dir = tmp.resolve("out/ckpt");
            HfCheckpoint.save(dir, CONFIG, randomWeights(CONFIG, m), null, null);
            Files.writeString(dir.resolve("stale.txt"), "from the previous save");
            var w = randomWeights(CONFIG, m);
            HfCheckpoint.save(dir, CONFIG, w, null, null);
            assertFalse(Files.exists(dir.resolve("stale.txt")));
            assertSameTensors(w, HfCheckpoint.load(dir, m).weights());
            try (Stream<Path> s = Files.list(dir.getParent())) {
                assertEquals(List.of("ckpt"), s.map(p -> p.getFileName().toString()).toList());
            }
            // A refused save (weights do not fit the config) leaves the folder as it was.
            var bad = randomWeights(CONFIG, m);
            bad.remove(LlamaTensorNames.NORM);
            var e = assertThrows(IllegalArgumentException.class, () -> HfCheckpoint.save(dir, CONFIG, bad, null, null));
            assertTrue(e.getMessage().contains("missing tensor \"model.norm.weight\""), e.getMessage());
            assertSameTensors(w, HfCheckpoint.load(dir, m).weights());
        }
    }

    @Test
    void rewritingWeightsInPlaceRemovesStaleFiles() throws Exception {
        try (NDManager m = nd.newSubManager()) {
            var w = randomWeights(CONFIG, m);
            SafeTensorsWriter writer = new SafeTensorsWriter();
            w.forEach(writer::add);
            Path dir = tmp.resolve("weights");
            Files.createDirectories(dir);
            List<Path> shards = ShardedSafeTensorsWriter.write(writer, dir, 4000);
            assertTrue(shards.size() > 2);
            assertEquals(List.of(dir.resolve("model.safetensors")), ShardedSafeTensorsWriter.write(writer, dir, 1L << 30));
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(List.of("model.safetensors"), s.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    @Test
    void tiedEmbeddingsNeedNoLmHead() {
        LlamaConfig tied = CONFIG.withTiedEmbeddings(true);
        try (NDManager m = nd.newSubManager()) {
            var w = randomWeights(tied, m);
            assertFalse(w.containsKey(LlamaTensorNames.LM_HEAD));
            Path dir = tmp.resolve("tied");
            HfCheckpoint.save(dir, tied, w, null, null);
            assertSameTensors(w, HfCheckpoint.load(dir, m).weights());
        }
    }

    // ---- half-written and foreign folders ----

    Path savedFolder(String name) {
        Path dir = tmp.resolve(name);
        try (NDManager m = nd.newSubManager()) {
            HfCheckpoint.save(dir, CONFIG, randomWeights(CONFIG, m), null, null);
        }
        return dir;
    }

    Path savedShardedFolder(String name) {
        Path dir = tmp.resolve(name);
        try (NDManager m = nd.newSubManager()) {
            HfCheckpoint.save(dir, CONFIG, randomWeights(CONFIG, m), null, null,
                    HfCheckpoint.SaveOptions.defaults().withMaxShardBytes(4000));
        }
        return dir;
    }

    static BadInputException loadFails(Path dir, Path namedFile, String... fragments) {
        BadInputException e = assertThrows(BadInputException.class, () -> HfCheckpoint.load(dir, nd).close());
        assertTrue(e.getMessage().startsWith(namedFile + ": "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "expected \"" + f + "\" in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void missingFolder() {
        loadFails(tmp.resolve("nope"), tmp.resolve("nope"), "does not exist");
    }

    @Test
    void missingConfig() throws Exception {
        Path dir = savedFolder("no-config");
        Files.delete(dir.resolve("config.json"));
        loadFails(dir, dir, "config.json is missing");
    }

    @Test
    void missingWeights() throws Exception {
        Path dir = savedFolder("no-weights");
        Files.delete(dir.resolve("model.safetensors"));
        loadFails(dir, dir, "no weights", "model.safetensors", "model.safetensors.index.json");
        Files.writeString(dir.resolve("pytorch_model.bin"), "");
        loadFails(dir, dir, "found pytorch_model.bin");
    }

    @Test
    void truncatedWeights() throws Exception {
        Path dir = savedFolder("truncated");
        Path file = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
        loadFails(dir, file, "truncated");
        Files.write(file, java.util.Arrays.copyOf(all, 100));
        loadFails(dir, file, "past the end of the file");
    }

    @Test
    void indexNamesAMissingShard() throws Exception {
        Path dir = savedShardedFolder("lost-shard");
        Path index = dir.resolve(SafeTensorsIndex.FILE_NAME);
        String second = SafeTensorsIndex.read(index).shardFiles().get(1);
        Files.delete(dir.resolve(second));
        loadFails(dir, index, "names shard \"" + second + "\"", "is missing");
    }

    @Test
    void indexPointsAtTheWrongShard() throws Exception {
        Path dir = savedShardedFolder("wrong-shard");
        Path index = dir.resolve(SafeTensorsIndex.FILE_NAME);
        SafeTensorsIndex ix = SafeTensorsIndex.read(index);
        Map<String, String> map = new LinkedHashMap<>(ix.weightMap());
        String last = ix.shardFiles().get(ix.shardFiles().size() - 1);
        map.put(LlamaTensorNames.EMBED, last);
        new SafeTensorsIndex(ix.totalSize(), map).write(index);
        loadFails(dir, index, "tensor \"model.embed_tokens.weight\" is in \"" + last + "\"", "no such tensor");
    }

    @Test
    void weightMissingThatTheConfigRequires() throws Exception {
        Path dir = tmp.resolve("missing-tensor");
        try (NDManager m = nd.newSubManager()) {
            var w = randomWeights(CONFIG, m);
            w.remove(LlamaTensorNames.layer(1, "mlp.up_proj.weight"));
            w.put(LlamaTensorNames.layer(0, "self_attn.k_proj.weight"), m.randomNormal(new Shape(16, 16)));
            SafeTensorsWriter writer = new SafeTensorsWriter();
            w.forEach(writer::add);
            Files.createDirectories(dir);
            writer.write(dir.resolve("model.safetensors"));
            CONFIG.write(dir.resolve("config.json"));
        }
        loadFails(dir, dir.resolve("model.safetensors"), "weights do not match config.json",
                "missing tensor \"model.layers.1.mlp.up_proj.weight\" (expected shape (24, 16))",
                "tensor \"model.layers.0.self_attn.k_proj.weight\" has shape (16, 16) but config.json implies (8, 16)");
    }

    @Test
    void badConfigIsNamed() throws Exception {
        Path dir = savedFolder("bad-config");
        Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 16}");
        loadFails(dir, dir.resolve("config.json"), "missing required key \"num_attention_heads\"");
    }

    @Test
    void expectedShapesFollowHf() {
        var e = LlamaTensorNames.expected(CONFIG);
        assertEquals(2 + 9 * 2 + 1, e.size());
        assertEquals(new Shape(16, 16), e.get("model.layers.0.self_attn.q_proj.weight"));  // [heads*headDim, hidden]
        assertEquals(new Shape(8, 16), e.get("model.layers.0.self_attn.v_proj.weight"));   // [kvHeads*headDim, hidden]
        assertEquals(new Shape(16, 16), e.get("model.layers.1.self_attn.o_proj.weight"));  // [hidden, heads*headDim]
        assertEquals(new Shape(24, 16), e.get("model.layers.1.mlp.gate_proj.weight"));     // [intermediate, hidden]
        assertEquals(new Shape(16, 24), e.get("model.layers.1.mlp.down_proj.weight"));     // [hidden, intermediate]
        assertEquals(new Shape(16), e.get("model.layers.1.post_attention_layernorm.weight"));
        assertEquals(new Shape(32, 16), e.get("lm_head.weight"));
        assertEquals(List.of("model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight"),
                List.copyOf(e.keySet()).subList(0, 2));
        assertEquals("lm_head.weight", e.lastEntry().getKey());
    }
}
