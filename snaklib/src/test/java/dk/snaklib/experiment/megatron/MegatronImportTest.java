package dk.snaklib.experiment.megatron;

import ai.djl.ndarray.NDManager;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaTensorNames;
import dk.snaklib.train.CheckpointStore;
import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MegatronImportTest {
    @TempDir Path tmp;

    /** A small Llama folder as megatron_to_hf.py lays one out: config.json, model.safetensors, tokenizer.json. */
    private Path hf(Path dir, Map<String, Object> changes) throws Exception {
        Map<String, Object> small = new java.util.HashMap<>(Map.of("hidden_size", 16, "intermediate_size", 32,
                "num_hidden_layers", 2, "num_attention_heads", 2, "num_key_value_heads", 2, "vocab_size", 64));
        small.putAll(changes);
        Llama2Folders.folder(dir, Llama2Folders.CONFIG_7B, small);
        Llama2Folders.tokenizerJson(dir.resolve("tokenizer.json"), 64);
        return dir;
    }

    @Test
    void ordersByIterationAndLaysOutARunTheNotebooksRead() throws Exception {
        Path exports = tmp.resolve("hf_model_exports");
        for (int it : new int[] {1500, 500, 1000}) {
            hf(exports.resolve("checkpoint_" + it), Map.of());
        }
        Path base = hf(tmp.resolve("Llama-2-7b-hf"), Map.of());
        List<MegatronImport.Checkpoint> found = MegatronImport.scan(List.of(exports.toString()), base);
        assertEquals(List.of(0L, 500L, 1000L, 1500L), found.stream().map(MegatronImport.Checkpoint::iteration).toList());
        assertEquals(base, found.getFirst().dir());

        Path run = tmp.resolve("runs/paper-megatron");
        List<Path> links = MegatronImport.link(found, run);
        List<Path> listed = new CheckpointStore(run, new PrintStream(OutputStream.nullOutputStream())).list();
        assertEquals(links, listed);
        assertEquals("step-00001000", listed.get(2).getFileName().toString());
        try (NDManager nd = NDManager.newBaseManager("PyTorch"); HfCheckpoint c = HfCheckpoint.load(listed.get(3), nd)) {
            assertEquals(16, c.config().hiddenSize());
            assertEquals(64, c.weights().get(LlamaTensorNames.EMBED).getShape().get(0));
        }
        assertTrue(Files.readString(run.resolve(MegatronImport.MANIFEST)).contains("checkpoint_1500"));

        // Again: nothing changes. Another folder under a taken name: refused.
        assertEquals(links, MegatronImport.link(MegatronImport.scan(List.of(exports.toString()), base), run));
        Path other = hf(tmp.resolve("elsewhere/checkpoint_500"), Map.of());
        BadInputException e = assertThrows(BadInputException.class,
                () -> MegatronImport.link(MegatronImport.scan(List.of(other.toString()), null), run));
        assertTrue(e.getMessage().contains("is not a link to"), e.getMessage());
    }

    @Test
    void acceptsExplicitIterationsAndMegatronNames() throws Exception {
        Path a = hf(tmp.resolve("iter_0002000"), Map.of());
        Path b = hf(tmp.resolve("final"), Map.of());
        List<MegatronImport.Checkpoint> found = MegatronImport.scan(List.of(a.toString(), "12500=" + b), null);
        assertEquals(List.of(2000L, 12500L), found.stream().map(MegatronImport.Checkpoint::iteration).toList());
        String m = assertThrows(BadInputException.class, () -> MegatronImport.scan(List.of(b.toString()), null)).getMessage();
        assertTrue(m.contains("checkpoint_N") && m.contains("N="), m);
    }

    @Test
    void refusesAPaddedVocabularyAndNamesTheFix() throws Exception {
        Path base = hf(tmp.resolve("base"), Map.of());
        Path padded = hf(tmp.resolve("checkpoint_500"), Map.of("vocab_size", 128));
        String m = assertThrows(BadInputException.class, () -> MegatronImport.scan(List.of(padded.toString()), base)).getMessage();
        assertTrue(m.contains("vocab_size 128 vs 64") && m.contains("--true_vocab_size 32000"), m);
    }

    @Test
    void refusesFoldersTheNotebooksCouldNotUse() throws Exception {
        Path noTok = hf(tmp.resolve("checkpoint_500"), Map.of());
        Files.delete(noTok.resolve("tokenizer.json"));
        assertTrue(assertThrows(BadInputException.class, () -> MegatronImport.scan(List.of(noTok.toString()), null))
                .getMessage().contains("no tokenizer.json"));

        Path bin = tmp.resolve("checkpoint_1000");
        hf(bin, Map.of());
        Files.delete(bin.resolve("model.safetensors"));
        Files.writeString(bin.resolve("pytorch_model.bin"), "x");
        assertTrue(assertThrows(BadInputException.class, () -> MegatronImport.scan(List.of(bin.toString()), null))
                .getMessage().contains("pytorch_model.bin"));

        Path twice = hf(tmp.resolve("x/checkpoint_700"), Map.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MegatronImport.scan(List.of(twice.toString(),
                "700=" + twice), null)).getMessage().contains("iteration 700 twice"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(BadInputException.class, () -> MegatronImport.scan(List.of(empty.toString()), null))
                .getMessage().contains("neither a Hugging Face folder"));
    }
}
