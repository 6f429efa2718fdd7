package dk.snaklib.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.tokenizer.HfTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokenizing formatted pairs with a Llama-2 style tokenizer.json (test resource /tokenizer/llama2-style). */
class HfExampleTokenizerTest {
    static HfTokenizer llama() throws Exception {
        return HfTokenizer.load(Path.of(HfExampleTokenizerTest.class.getResource("/tokenizer/llama2-style").toURI()));
    }

    @Test
    void bosAsTheTokenizerAddsItAndAnswerTokensByCharacterSpan() throws Exception {
        try (HfTokenizer tok = llama()) {
            FormattedExample f = PromptTemplate.CHAT.format("Hej dig", "Hej æ");
            TokenizedExample t = new HfExampleTokenizer(tok).tokenize(List.of(f)).get(0);
            assertArrayEquals(toInts(tok.encodeWithSpecialTokens(f.text())), t.ids());
            assertEquals(1, t.ids()[0], "BOS first, as the Llama post-processor adds it");
            assertFalse(t.answer()[0]);
            // the answer's tokens decode to the answer; the prompt's do not include any of it
            StringBuilder answerIds = new StringBuilder();
            int first = -1;
            for (int i = 0; i < t.ids().length; i++) {
                if (t.answer()[i]) {
                    first = first < 0 ? i : first;
                    answerIds.append(t.ids()[i]).append(',');
                }
            }
            assertTrue(first > 0);
            int[] answer = java.util.Arrays.copyOfRange(t.ids(), first, t.ids().length);
            assertEquals("Hej æ", tok.decode(answer).strip());
            assertEquals("[INST] Hej dig [/INST]", tok.decode(java.util.Arrays.copyOfRange(t.ids(), 1, first)).strip());
        }
    }

    @Test
    void spansCountCharactersNotBytes() throws Exception {
        try (HfTokenizer tok = llama()) {
            // byte-fallback letters before the answer: byte offsets would push the answer span 9 places right
            FormattedExample f = PromptTemplate.CONCAT.format("æøå æøå \uD83D\uDE00 dig", "Hej dig");
            TokenizedExample t = new HfExampleTokenizer(tok).tokenize(List.of(f)).get(0);
            int first = 0;
            while (!t.answer()[first]) {
                first++;
            }
            assertEquals("Hej dig", tok.decode(java.util.Arrays.copyOfRange(t.ids(), first, t.ids().length)).strip());
            assertFalse(tok.decode(java.util.Arrays.copyOfRange(t.ids(), 0, first), true).contains("Hej"));
        }
    }

    @Test
    void packsRealTokensWithTheStudysMask() throws Exception {
        try (HfTokenizer tok = llama()) {
            var examples = List.of(PromptTemplate.CONCAT.format("Hej dig", "Hej"), PromptTemplate.CONCAT.format("dig", "Hej dig"));
            var packer = new ConstantLengthPacker(PackingConfig.of(4).withShuffle(false, false),
                    new HfExampleTokenizer(tok), tok.requireEosId());
            var chunks = packer.packAll(examples);
            int[] stream = java.util.stream.IntStream.concat(
                    java.util.stream.IntStream.concat(java.util.Arrays.stream(toInts(tok.encodeWithSpecialTokens("Hej dig Hej"))),
                            java.util.stream.IntStream.of(2)),
                    java.util.stream.IntStream.concat(java.util.Arrays.stream(toInts(tok.encodeWithSpecialTokens("dig Hej dig"))),
                            java.util.stream.IntStream.of(2))).toArray();
            assertEquals(stream.length / 4, chunks.size());
            assertArrayEquals(java.util.Arrays.copyOfRange(stream, 0, 4), chunks.get(0).inputIds());
        }
    }

    private static int[] toInts(long[] a) {
        return java.util.Arrays.stream(a).mapToInt(x -> (int) x).toArray();
    }
}
