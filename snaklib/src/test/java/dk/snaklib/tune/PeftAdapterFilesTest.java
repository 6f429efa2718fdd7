package dk.snaklib.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.SafeTensorsFile;
import dk.snaklib.model.SafeTensorsWriter;
import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeftAdapterFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** PEFT 0.20.0's adapter_config.json keys for LoRA (FORMATS.md: the 0.19.1 list plus velora_config, monteclora_config). */
    private static final List<String> PEFT_0_20_KEYS = List.of(("alora_invocation_tokens alpha_pattern arrow_config"
            + " auto_mapping base_model_name_or_path bias corda_config ensure_weight_tying eva_config exclude_modules"
            + " fan_in_fan_out inference_mode init_lora_weights layer_replication layers_pattern layers_to_transform"
            + " loftq_config lora_alpha lora_bias lora_dropout lora_ga_config megatron_config megatron_core"
            + " modules_to_save peft_type peft_version qalora_group_size r rank_pattern revision target_modules"
            + " target_parameters task_type trainable_token_indices use_bdlora use_dora use_qalora use_rslora"
            + " velora_config monteclora_config").split(" "));
    /** Keys a 2024 PEFT (0.11-0.13) did not write yet (FORMATS.md). */
    private static final List<String> ABSENT_IN_0_13 = List.of("alora_invocation_tokens", "arrow_config", "corda_config",
            "ensure_weight_tying", "eva_config", "exclude_modules", "lora_bias", "lora_ga_config", "peft_version",
            "qalora_group_size", "target_parameters", "trainable_token_indices", "use_bdlora", "use_qalora",
            "velora_config", "monteclora_config");

    static Path goldenAdapter(String name) throws Exception {
        return LoraGoldenTest.caseDir(name).resolve("adapter");
    }

    /** A copy of the golden adapter with its config edited. */
    static Path withConfig(Path tmp, Consumer<ObjectNode> edit) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("edited"));
        Path src = goldenAdapter("untied-list");
        Files.copy(src.resolve(PeftAdapterFiles.WEIGHTS), dir.resolve(PeftAdapterFiles.WEIGHTS));
        ObjectNode config = (ObjectNode) JSON.readTree(src.resolve(PeftConfigJson.FILE_NAME).toFile());
        edit.accept(config);
        Files.writeString(dir.resolve(PeftConfigJson.FILE_NAME), JSON.writeValueAsString(config));
        return dir;
    }

    /** A copy of the golden adapter keeping only the tensors {@code keep} accepts, one of them possibly renamed. */
    static Path withTensors(Path tmp, Predicate<String> keep, Map<String, String> rename) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tensors"));
        Path src = goldenAdapter("untied-list");
        Files.copy(src.resolve(PeftConfigJson.FILE_NAME), dir.resolve(PeftConfigJson.FILE_NAME));
        SafeTensorsWriter w = new SafeTensorsWriter();
        try (SafeTensorsFile f = SafeTensorsFile.open(src.resolve(PeftAdapterFiles.WEIGHTS))) {
            for (String n : f.names()) {
                if (keep.test(n)) {
                    w.add(rename.getOrDefault(n, n), f.readFloats(n), f.info(n).shape());
                }
            }
        }
        w.write(dir.resolve(PeftAdapterFiles.WEIGHTS));
        return dir;
    }

    static BadInputException loadFails(Path dir) throws Exception {
        try (LlamaModel model = LoraAdapterTest.untied()) {
            return assertThrows(BadInputException.class, () -> PeftAdapterFiles.load(dir, model));
        }
    }

    @Test
    void savedFolderHasPeftsKeysNamesAndShapesAndLoadsBack(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("adapter");
        try (LlamaModel model = LoraAdapterTest.untied();
             LoraAdapter lora = LoraAdapter.create(model, LoraConfig.study().withBaseModel("runs/base"), 3)) {
            LoraAdapterTest.perturbB(lora, 4);
            PeftAdapterFiles.save(dir, lora);

            String text = Files.readString(dir.resolve(PeftConfigJson.FILE_NAME));
            ObjectNode json = (ObjectNode) JSON.readTree(text);
            List<String> keys = new ArrayList<>();
            json.fieldNames().forEachRemaining(keys::add);
            assertEquals(new TreeSet<>(PEFT_0_20_KEYS), new TreeSet<>(keys), "PEFT 0.20.0's key set");
            assertEquals(new ArrayList<>(new TreeSet<>(keys)), keys, "sorted keys, as json.dumps(sort_keys=True)");
            assertTrue(text.startsWith("{\n  \"alora_invocation_tokens\": null,\n"), "indent 2 as json.dumps");
            assertEquals(128, json.get("r").intValue());
            assertTrue(json.get("lora_alpha").isIntegralNumber(), "lora_alpha is an int in PEFT");
            assertEquals(16, json.get("lora_alpha").intValue());
            assertEquals(0.05, json.get("lora_dropout").doubleValue());
            assertEquals(LoraConfig.STUDY_TARGETS, JSON.convertValue(json.get("target_modules"), List.class));
            assertEquals("LORA", json.get("peft_type").asText());
            assertEquals("CAUSAL_LM", json.get("task_type").asText());
            assertEquals("runs/base", json.get("base_model_name_or_path").asText());
            assertTrue(json.get("inference_mode").booleanValue());
            assertEquals("none", json.get("bias").asText());

            try (SafeTensorsFile f = SafeTensorsFile.open(dir.resolve(PeftAdapterFiles.WEIGHTS))) {
                assertEquals("pt", f.metadata().get("format"));
                assertEquals(2 * 15 + 1, f.names().size());
                assertEquals(List.of(128L, 24L), List.of(f.info("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").shape().getShape()[0],
                        f.info("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").shape().getShape()[1]));
                assertEquals(new ai.djl.ndarray.types.Shape(36, 128), f.info("base_model.model.model.layers.1.mlp.up_proj.lora_B.weight").shape());
                assertEquals(new ai.djl.ndarray.types.Shape(47, 24), f.info("base_model.model.lm_head.base_layer.weight").shape(),
                        "PEFT saves the targeted lm_head's base weight");
                assertTrue(f.names().stream().noneMatch(n -> n.contains(".default.")), "adapter name stripped");
            }

            PeftAdapterFiles.Loaded loaded = PeftAdapterFiles.load(dir, model);
            try (LoraAdapter back = loaded.adapter()) {
                assertEquals(List.of(), loaded.notes());
                assertEquals(lora.config().r(), back.config().r());
                assertEquals(lora.config().targetModules(), back.config().targetModules());
                assertEquals("runs/base", back.config().baseModelNameOrPath());
                for (var e : lora.trainableParameters().entrySet()) {
                    assertArrayEquals(e.getValue().toFloatArray(), back.trainableParameters().get(e.getKey()).toFloatArray(), e.getKey());
                }
            }
        }
    }

    @Test
    void olderKeySetsTakeDefaultsAndNewerKeysAreKeptAndNamed(@TempDir Path tmp) throws Exception {
        Path older = withConfig(tmp.resolve("old"), c -> ABSENT_IN_0_13.forEach(c::remove));
        try (LlamaModel model = LoraAdapterTest.untied()) {
            PeftAdapterFiles.Loaded loaded = PeftAdapterFiles.load(older, model);
            assertEquals(1, loaded.notes().size(), loaded.notes().toString());
            assertTrue(loaded.notes().get(0).contains("missing") && loaded.notes().get(0).contains("exclude_modules"));
            assertEquals(15, loaded.adapter().modules().size());
            loaded.adapter().close();
        }
        Path newer = withConfig(tmp.resolve("new"), c -> {
            c.putNull("kasa_config");
            c.put("future_option", 3);
        });
        try (LlamaModel model = LoraAdapterTest.untied()) {
            PeftAdapterFiles.Loaded loaded = PeftAdapterFiles.load(newer, model);
            assertEquals(1, loaded.notes().size(), loaded.notes().toString());
            assertTrue(loaded.notes().get(0).contains("kasa_config, future_option"), loaded.notes().get(0));
            Path resaved = tmp.resolve("resaved");
            PeftAdapterFiles.save(resaved, loaded.adapter());
            ObjectNode json = (ObjectNode) JSON.readTree(resaved.resolve(PeftConfigJson.FILE_NAME).toFile());
            assertEquals(3, json.get("future_option").intValue(), "unknown keys are written back");
            assertTrue(json.has("kasa_config"));
            loaded.adapter().close();
        }
    }

    @Test
    void anAdapterForAnotherBaseNamesTheTensorAndBothShapes() throws Exception {
        try (LlamaModel tied = LoraAdapterTest.tied()) {
            var e = assertThrows(BadInputException.class, () -> PeftAdapterFiles.load(goldenAdapter("untied-list"), tied));
            assertTrue(e.getMessage().contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight")
                    && e.getMessage().contains("[4, 24]") && e.getMessage().contains("[32, 16]")
                    && e.getMessage().contains("another base"), e.getMessage());
        }
    }

    @Test
    void configAndTensorsThatDisagreeAreRefused(@TempDir Path tmp) throws Exception {
        var rank = loadFails(withConfig(tmp.resolve("r"), c -> c.put("r", 5)));
        assertTrue(rank.getMessage().contains("config and tensors disagree") && rank.getMessage().contains("rank 4")
                && rank.getMessage().contains("rank 5"), rank.getMessage());
        var narrower = loadFails(withConfig(tmp.resolve("t"), c -> c.putArray("target_modules").add("q_proj")));
        assertTrue(narrower.getMessage().contains("does not select"), narrower.getMessage());
        String gone = "base_model.model.model.layers.1.mlp.down_proj.lora_B.weight";
        var missing = loadFails(withTensors(tmp.resolve("m"), n -> !n.equals(gone), Map.of()));
        assertTrue(missing.getMessage().contains("has no " + gone), missing.getMessage());
        var named = loadFails(withTensors(tmp.resolve("n"), n -> true, Map.of(gone,
                "base_model.model.model.layers.1.mlp.down_proj.lora_B.default.weight")));
        assertTrue(named.getMessage().contains("adapter name (\"default\")"), named.getMessage());
    }

    @Test
    void badConfigValuesAreNamed(@TempDir Path tmp) throws Exception {
        var r = loadFails(withConfig(tmp.resolve("r0"), c -> c.put("r", 0)));
        assertTrue(r.getMessage().contains(PeftConfigJson.FILE_NAME) && r.getMessage().contains("r must be > 0"), r.getMessage());
        var alpha = loadFails(withConfig(tmp.resolve("a0"), c -> c.put("lora_alpha", 0)));
        assertTrue(alpha.getMessage().contains("lora_alpha must be"), alpha.getMessage());
        var unknown = loadFails(withConfig(tmp.resolve("u"), c -> c.putArray("target_modules").add("q_proj").add("c_attn")));
        assertTrue(unknown.getMessage().contains("\"c_attn\" does not exist") && unknown.getMessage().contains("down_proj"),
                unknown.getMessage());
        var dora = loadFails(withConfig(tmp.resolve("d"), c -> c.put("use_dora", true)));
        assertTrue(dora.getMessage().contains("use_dora"), dora.getMessage());
        var type = loadFails(withConfig(tmp.resolve("p"), c -> c.remove("peft_type")));
        assertTrue(type.getMessage().contains("peft_type"), type.getMessage());
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.copy(goldenAdapter("untied-list").resolve(PeftConfigJson.FILE_NAME), bin.resolve(PeftConfigJson.FILE_NAME));
        Files.writeString(bin.resolve("adapter_model.bin"), "pickle");
        assertTrue(loadFails(bin).getMessage().contains("only safetensors"));
    }

    @Test
    void anLmHeadCopyFromAnotherBaseIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = withTensors(tmp, n -> true, Map.of());
        SafeTensorsWriter w = new SafeTensorsWriter();
        try (SafeTensorsFile f = SafeTensorsFile.open(dir.resolve(PeftAdapterFiles.WEIGHTS))) {
            for (String n : f.names()) {
                float[] v = f.readFloats(n);
                if (n.equals(PeftAdapterFiles.LM_HEAD_BASE)) {
                    v[0] += 1f;
                }
                w.add(n, v, f.info(n).shape());
            }
        }
        w.write(dir.resolve(PeftAdapterFiles.WEIGHTS));
        var e = loadFails(dir);
        assertTrue(e.getMessage().contains("lm_head.base_layer.weight") && e.getMessage().contains("differs"), e.getMessage());
    }
}
