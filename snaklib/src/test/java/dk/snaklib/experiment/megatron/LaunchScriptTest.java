package dk.snaklib.experiment.megatron;

import dk.snaklib.experiment.Preset;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchScriptTest {

    /** STUDY.md A3 (the study's 6.training.sh, and Megatron-LLM's defaults in force), typed in from there. */
    private static final Map<String, String> STUDY = Map.ofEntries(
            Map.entry("--tensor_model_parallel_size", "4"), Map.entry("--pipeline_model_parallel_size", "1"),
            Map.entry("--micro_batch_size", "1"), Map.entry("--global_batch_size", "512"),
            Map.entry("--seq_length", "4096"), Map.entry("--train_iters", "12500"), Map.entry("--lr", "15e-6"),
            Map.entry("--min_lr", "5e-8"), Map.entry("--lr_decay_style", "cosine"), Map.entry("--lr_warmup_iters", "1250"),
            Map.entry("--clip_grad", "1.0"), Map.entry("--bf16", ""), Map.entry("--use_flash_attn", ""),
            Map.entry("--sequence_parallel", ""), Map.entry("--recompute_granularity", "selective"),
            Map.entry("--no_bias_gelu_fusion", ""), Map.entry("--seed", "8446"), Map.entry("--log_interval", "1"),
            Map.entry("--save_interval", "500"), Map.entry("--eval_interval", "100"),
            Map.entry("--load", "/mpt/Megatron-LLM/sharded_4/weights"), Map.entry("--save", "/mpt/Megatron-LLM/sharded_4/weights"),
            Map.entry("--data_path", "/mpt/Megatron-LLM/tokenized/_text_document"), Map.entry("--model_name", "llama2"),
            Map.entry("--tokenizer_type", "SentencePieceTokenizer"),
            Map.entry("--vocab_file", "/mpt/Megatron-LLM/megatron/weights/tokenizer.model"),
            Map.entry("--use_checkpoint_args", ""), Map.entry("--use_checkpoint_opt_param_scheduler", ""),
            // Megatron-LLM defaults the study relied on (arguments.py)
            Map.entry("--weight_decay", "0.01"), Map.entry("--adam_beta1", "0.9"), Map.entry("--adam_beta2", "0.999"),
            Map.entry("--adam_eps", "1e-8"), Map.entry("--split", "969,30,1"), Map.entry("--eval_iters", "100"),
            Map.entry("--lr_decay_iters", "12500"), Map.entry("--optimizer", "adam"));

    /** LLAMA_ARGS and COMMON_ARGS as 4.conversion_check_megatron.sh and Megatron-LLM's guide define them. */
    private static final Map<String, String> GUIDE = Map.of("--use_rms_norm", "", "--glu_activation", "swiglu",
            "--no_tie_embed_logits", "", "--no_new_tokens", "", "--layernorm_epsilon", "1e-5",
            "--hidden_dropout", "0.0", "--attention_dropout", "0.0");

    private static String paperScript(LaunchScript.Options o) {
        return LaunchScript.generate(Preset.PAPER, MegatronLayout.study(), o);
    }

    @Test
    void carriesEveryStudyFlagAndNothingElse() {
        String script = paperScript(LaunchScript.Options.study());
        Map<String, String> flags = GeneratedScripts.flagsAfter(GeneratedScripts.command(script, "finetune.py"), "finetune.py");
        for (var e : STUDY.entrySet()) {
            assertTrue(flags.containsKey(e.getKey()), "missing " + e.getKey() + " in\n" + script);
            assertSameValue(e.getKey(), e.getValue(), flags.get(e.getKey()));
        }
        for (var e : GUIDE.entrySet()) {
            assertSameValue(e.getKey(), e.getValue(), flags.get(e.getKey()));
        }
        for (String f : flags.keySet()) {
            assertTrue(STUDY.containsKey(f) || GUIDE.containsKey(f) || f.equals("--tensorboard_dir"), "unexpected flag " + f);
        }
        GeneratedScripts.assertKnownFlags("finetune.py", flags);
    }

    @Test
    void launchesLikeTheStudyTorchrun() {
        String script = paperScript(LaunchScript.Options.study());
        List<String> words = GeneratedScripts.command(script, "finetune.py");
        assertEquals(List.of("torchrun", "--nproc_per_node", "4", "--nnodes", "1", "--node_rank", "0", "--master_addr",
                "localhost", "--master_port", "8000", "finetune.py"), words.subList(0, words.indexOf("finetune.py") + 1));
        assertTrue(GeneratedScripts.commands(script).contains(List.of("export", "CUDA_DEVICE_MAX_CONNECTIONS=1")));
    }

    @Test
    void withoutGuideArgsDropoutIsLeftToMegatron() {
        String script = paperScript(LaunchScript.Options.study().withGuideArgs(false));
        Map<String, String> flags = GeneratedScripts.flagsAfter(GeneratedScripts.command(script, "finetune.py"), "finetune.py");
        for (String f : GUIDE.keySet()) {
            assertFalse(flags.containsKey(f), f);
        }
        assertEquals(STUDY.size() + 1, flags.size());
    }

    @Test
    void followsThePresetsValues() {
        Preset p = Preset.PAPER.with(Map.of("steps", 2000, "lr", 3e-5, "checkpoint_every", 250, "seed", 7));
        Map<String, String> flags = GeneratedScripts.flagsAfter(GeneratedScripts.command(
                LaunchScript.generate(p, MegatronLayout.study(), LaunchScript.Options.study()), "finetune.py"), "finetune.py");
        assertEquals("2000", flags.get("--train_iters"));
        assertEquals("2000", flags.get("--lr_decay_iters"));
        assertEquals(3e-5, Double.parseDouble(flags.get("--lr")));
        assertEquals("250", flags.get("--save_interval"));
        assertEquals("7", flags.get("--seed"));
    }

    @Test
    void refusesWhatMegatronCannotBeTold() {
        var l = MegatronLayout.study();
        var o = LaunchScript.Options.study();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchScript.generate(
                Preset.PAPER.with(Map.of("decay_embeddings", false)), l, o)).getMessage().contains("decay_embeddings"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchScript.generate(
                Preset.PAPER.with(Map.of("keep_checkpoints", 3)), l, o)).getMessage().contains("keep_checkpoints"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchScript.generate(
                Preset.PAPER.with(Map.of("eval_batches", 1000)), l, o)).getMessage().contains("eval_iters"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchScript.generate(Preset.PAPER, l,
                new LaunchScript.Options(6, 8000, true, 1e-5))).getMessage().contains("tensor-parallel 4"));
    }

    @Test
    void isValidBash() throws Exception {
        Path f = Files.createTempFile("launch", ".sh");
        try {
            Files.writeString(f, paperScript(LaunchScript.Options.study()));
            Process p = new ProcessBuilder("bash", "-n", f.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static void assertSameValue(String flag, String want, String got) {
        if (want.isEmpty()) {
            assertEquals("", got, flag + " is a switch");
        } else if (want.matches("[-+0-9.e]+") && !want.contains(",")) {
            assertEquals(Double.parseDouble(want), Double.parseDouble(got), 0.0, flag);
        } else {
            assertEquals(want, got, flag);
        }
    }
}
