package dk.snaklib.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.model.HfModel;
import dk.snaklib.tokenizer.BpeModel;
import dk.snaklib.tokenizer.BpeTrainer;
import dk.snaklib.tune.PeftAdapterFiles;
import dk.snaklib.tune.TuneFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real `snak tune` on a slice of the bundled set: a PEFT adapter that loads and that `snak score --adapter` uses. */
class TuneCliTest {
    @TempDir
    Path work;

    private static List<String> tuneArgs(Path base, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("tune", "--base", base.toString(), "--preset", "tiny",
                "--out", out.toString(), "--steps", "4", "--max-pairs", "100", "--held-out-pairs", "20", "--seq-len", "64"));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void tuneWritesAPeftAdapterThatLoadsAndThatScoreUses() throws Exception {
        Path base = TuneFixtures.base();
        Path out = work.resolve("sft");
        String said = PretrainCliTest.stdout(tuneArgs(base, out, "--template", "chat").toArray(String[]::new));
        assertTrue(said.contains("4 steps, held-out answer loss"), said);
        Path adapter = out.resolve("adapter");
        JsonNode config = new ObjectMapper().readTree(adapter.resolve("adapter_config.json").toFile());
        assertEquals("LORA", config.path("peft_type").asText());
        assertEquals(8, config.path("r").asInt());
        assertEquals(base.toAbsolutePath().normalize().toString(), config.path("base_model_name_or_path").asText());
        try (HfModel m = HfModel.open(base)) {
            var loaded = PeftAdapterFiles.load(adapter, m.model());
            assertEquals(15, loaded.adapter().modules().size());
        }
        assertTrue(Files.isRegularFile(out.resolve("merged/model.safetensors")));

        String text = "Hvad hedder det danske ord \"hund\" på engelsk?";
        JsonNode plain = new ObjectMapper().readTree(PretrainCliTest.stdout("score", "--model", base.toString(), "--text", text, "--json"));
        JsonNode adapted = new ObjectMapper().readTree(PretrainCliTest.stdout("score", "--model", base.toString(),
                "--adapter", adapter.toString(), "--text", text, "--json"));
        JsonNode merged = new ObjectMapper().readTree(PretrainCliTest.stdout("score", "--model", out.resolve("merged").toString(),
                "--text", text, "--json"));
        assertEquals(plain.get("ids"), adapted.get("ids"));
        assertNotEquals(plain.get("nll").asDouble(), adapted.get("nll").asDouble(), "the adapter changes the scores");
        assertEquals(merged.get("nll").asDouble(), adapted.get("nll").asDouble(), 1e-4, "merged = base + adapter");
    }

    @Test
    void badInputIsOneClearLineNamingWhatIsWrong() throws Exception {
        Path base = TuneFixtures.base();
        says(error(tuneArgs(base, work.resolve("a"), "--template", "Spørgsmål: {inputs}")), "has no {targets} slot");
        says(error(tuneArgs(base, work.resolve("b"), "--r", "0")), "LoRA rank r must be > 0, got 0");
        says(error(tuneArgs(base, work.resolve("c"), "--alpha", "-1")), "lora_alpha must be a finite number > 0");
        says(error(tuneArgs(base, work.resolve("d"), "--targets", "q_proj,qkv_proj")), "qkv_proj", "gate_proj");
        says(error(tuneArgs(base, work.resolve("e"), "--loss-mask", "x")), "unknown loss_mask \"x\"", "answer-only");

        Path empty = work.resolve("empty.jsonl");
        Files.writeString(empty, "{\"inputs\": \"Hvad er 2+2?\", \"targets\": \"\"}\n{\"inputs\": \"Hej\"}\n");
        says(error(tuneArgs(base, work.resolve("f"), "--pairs", empty.toString())), empty.toString(),
                "no usable training instruction pairs", "2 rows were bad", "empty answer");

        // a base whose tokenizer has neither BOS nor EOS
        Path noSpecials = Files.createDirectories(work.resolve("no-specials"));
        for (String f : List.of("config.json", "model.safetensors")) {
            Files.copy(base.resolve(f), noSpecials.resolve(f));
        }
        BpeModel bpe = BpeTrainer.builder().vocabSize(258).specialTokens(List.of("<pad>")).showProgress(false).build()
                .train(List.of("hund kat hest ko gris").iterator(), "no-specials");
        Path tok = bpe.save(work.resolve("tok"));
        Files.copy(Files.isDirectory(tok) ? tok.resolve("tokenizer.json") : tok, noSpecials.resolve("tokenizer.json"));
        says(error(tuneArgs(noSpecials, work.resolve("g"))), noSpecials.resolve("tokenizer.json").toString(),
                "the tokenizer has no BOS and EOS tokens");
    }

    private static void says(String said, String... parts) {
        for (String p : parts) {
            assertTrue(said.contains(p), "expected \"" + p + "\" in: " + said);
        }
    }

    /** Runs `snak ARGS`, expects exit code 2, returns what it said on stderr. */
    private static String error(List<String> args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SnakCli.run(args.toArray(String[]::new));
        } finally {
            System.setErr(old);
        }
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, said);
        return said;
    }
}
