package dk.snaklib.tune;

import dk.snaklib.model.LlamaConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PEFT's target_modules rules on a 2-layer Llama. */
class LoraTargetsTest {
    static LlamaConfig llama;

    @BeforeAll
    static void config() throws Exception {
        llama = LlamaConfig.read(LoraGoldenTest.caseDir("untied-list").resolve("base/config.json"));
    }

    static List<String> modules(LoraConfig c) {
        return LoraTargets.resolve(c, llama).stream().map(LoraTargets.Target::module).toList();
    }

    static LoraConfig list(String... names) {
        return LoraConfig.of(4, 8, 0, TargetModules.of(names));
    }

    @Test
    void aListEntryMatchesTheFullNameOrADottedSuffix() {
        assertEquals(List.of("model.layers.0.self_attn.q_proj", "model.layers.1.self_attn.q_proj"), modules(list("q_proj")));
        assertEquals(modules(list("q_proj")), modules(list("self_attn.q_proj")));
        assertEquals(List.of("model.layers.1.mlp.up_proj"), modules(list("model.layers.1.mlp.up_proj")));
        assertEquals(List.of("lm_head"), modules(list("lm_head")));
        assertEquals(15, modules(new LoraConfig(4, 8, 0, new TargetModules(LoraConfig.STUDY_TARGETS, null), null, false,
                null, null, null, null, null, null, null, null)).size(), "the study's eight kinds over two layers");
    }

    @Test
    void aStringIsFullMatchedAndAllLinearLeavesOutLmHead() {
        assertEquals(List.of("model.layers.0.self_attn.v_proj", "model.layers.1.self_attn.v_proj"),
                modules(LoraConfig.of(4, 8, 0, TargetModules.regex(".*v_proj"))));
        var bare = assertThrows(IllegalArgumentException.class, () -> modules(LoraConfig.of(4, 8, 0, TargetModules.regex("v_proj"))));
        assertTrue(bare.getMessage().contains("selects no linear layer"), "re.fullmatch: a bare name matches nothing");
        List<String> all = modules(LoraConfig.of(4, 8, 0, TargetModules.allLinear()));
        assertEquals(14, all.size());
        assertTrue(!all.contains("lm_head"));
        assertEquals(14, modules(LoraConfig.of(4, 8, 0, TargetModules.regex("ALL-LINEAR"))).size(), "case-insensitive, as PEFT");
    }

    @Test
    void layersToTransformExcludeModulesAndPatterns() {
        LoraConfig layer1 = new LoraConfig(4, 8, 0, TargetModules.of("q_proj", "down_proj", "lm_head"), null, false, null,
                List.of(1), null, null, null, null, null, null);
        assertEquals(List.of("model.layers.1.self_attn.q_proj", "model.layers.1.mlp.down_proj"), modules(layer1),
                "layers_to_transform keeps layer 1; lm_head has no layer index so PEFT drops it too");
        LoraConfig pattern = new LoraConfig(4, 8, 0, TargetModules.of("q_proj"), null, false, null, List.of(0), "layers",
                null, null, null, null, null);
        assertEquals(List.of("model.layers.0.self_attn.q_proj"), modules(pattern));
        LoraConfig excluded = new LoraConfig(4, 8, 0, TargetModules.allLinear(), TargetModules.of("mlp.down_proj",
                "model.layers.0.self_attn.k_proj"), false, null, null, null, null, null, null, null, null);
        List<String> kept = modules(excluded);
        assertEquals(11, kept.size());
        assertTrue(kept.stream().noneMatch(m -> m.endsWith("down_proj")) && !kept.contains("model.layers.0.self_attn.k_proj"));

        LoraConfig patterns = list("q_proj", "down_proj", "lm_head").withRslora(true)
                .withPatterns(Map.of("mlp.down_proj", 2), Map.of("lm_head", 3.0));
        for (LoraTargets.Target t : LoraTargets.resolve(patterns, llama)) {
            int r = t.module().endsWith("down_proj") ? 2 : 4;
            double alpha = t.module().equals("lm_head") ? 3 : 8;
            assertEquals(r, t.r(), t.module());
            assertEquals(alpha / Math.sqrt(r), t.scale(), 1e-12, t.module() + " rsLoRA scale alpha/sqrt(r)");
        }
        assertEquals(8.0 / 4, LoraTargets.resolve(list("q_proj"), llama).get(0).scale(), "plain scale alpha/r");
    }

    @Test
    void unknownOrUnsupportedTargetsListWhatExists() {
        var typo = assertThrows(IllegalArgumentException.class, () -> modules(list("q_proj", "q_prj")));
        assertTrue(typo.getMessage().contains("\"q_prj\" does not exist") && typo.getMessage().contains("gate_proj")
                && typo.getMessage().contains("lm_head"), typo.getMessage());
        var norm = assertThrows(IllegalArgumentException.class, () -> modules(list("input_layernorm")));
        assertTrue(norm.getMessage().contains("not a linear layer"), norm.getMessage());
        var embed = assertThrows(IllegalArgumentException.class, () -> modules(list("embed_tokens")));
        assertTrue(embed.getMessage().contains("embeddings is not supported"), embed.getMessage());
    }

    @Test
    void rankAndAlphaMustBePositive() {
        var r = assertThrows(IllegalArgumentException.class, () -> LoraConfig.of(0, 8, 0, TargetModules.of("q_proj")));
        assertTrue(r.getMessage().contains("r must be > 0"), r.getMessage());
        var a = assertThrows(IllegalArgumentException.class, () -> LoraConfig.of(8, 0, 0, TargetModules.of("q_proj")));
        assertTrue(a.getMessage().contains("lora_alpha"), a.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoraConfig.of(8, -1, 0, TargetModules.of("q_proj")));
        assertThrows(IllegalArgumentException.class, () -> LoraConfig.of(8, 8, 1.0, TargetModules.of("q_proj")));
        assertThrows(IllegalArgumentException.class, () -> list("q_proj").withPatterns(Map.of("q_proj", 0), Map.of()));
    }
}
