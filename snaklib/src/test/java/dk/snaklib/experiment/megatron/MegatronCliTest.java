package dk.snaklib.experiment.megatron;

import dk.snaklib.cli.SnakCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MegatronCliTest {
    @TempDir Path tmp;

    /** Runs snak with stdout and stderr captured: {exit, out, err}. */
    private static String[] snak(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SnakCli.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void planWritesScriptsAndImportLaysOutTheRun() throws Exception {
        Path hf = Llama2Folders.llama2(tmp.resolve("Llama-2-7b-hf"));
        Llama2Folders.sentencePiece(hf.resolve("tokenizer.model"), 32000);
        Llama2Folders.tokenizerJson(hf.resolve("tokenizer.json"), 32000);
        Path corpus = Files.writeString(tmp.resolve("da.parquet"), "named only");
        String[] r = snak("megatron", "plan", hf.toString(), "--corpus", corpus.toString(), "--write", tmp.resolve("s").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("config.json matches Llama-2-7B") && r[1].contains("wrote " + tmp.resolve("s/4-launch.sh")), r[1]);
        assertEquals(Files.readString(tmp.resolve("s/4-launch.sh")), snak("megatron", "launch-script")[1]);

        Path small = tmp.resolve("exports/checkpoint_500");
        Llama2Folders.folder(small, Llama2Folders.CONFIG_7B, Map.of("hidden_size", 16, "intermediate_size", 32,
                "num_hidden_layers", 1, "num_attention_heads", 2, "num_key_value_heads", 2, "vocab_size", 64));
        Llama2Folders.tokenizerJson(small.resolve("tokenizer.json"), 64);
        String[] imp = snak("megatron", "import", tmp.resolve("exports").toString(), "--run", tmp.resolve("run").toString());
        assertEquals("0", imp[0], imp[2]);
        assertTrue(Files.isSymbolicLink(tmp.resolve("run/checkpoints/step-00000500")), imp[1]);
    }

    @Test
    void aFolderThatIsNotLlama2IsOneLineNamingTheDifference() throws Exception {
        Path hf = Llama2Folders.folder(tmp.resolve("x"), Llama2Folders.CONFIG_7B, Map.of("vocab_size", 32016));
        String[] r = snak("megatron", "plan", hf.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("snak: error: ") && r[2].contains("vocab_size is 32016, Llama-2-7B has 32000")
                && r[2].strip().lines().count() == 1, r[2]);
    }

    @Test
    void anIncompletePlanExitsOne() throws Exception {
        Path hf = Llama2Folders.llama2(tmp.resolve("hf"));
        String[] r = snak("megatron", "plan", hf.toString());
        assertEquals("1", r[0], r[2]);
        assertTrue(r[1].contains("MISSING     Llama-2's tokenizer.model") && r[1].contains("MISSING     the corpus"), r[1]);
    }
}
