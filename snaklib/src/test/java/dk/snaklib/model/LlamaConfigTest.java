package dk.snaklib.model;

import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config.json as Hugging Face writes it, in and out. */
class LlamaConfigTest {
    @TempDir Path tmp;

    /** Llama-3.2-1B's config.json, as published. */
    static final String LLAMA_3_2_1B = """
            {
              "architectures": ["LlamaForCausalLM"],
              "attention_bias": false,
              "attention_dropout": 0.0,
              "bos_token_id": 128000,
              "eos_token_id": [128001, 128008, 128009],
              "head_dim": 64,
              "hidden_act": "silu",
              "hidden_size": 2048,
              "initializer_range": 0.02,
              "intermediate_size": 8192,
              "max_position_embeddings": 131072,
              "mlp_bias": false,
              "model_type": "llama",
              "num_attention_heads": 32,
              "num_hidden_layers": 16,
              "num_key_value_heads": 8,
              "pretraining_tp": 1,
              "rms_norm_eps": 1e-05,
              "rope_scaling": {
                "factor": 32.0,
                "high_freq_factor": 4.0,
                "low_freq_factor": 1.0,
                "original_max_position_embeddings": 8192,
                "rope_type": "llama3"
              },
              "rope_theta": 500000.0,
              "tie_word_embeddings": true,
              "torch_dtype": "bfloat16",
              "transformers_version": "4.45.0.dev0",
              "use_cache": true,
              "vocab_size": 128256
            }
            """;

    /** Llama-2-7b-hf's config.json: no head_dim, no rope_theta, a single eos id. */
    static final String LLAMA_2_7B = """
            {
              "architectures": ["LlamaForCausalLM"],
              "bos_token_id": 1,
              "eos_token_id": 2,
              "hidden_act": "silu",
              "hidden_size": 4096,
              "initializer_range": 0.02,
              "intermediate_size": 11008,
              "max_position_embeddings": 4096,
              "model_type": "llama",
              "num_attention_heads": 32,
              "num_hidden_layers": 32,
              "num_key_value_heads": 32,
              "pretraining_tp": 1,
              "rms_norm_eps": 1e-05,
              "rope_scaling": null,
              "tie_word_embeddings": false,
              "torch_dtype": "float16",
              "transformers_version": "4.31.0.dev0",
              "use_cache": true,
              "vocab_size": 32000
            }
            """;

    Path write(String name, String json) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, json);
        return p;
    }

    @Test
    void readsLlama3WithRopeScalingAndEosList() throws Exception {
        LlamaConfig c = LlamaConfig.read(write("config.json", LLAMA_3_2_1B));
        assertEquals(2048, c.hiddenSize());
        assertEquals(8192, c.intermediateSize());
        assertEquals(16, c.numHiddenLayers());
        assertEquals(32, c.numAttentionHeads());
        assertEquals(8, c.numKeyValueHeads());
        assertEquals(4, c.kvGroups());
        assertEquals(64, c.headDim());
        assertEquals(1e-5, c.rmsNormEps());
        assertEquals(500000.0, c.ropeTheta());
        assertEquals(new LlamaConfig.RopeScaling(32.0, 1.0, 4.0, 8192), c.ropeScaling());
        assertEquals(128256, c.vocabSize());
        assertEquals(131072, c.maxPositionEmbeddings());
        assertTrue(c.tieWordEmbeddings());
        assertEquals(Integer.valueOf(128000), c.bosTokenId());
        assertEquals(List.of(128001, 128008, 128009), c.eosTokenIds());
        assertFalse(LlamaTensorNames.expected(c).containsKey(LlamaTensorNames.LM_HEAD));
        assertEquals(1_235_814_400L, c.parameterCount()); // Llama-3.2-1B: 1.24B parameters, lm_head tied
    }

    @Test
    void readsLlama2WithDefaults() throws Exception {
        LlamaConfig c = LlamaConfig.read(write("config.json", LLAMA_2_7B));
        assertEquals(128, c.headDim()); // hidden_size / num_attention_heads
        assertEquals(10000.0, c.ropeTheta());
        assertNull(c.ropeScaling());
        assertEquals(List.of(2), c.eosTokenIds());
        assertEquals(6_738_415_616L, c.parameterCount()); // Llama-2-7b: 6.74B
    }

    @Test
    void roundTripKeepsUnknownKeys() throws Exception {
        LlamaConfig c = LlamaConfig.read(write("in.json", LLAMA_3_2_1B));
        Path out = tmp.resolve("out/config.json");
        c.write(out);
        LlamaConfig again = LlamaConfig.read(out);
        assertEquals(c, again);
        assertEquals("4.45.0.dev0", again.extra().get("transformers_version").asText());
        assertFalse(again.extra().get("mlp_bias").asBoolean());
        assertEquals("bfloat16", again.extra().get("torch_dtype").asText());
        String json = Files.readString(out);
        assertTrue(json.contains("\"eos_token_id\" : [ 128001, 128008, 128009 ]"), json);
        assertTrue(json.contains("\"rope_type\" : \"llama3\""), json);
        assertTrue(json.contains("\"model_type\" : \"llama\""), json);
    }

    @Test
    void missingKeyIsNamed() throws Exception {
        Path p = write("config.json", LLAMA_2_7B.replace("\"vocab_size\": 32000", "\"unused\": 0"));
        var e = assertThrows(BadInputException.class, () -> LlamaConfig.read(p));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains(p + ": missing required key \"vocab_size\""), e.getMessage());
    }

    @Test
    void wrongTypedKeyIsNamed() throws Exception {
        Path p = write("config.json", LLAMA_2_7B.replace("\"hidden_size\": 4096", "\"hidden_size\": \"4096\""));
        var e = assertThrows(BadInputException.class, () -> LlamaConfig.read(p));
        assertTrue(e.getMessage().contains(p + ": key \"hidden_size\": expected an integer"), e.getMessage());

        Path q = write("config2.json", LLAMA_2_7B.replace("\"tie_word_embeddings\": false", "\"tie_word_embeddings\": 0"));
        e = assertThrows(BadInputException.class, () -> LlamaConfig.read(q));
        assertTrue(e.getMessage().contains(q + ": key \"tie_word_embeddings\": expected true or false"), e.getMessage());

        Path r = write("config3.json", LLAMA_3_2_1B.replace("\"factor\": 32.0", "\"factor\": \"32\""));
        e = assertThrows(BadInputException.class, () -> LlamaConfig.read(r));
        assertTrue(e.getMessage().contains(r + ": key \"factor\": expected a number"), e.getMessage());

        Path s = write("config4.json", LLAMA_3_2_1B.replace("128008, ", "\"x\", "));
        e = assertThrows(BadInputException.class, () -> LlamaConfig.read(s));
        assertTrue(e.getMessage().contains(s + ": key \"eos_token_id\": expected an integer"), e.getMessage());
    }

    @Test
    void unsupportedRopeScalingAndInvalidJson() throws Exception {
        Path p = write("config.json", LLAMA_3_2_1B.replace("\"rope_type\": \"llama3\"", "\"rope_type\": \"yarn\""));
        var e = assertThrows(BadInputException.class, () -> LlamaConfig.read(p));
        assertTrue(e.getMessage().contains("\"rope_scaling\": rope_type \"yarn\" is not supported"), e.getMessage());

        Path q = write("broken.json", "{\"hidden_size\": ");
        e = assertThrows(BadInputException.class, () -> LlamaConfig.read(q));
        assertTrue(e.getMessage().startsWith(q + ": not readable as JSON"), e.getMessage());

        Path r = write("heads.json", LLAMA_2_7B.replace("\"num_key_value_heads\": 32", "\"num_key_value_heads\": 5"));
        e = assertThrows(BadInputException.class, () -> LlamaConfig.read(r));
        assertTrue(e.getMessage().contains(r + ": invalid Llama config: num_attention_heads (32) must be a multiple"), e.getMessage());
    }
}
