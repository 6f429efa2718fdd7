package dk.snaklib.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerTest {
    @TempDir static Path tmp;
    static Path json;

    @BeforeAll
    static void train() {
        json = BpeTrainer.builder().vocabSize(400).showProgress(false).build()
                .train(List.of(TestText.danishFile())).save(tmp.resolve("tok"));
    }

    @Test
    void looksUpTokensIdsAndSpecials() {
        try (HfTokenizer tok = HfTokenizer.load(json.getParent())) {
            assertEquals(400, tok.vocabSize());
            assertEquals(OptionalInt.of(0), tok.bosId());
            assertEquals(OptionalInt.of(1), tok.eosId());
            assertEquals(List.of("<s>", "</s>", "<pad>"), tok.specialTokens());
            assertEquals(OptionalInt.of(2), tok.tokenToId("<pad>"));
            assertEquals("Ġ", tok.idToToken(3 + ' ').orElseThrow());
            assertFalse(tok.tokenToId("ikke-et-token").isPresent());
            assertFalse(tok.idToToken(400).isPresent());
            assertEquals(64, tok.sha256().length());
        }
    }

    @Test
    void encodesWithoutSpecialsUnlessAskedForBos() {
        try (HfTokenizer tok = HfTokenizer.load(json)) {
            int[] plain = tok.encode("Hej verden");
            int[] withBos = tok.encode("Hej verden", true);
            assertEquals(plain.length + 1, withBos.length);
            assertEquals(0, withBos[0]);
            assertArrayEquals(plain, java.util.Arrays.copyOfRange(withBos, 1, withBos.length));
            assertEquals("<s>Hej verden", tok.decode(withBos));
            assertEquals("Hej verden", tok.decode(withBos, true));
            assertArrayEquals(new int[][] {plain, tok.encode("æ")}, tok.encodeAll(List.of("Hej verden", "æ")));
            long[] longs = tok.encodeLongs("Hej verden");
            assertEquals("Hej verden", tok.decode(longs));
        }
    }

    @Test
    void readsLlama2StyleTokenizers() throws Exception {
        Path dir = Path.of(HfTokenizerTest.class.getResource("/tokenizer/llama2-style").toURI());
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            assertEquals(OptionalInt.of(1), tok.bosId());
            assertEquals(OptionalInt.of(2), tok.eosId());
            assertEquals(272, tok.vocabSize());
            int hej = tok.tokenToId("▁Hej").orElseThrow();
            int dig = tok.tokenToId("▁dig").orElseThrow();
            // The file's post-processor would add <s>; encode() must not.
            assertArrayEquals(new int[] {hej, dig}, tok.encode("Hej dig"));
            assertArrayEquals(new int[] {1, hej, dig}, tok.encode("Hej dig", true));
            // æ is not in the vocabulary: byte fallback gives its two UTF-8 bytes, and decoding restores it.
            int[] ids = tok.encode("Hej æ");
            assertArrayEquals(new int[] {hej, tok.tokenToId("▁").orElseThrow(), 3 + 0xC3, 3 + 0xA6}, ids);
            assertEquals("Hej æ", tok.decode(ids));
        }
    }

    @Test
    void gpt2StyleEndOfTextServesAsBosAndEos() {
        Path file = BpeTrainer.builder().vocabSize(300).specialTokens(List.of("<|endoftext|>")).showProgress(false)
                .build().train(List.of(TestText.danishFile())).save(tmp.resolve("gpt2/tokenizer.json"));
        try (HfTokenizer tok = HfTokenizer.load(file)) {
            assertEquals(OptionalInt.of(0), tok.bosId());
            assertEquals(OptionalInt.of(0), tok.eosId());
        }
    }

    @Test
    void tokenizerConfigNamesTheEosToken() throws Exception {
        Path dir = tmp.resolve("cfg");
        Files.createDirectories(dir);
        Files.copy(json, dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": {\"content\": \"<pad>\"}, \"bos_token\": \"</s>\"}");
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            assertEquals(2, tok.requireEosId());
            assertEquals(OptionalInt.of(1), tok.bosId());
        }
    }

    @Test
    void aFileDjlRejectsGivesFileAndReason() throws Exception {
        Path bad = tmp.resolve("bad.json");
        String text = Files.readString(json).replaceFirst("\"merges\": \\[", "\"merges\": [\n      \"finnes ikke\",");
        Files.writeString(bad, text);
        var e = assertThrows(BadInputException.class, () -> HfTokenizer.load(bad));
        assertEquals(bad, e.file());
        assertTrue(e.getMessage().startsWith(bad + ": DJL tokenizers cannot load it: "), e.getMessage());
        assertTrue(e.getMessage().length() > (bad + ": DJL tokenizers cannot load it: ").length() + 5, "DJL's reason");
    }

    @Test
    void brokenJsonAndMissingFilesAreClear() throws Exception {
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"model\": {\"vocab\": {\"a\": 0}\n");
        var e = assertThrows(BadInputException.class, () -> HfTokenizer.load(broken));
        assertTrue(e.getMessage().contains("not valid JSON at line"), e.getMessage());

        Path notTok = tmp.resolve("other.json");
        Files.writeString(notTok, "{\"hello\": 1}");
        e = assertThrows(BadInputException.class, () -> HfTokenizer.load(notTok));
        assertTrue(e.getMessage().contains("no model.vocab"), e.getMessage());

        Path missing = tmp.resolve("nowhere");
        e = assertThrows(BadInputException.class, () -> HfTokenizer.load(missing));
        assertEquals(missing, e.file());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }
}
