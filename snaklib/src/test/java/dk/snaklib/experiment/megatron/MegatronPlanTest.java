package dk.snaklib.experiment.megatron;

import dk.snaklib.experiment.Preset;
import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MegatronPlanTest {
    @TempDir Path tmp;

    private Path llama2WithTokenizers() throws Exception {
        Path hf = Llama2Folders.llama2(tmp.resolve("Llama-2-7b-hf"));
        Llama2Folders.sentencePiece(hf.resolve("tokenizer.model"), 32000);
        Llama2Folders.tokenizerJson(hf.resolve("tokenizer.json"), 32000);
        return hf;
    }

    private Path corpusFile() throws Exception {
        Path f = tmp.resolve("da.parquet");
        Files.writeString(f, "stand-in: the plan only names it");
        return f;
    }

    @Test
    void plansEveryStepWithMegatronLlmsScripts() throws Exception {
        Path hf = llama2WithTokenizers();
        MegatronPlan plan = MegatronPlan.make(new MegatronPlan.Request(hf, Preset.PAPER).withCorpus(List.of(corpusFile())));
        assertTrue(plan.complete(), plan.missing().toString());
        assertEquals(Llama2Shape.B7, plan.shape());
        assertEquals(25, plan.iterations().size());
        assertEquals(500L, plan.iterations().getFirst());
        assertEquals(12500L, plan.iterations().getLast());

        List<Path> scripts = plan.writeScripts(tmp.resolve("scripts"));
        assertEquals(List.of("1-data.sh", "2-convert.sh", "3-shard.sh", "4-launch.sh", "5-to-hf.sh", "6-import.sh"),
                scripts.stream().map(p -> p.getFileName().toString()).toList());
        for (Path s : scripts) {
            Process p = new ProcessBuilder("bash", "-n", s.toString()).redirectErrorStream(true).start();
            assertEquals(0, p.waitFor(), s + ": " + new String(p.getInputStream().readAllBytes()));
        }

        // Data: snak's export with the study's packing (no EOS), to exactly --data_path.
        Map<String, String> export = GeneratedScripts.flagsAfter(GeneratedScripts.command(
                Files.readString(tmp.resolve("scripts/1-data.sh")), "./snak"), "megatron");
        assertEquals("/mpt/Megatron-LLM/tokenized/_text_document", export.get("--prefix"));
        assertTrue(export.containsKey("--no-eos") && export.containsKey("--exact-prefix"));

        // Conversion: Megatron-LLM's real script and argument names, the study's values.
        List<String> convert = GeneratedScripts.command(Files.readString(tmp.resolve("scripts/2-convert.sh")),
                "weights_conversion/hf_to_megatron.py");
        assertEquals("llama2", convert.get(convert.indexOf("weights_conversion/hf_to_megatron.py") + 1));
        Map<String, String> c = GeneratedScripts.flagsAfter(convert, "weights_conversion/hf_to_megatron.py");
        GeneratedScripts.assertKnownFlags("weights_conversion/hf_to_megatron.py", c);
        assertEquals("7", c.get("--size"));
        assertEquals(hf.toAbsolutePath().toString(), c.get("--model-path"));
        assertEquals("/mpt/Megatron-LLM/megatron/weights", c.get("--out"));

        Map<String, String> shard = GeneratedScripts.flagsAfter(GeneratedScripts.command(
                Files.readString(tmp.resolve("scripts/3-shard.sh")), "tools/checkpoint_util.py"), "tools/checkpoint_util.py");
        GeneratedScripts.assertKnownFlags("tools/checkpoint_util.py", shard);
        assertEquals(Map.of("--target_tensor_parallel_size", "4", "--target_pipeline_parallel_size", "1",
                "--load_dir", "/mpt/Megatron-LLM/megatron/weights", "--save_dir", "/mpt/Megatron-LLM/sharded_4/weights",
                "--model_type", "llama2", "--true_vocab_size", "32000", "--bf16", ""), shard);

        // Back to HF: a merge to TP 1 and a conversion for each of the 25 saved iterations.
        String back = Files.readString(tmp.resolve("scripts/5-to-hf.sh"));
        List<List<String>> merges = GeneratedScripts.commands(back).stream().filter(w -> w.contains("tools/checkpoint_util.py")).toList();
        List<List<String>> toHf = GeneratedScripts.commands(back).stream().filter(w -> w.contains("weights_conversion/megatron_to_hf.py")).toList();
        assertEquals(25, merges.size());
        assertEquals(25, toHf.size());
        for (int i = 0; i < 25; i++) {
            long it = 500L * (i + 1);
            Map<String, String> m = GeneratedScripts.flagsAfter(merges.get(i), "tools/checkpoint_util.py");
            GeneratedScripts.assertKnownFlags("tools/checkpoint_util.py", m);
            assertEquals(Long.toString(it), m.get("--load_iters"));
            assertEquals("1", m.get("--target_tensor_parallel_size"));
            Map<String, String> h = GeneratedScripts.flagsAfter(toHf.get(i), "weights_conversion/megatron_to_hf.py");
            GeneratedScripts.assertKnownFlags("weights_conversion/megatron_to_hf.py", h);
            assertEquals(m.get("--save_dir"), h.get("--input_dir"));
            assertEquals("/mpt/Megatron-LLM/hf_model_exports/checkpoint_" + it, h.get("--output_dir"));
            assertEquals("/mpt/Megatron-LLM/megatron/weights/tokenizer.model", h.get("--vocab_file"));
        }
        assertTrue(plan.render().contains("Llama-2-7B"), plan.render());
    }

    @Test
    void onlyATokenizerModelMeansMegatronTokenizes() throws Exception {
        Path hf = Llama2Folders.llama2(tmp.resolve("hf"));
        Path model = tmp.resolve("tokenizer.model");
        Llama2Folders.sentencePiece(model, 32000);
        MegatronPlan plan = MegatronPlan.make(new MegatronPlan.Request(hf, Preset.PAPER)
                .withCorpus(List.of(corpusFile())).withTokenizers(null, model));
        assertTrue(plan.complete(), plan.missing().toString());
        MegatronPlan.Step pre = plan.steps().stream().filter(s -> s.script().equals("1b-preprocess.sh")).findFirst().orElseThrow();
        Map<String, String> f = GeneratedScripts.flagsAfter(GeneratedScripts.command(pre.body(), "tools/preprocess_data.py"),
                "tools/preprocess_data.py");
        GeneratedScripts.assertKnownFlags("tools/preprocess_data.py", f);
        assertEquals(Map.of("--input", "/mpt/Megatron-LLM/_pretraining_data/danish_pretraining_data.jsonl",
                "--output_prefix", "/mpt/Megatron-LLM/tokenized/", "--tokenizer_type", "SentencePieceTokenizer",
                "--vocab_file", model.toString(), "--chunk_size", "64", "--workers", "4", "--no_new_tokens", ""), f);
        // hf_to_megatron.py reads tokenizer.model from the folder: the plan copies the given one there first.
        MegatronPlan.Step convert = plan.steps().stream().filter(s -> s.script().equals("2-convert.sh")).findFirst().orElseThrow();
        assertEquals(List.of("cp", model.toString(), hf.toAbsolutePath() + "/tokenizer.model"), convert.commands().getFirst().argv());
    }

    @Test
    void withoutTokenizerModelThePlanSaysWhatIsMissingAndWritesNothing() throws Exception {
        Path hf = Llama2Folders.llama2(tmp.resolve("hf"));
        Llama2Folders.tokenizerJson(hf.resolve("tokenizer.json"), 32000);
        MegatronPlan plan = MegatronPlan.make(new MegatronPlan.Request(hf, Preset.PAPER).withCorpus(List.of(corpusFile())));
        assertFalse(plan.complete());
        assertTrue(plan.render().contains("MISSING     Llama-2's tokenizer.model"), plan.render());
        assertThrows(IllegalStateException.class, () -> plan.writeScripts(tmp.resolve("out")));
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void saysExactlyWhatDiffersFromLlama2() throws Exception {
        Path hf = Llama2Folders.folder(tmp.resolve("small"), Llama2Folders.CONFIG_7B, Map.of("hidden_size", 2048,
                "num_hidden_layers", 16, "rms_norm_eps", 1e-6, "max_position_embeddings", 2048, "tie_word_embeddings", true,
                "intermediate_size", 5632, "num_key_value_heads", 4));
        BadInputException e = assertThrows(BadInputException.class,
                () -> MegatronPlan.make(new MegatronPlan.Request(hf, Preset.PAPER)));
        String m = e.getMessage();
        for (String want : List.of("hidden_size is 2048, Llama-2-7B has 4096", "intermediate_size is 5632, Llama-2-7B has 11008",
                "num_hidden_layers is 16, Llama-2-7B has 32", "num_key_value_heads is 4, Llama-2-7B has 32",
                "max_position_embeddings is 2048, Llama-2-7B has 4096", "rms_norm_eps is 1.0E-6, Llama-2-7B has 1.0E-5",
                "tie_word_embeddings is true, Llama-2-7B has false")) {
            assertTrue(m.contains(want), "missing \"" + want + "\" in: " + m);
        }
        assertTrue(m.contains("config.json"), m);
        assertFalse(m.contains("num_attention_heads"), m);
    }

    @Test
    void anotherArchitectureIsNamed() throws Exception {
        Path hf = tmp.resolve("mistral");
        Files.createDirectories(hf);
        Files.writeString(hf.resolve("config.json"), Llama2Folders.CONFIG_7B.replace("\"llama\"", "\"mistral\"")
                .replace("LlamaForCausalLM", "MistralForCausalLM").replace("\"intermediate_size\": 11008", "\"intermediate_size\": 14336"));
        String m = assertThrows(BadInputException.class, () -> MegatronPlan.make(new MegatronPlan.Request(hf, Preset.PAPER))).getMessage();
        assertTrue(m.contains("model_type is \"mistral\", Llama-2-7B has \"llama\""), m);
        assertTrue(m.contains("architectures is [\"MistralForCausalLM\"]"), m);
        assertTrue(m.contains("intermediate_size is 14336"), m);
    }

    @Test
    void picksTheSizeByWidthAnd13BPlansSize13() throws Exception {
        Path hf = Llama2Folders.folder(tmp.resolve("13b"), Llama2Folders.CONFIG_7B, Map.of("hidden_size", 5120,
                "intermediate_size", 13824, "num_hidden_layers", 40, "num_attention_heads", 40, "num_key_value_heads", 40));
        Llama2Folders.sentencePiece(hf.resolve("tokenizer.model"), 32000);
        MegatronPlan plan = MegatronPlan.make(new MegatronPlan.Request(hf, Preset.PAPER).withCorpus(List.of(corpusFile())));
        assertEquals(13, plan.shape().size());
        assertTrue(plan.steps().get(2).commands().getLast().argv().contains("--size=13"));
    }

    @Test
    void refusesAWrongTokenizerAndWeightsThatDoNotFit() throws Exception {
        Path hf = Llama2Folders.llama2(tmp.resolve("hf"));
        Llama2Folders.sentencePiece(hf.resolve("tokenizer.model"), 32001);
        String m = assertThrows(BadInputException.class, () -> MegatronPlan.make(new MegatronPlan.Request(hf, Preset.PAPER))).getMessage();
        assertTrue(m.contains("32001 SentencePiece pieces") && m.contains("32000"), m);

        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("config.json"), Llama2Folders.CONFIG_7B);
        Llama2Folders.sparseWeights(bad.resolve("model.safetensors"), dk.snaklib.model.LlamaConfig.read(
                Llama2Folders.folder(tmp.resolve("tmp13"), Llama2Folders.CONFIG_7B, Map.of("num_hidden_layers", 2)).resolve("config.json")));
        String w = assertThrows(BadInputException.class, () -> MegatronPlan.make(new MegatronPlan.Request(bad, Preset.PAPER))).getMessage();
        assertTrue(w.contains("missing tensor \"model.layers.2."), w);
    }

    @Test
    void savedIterationsIncludeTheLast() {
        assertEquals(List.of(400L, 800L, 1000L), MegatronCommands.savedIterations(1000, 400));
        assertEquals(List.of(5L), MegatronCommands.savedIterations(5, 500));
    }
}
