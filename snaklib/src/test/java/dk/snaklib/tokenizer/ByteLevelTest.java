package dk.snaklib.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteLevelTest {
    @TempDir Path tmp;

    @Test
    void alphabetIsGpt2s() {
        assertEquals('Ġ', ByteLevel.charOf(' '));
        assertEquals('Ċ', ByteLevel.charOf('\n'));
        assertEquals('!', ByteLevel.charOf('!'));
        assertEquals('Ã', ByteLevel.charOf(0xC3));
        for (int b = 0; b < 256; b++) {
            assertEquals(b, ByteLevel.byteOf(ByteLevel.charOf(b)));
        }
        assertEquals("HejĠÃ¦", ByteLevel.encode("Hej æ"));
        assertArrayEquals("Hej æ".getBytes(StandardCharsets.UTF_8), ByteLevel.decode("HejĠÃ¦"));
    }

    /**
     * Our Java regex must split exactly where the Rust tokenizers' regex does. With no merges every byte is a
     * token, and DJL's word ids show the pre-tokens; white space next to punctuation is where engines differ.
     */
    @Test
    void splitsWhereHuggingFaceSplits() throws Exception {
        List<String> vocab = new ArrayList<>(List.of("<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            vocab.add(String.valueOf(ByteLevel.charOf(b)));
        }
        Path file = new BpeModel(List.of("<s>", "</s>"), vocab, List.of()).save(tmp);
        List<String> texts = new ArrayList<>(TestText.TRICKY);
        texts.addAll(TestText.danishLines().subList(0, 50));
        for (String ws : List.of(" ", "\t", "\n", "\r", "\u000B", "\u000C", "\u001C", "\u0085", "\u00A0", "\u1680",
                "\u2000", "\u2009", "\u200B", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000", "\uFEFF")) {
            texts.add("a!" + ws + "?b" + ws + ws + "c." + ws + ws + " d" + ws);
        }
        try (var djl = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false", "truncation", "false"))) {
            for (String text : texts) {
                if (text.contains("<s>") || text.contains("</s>")) {
                    continue;
                }
                assertEquals(wordByteLengths(ByteLevel.split(text)), djlWordByteLengths(djl.encode(text)),
                        () -> "split differs for: " + text.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList());
            }
        }
    }

    static List<Integer> wordByteLengths(List<String> words) {
        return words.stream().map(w -> w.getBytes(StandardCharsets.UTF_8).length).toList();
    }

    static List<Integer> djlWordByteLengths(Encoding enc) {
        List<Integer> lengths = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (long w : enc.getWordIds()) {
            if (w != last) {
                lengths.add(0);
                last = w;
            }
            lengths.set(lengths.size() - 1, lengths.get(lengths.size() - 1) + 1);
        }
        return lengths;
    }
}
