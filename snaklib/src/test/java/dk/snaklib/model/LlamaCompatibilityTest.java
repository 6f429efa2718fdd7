package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SequencedMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints that snaklib would compute wrongly are refused, naming file, key and value; config.json round-trips. */
class LlamaCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static NDManager nd;
    @TempDir Path tmp;

    /** A tiny Llama with the keys a published config.json carries, including some snaklib does not model. */
    static final String TINY = """
            {
              "_name_or_path": "someone/tiny-llama",
              "architectures": ["LlamaForCausalLM"],
              "attention_bias": false,
              "attention_dropout": 0.0,
              "bos_token_id": 1,
              "custom_research_key": {"nested": [1, 2, 3], "note": "kept as it is"},
              "eos_token_id": [2, 3],
              "head_dim": 4,
              "hidden_act": "silu",
              "hidden_size": 16,
              "initializer_range": 0.02,
              "intermediate_size": 24,
              "max_position_embeddings": 64,
              "mlp_bias": false,
              "model_type": "llama",
              "num_attention_heads": 4,
              "num_hidden_layers": 2,
              "num_key_value_heads": 2,
              "pad_token_id": null,
              "pretraining_tp": 1,
              "rms_norm_eps": 1e-05,
              "rope_scaling": {
                "factor": 8.0,
                "high_freq_factor": 4.0,
                "low_freq_factor": 1.0,
                "original_max_position_embeddings": 16,
                "rope_type": "llama3"
              },
              "rope_theta": 500000.0,
              "tie_word_embeddings": false,
              "torch_dtype": "bfloat16",
              "transformers_version": "4.45.0",
              "use_cache": true,
              "vocab_size": 32
            }
            """;

    @BeforeAll
    static void engine() {
        nd = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void release() {
        nd.close();
    }

    static ObjectNode tiny() throws Exception {
        return (ObjectNode) JSON.readTree(TINY);
    }

    /** A checkpoint folder with {@code config} as its config.json, written as another tool would. */
    Path folder(String name, ObjectNode config, Consumer<SequencedMap<String, NDArray>> editWeights) throws Exception {
        Path dir = tmp.resolve(name);
        LlamaConfig c = LlamaConfig.fromJson(tiny(), null);
        try (NDManager m = nd.newSubManager()) {
            SequencedMap<String, NDArray> w = HfCheckpointTest.randomWeights(c, m);
            editWeights.accept(w);
            HfCheckpoint.save(dir, c, w, null, null);
        }
        Files.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
        return dir;
    }

    Path configFile(ObjectNode config) throws Exception {
        Path p = Files.createTempFile(tmp, "config", ".json");
        Files.writeString(p, config.toString());
        return p;
    }

    String refusal(ObjectNode config) throws Exception {
        Path p = configFile(config);
        var e = assertThrows(BadInputException.class, () -> LlamaConfig.read(p));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void otherArchitecturesAreRefusedNamingKeyValueAndWhatIsSupported() throws Exception {
        ObjectNode mistral = tiny();
        mistral.put("model_type", "mistral");
        mistral.put("sliding_window", 4096);
        String m = refusal(mistral);
        assertTrue(m.contains("key \"model_type\": \"mistral\" is not a Llama") && m.contains("\"llama\""), m);

        ObjectNode arch = tiny();
        arch.putArray("architectures").add("LlamaForSequenceClassification");
        m = refusal(arch);
        assertTrue(m.contains("key \"architectures\": \"LlamaForSequenceClassification\" is not supported "
                + "(supported: \"LlamaForCausalLM\")"), m);

        ObjectNode gelu = tiny();
        gelu.put("hidden_act", "gelu");
        m = refusal(gelu);
        assertTrue(m.contains("key \"hidden_act\": \"gelu\" is not supported") && m.contains("\"silu\""), m);

        ObjectNode attnBias = tiny();
        attnBias.put("attention_bias", true);
        m = refusal(attnBias);
        assertTrue(m.contains("key \"attention_bias\": true is not supported") && m.contains("supported: false"), m);

        ObjectNode mlpBias = tiny();
        mlpBias.put("mlp_bias", true);
        m = refusal(mlpBias);
        assertTrue(m.contains("key \"mlp_bias\": true is not supported"), m);

        ObjectNode dropout = tiny();
        dropout.put("attention_dropout", 0.1);
        m = refusal(dropout);
        assertTrue(m.contains("key \"attention_dropout\": 0.1 is not supported") && m.contains("0.0"), m);

        ObjectNode partial = tiny();
        partial.put("partial_rotary_factor", 0.5);
        m = refusal(partial);
        assertTrue(m.contains("key \"partial_rotary_factor\": 0.5 is not supported"), m);
    }

    @Test
    void ropeScalingTypesWeDoNotImplementAreRefused() throws Exception {
        for (String type : List.of("linear", "dynamic", "yarn", "longrope")) {
            ObjectNode c = tiny();
            ((ObjectNode) c.get("rope_scaling")).put("rope_type", type);
            String m = refusal(c);
            assertTrue(m.contains("key \"rope_scaling\": rope_type \"" + type + "\" is not supported "
                    + "(supported: none (null or rope_type \"default\") and \"llama3\")"), m);
        }
        ObjectNode old = tiny(); // transformers < 4.43 spelled it "type"
        ObjectNode scaling = old.putObject("rope_scaling");
        scaling.put("type", "linear");
        scaling.put("factor", 2.0);
        assertTrue(refusal(old).contains("rope_type \"linear\" is not supported"));

        ObjectNode extraKey = tiny();
        ((ObjectNode) extraKey.get("rope_scaling")).put("attention_factor", 1.2);
        String m = refusal(extraKey);
        assertTrue(m.contains("key \"rope_scaling\": \"attention_factor\" = 1.2 is not supported"), m);
    }

    @Test
    void acceptedSpellingsOfTheSameLlama() throws Exception {
        ObjectNode c = tiny();
        c.put("hidden_act", "swish");          // HF's ACT2FN maps swish to SiLU
        c.remove("model_type");                 // older hand-made configs
        c.putObject("rope_scaling").put("rope_type", "default");
        LlamaConfig read = LlamaConfig.read(configFile(c));
        assertNull(read.ropeScaling());
        assertEquals(500000.0, read.ropeTheta());
        assertEquals("swish", read.extra().get("hidden_act").asText());
    }

    /** transformers 5 writes rope_theta inside rope_parameters; before, it was read as the default 10000 silently. */
    @Test
    void transformers5RopeParametersAreReadAndWrittenBack() throws Exception {
        ObjectNode v5 = tiny();
        JsonNode scaling = v5.remove("rope_scaling");
        v5.remove("rope_theta");
        ObjectNode params = v5.putObject("rope_parameters");
        params.setAll((ObjectNode) scaling);
        params.put("rope_theta", 500000.0);
        v5.put("dtype", "bfloat16");
        v5.remove("torch_dtype");
        LlamaConfig c = LlamaConfig.read(configFile(v5));
        assertEquals(500000.0, c.ropeTheta());
        assertEquals(new LlamaConfig.RopeScaling(8.0, 1.0, 4.0, 16), c.ropeScaling());

        JsonNode written = JSON.readTree(c.toJson());
        assertEquals(params, written.get("rope_parameters"));
        assertFalse(written.has("rope_theta"), "one place for theta, as transformers 5 writes it");
        assertFalse(written.has("rope_scaling"));
        assertEquals(c, LlamaConfig.fromJson(written, null));

        ObjectNode both = v5.deepCopy();
        both.put("rope_theta", 10000.0);
        String m = refusal(both);
        assertTrue(m.contains("key \"rope_theta\" is 10000.0 but \"rope_parameters\".rope_theta is 500000.0"), m);

        ObjectNode perLayer = tiny();
        perLayer.putObject("rope_parameters").putObject("full_attention").put("rope_theta", 1e6);
        assertTrue(refusal(perLayer).contains("per-layer-type RoPE (\"full_attention\") is not supported"));
    }

    @Test
    void biasTensorsAreRefusedNamingThem() throws Exception {
        Path dir = folder("bias", tiny(), w -> {
            w.put("model.layers.0.self_attn.q_proj.bias", nd.zeros(new Shape(16)));
            w.put("model.layers.1.mlp.down_proj.bias", nd.zeros(new Shape(16)));
        });
        try (NDManager m = nd.newSubManager()) {
            var e = assertThrows(BadInputException.class, () -> HfCheckpoint.load(dir, m));
            assertEquals(dir.resolve("model.safetensors"), e.file());
            assertTrue(e.getMessage().contains("bias tensors \"model.layers.0.self_attn.q_proj.bias\", "
                    + "\"model.layers.1.mlp.down_proj.bias\": snaklib's Llama has no biases"), e.getMessage());
        }
    }

    @Test
    void unknownTensorsAreRefused() throws Exception {
        Path dir = folder("unknown", tiny(), w -> w.put("model.layers.0.self_attn.q_norm.weight", nd.ones(new Shape(4))));
        try (NDManager m = nd.newSubManager()) {
            var e = assertThrows(BadInputException.class, () -> HfCheckpoint.load(dir, m));
            assertTrue(e.getMessage().contains("tensors \"model.layers.0.self_attn.q_norm.weight\" are not part of a "
                    + "LlamaForCausalLM"), e.getMessage());
        }
    }

    /** Old transformers saved rotary_emb.inv_freq; it is harmless when it equals what config.json implies. */
    @Test
    void rotaryBuffersAreCheckedAgainstTheConfigAndNotLoaded() throws Exception {
        LlamaConfig c = LlamaConfig.fromJson(tiny(), null);
        double[] inv = RotaryEmbedding.inverseFrequencies(c);
        float[] asStored = new float[inv.length];
        for (int i = 0; i < inv.length; i++) {
            asStored[i] = (float) inv[i];
        }
        String buffer = "model.layers.1.self_attn.rotary_emb.inv_freq";
        Path good = folder("inv-freq", tiny(), w -> w.put(buffer, nd.create(asStored)));
        try (NDManager m = nd.newSubManager(); HfCheckpoint ckpt = HfCheckpoint.load(good, m)) {
            assertFalse(ckpt.weights().containsKey(buffer));
            assertEquals(LlamaTensorNames.expected(c).keySet(), ckpt.weights().keySet());
        }

        // The same file under a config with another rope_theta: made with other RoPE settings, refused.
        ObjectNode otherTheta = tiny();
        otherTheta.put("rope_theta", 10000.0);
        Path bad = folder("inv-freq-bad", otherTheta, w -> w.put(buffer, nd.create(asStored)));
        try (NDManager m = nd.newSubManager()) {
            var e = assertThrows(BadInputException.class, () -> HfCheckpoint.load(bad, m));
            assertTrue(e.getMessage().contains("tensor \"" + buffer + "\"[1] = ") && e.getMessage().contains(
                    "the checkpoint was made with other RoPE settings"), e.getMessage());
        }
    }

    /** Loading and saving keeps every key of another tool's config.json, in save_pretrained's sorted order. */
    @Test
    void resavingKeepsEveryKeyOfTheOriginalConfig() throws Exception {
        ObjectNode original = tiny();
        Path dir = folder("original", original, w -> {});
        Path out = tmp.resolve("resaved");
        try (NDManager m = nd.newSubManager(); HfCheckpoint ckpt = HfCheckpoint.load(dir, m)) {
            HfCheckpoint.save(out, ckpt.config(), ckpt.weights(), ckpt.tokenizerJson(), ckpt.generationConfig());
        }
        JsonNode resaved = JSON.readTree(Files.readString(out.resolve("config.json")));
        ObjectNode expected = original.deepCopy();
        expected.put("torch_dtype", "float32"); // the weights are now stored as F32, and config.json says so
        assertEquals(expected, resaved);
        List<String> keys = new ArrayList<>();
        resaved.fieldNames().forEachRemaining(keys::add);
        assertEquals(keys.stream().sorted().toList(), keys, "sorted as save_pretrained writes them");
    }
}
