package dk.snaklib.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dk.snaklib.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {
    static final int VOCAB = 800;
    static BpeModel model;
    @TempDir static Path dir;
    static Path json;

    @BeforeAll
    static void train() {
        model = BpeTrainer.builder().vocabSize(VOCAB).showProgress(false).build().train(List.of(TestText.danishFile()));
        json = model.save(dir);
    }

    @Test
    void layoutIsSpecialsThenBytesThenMerges() {
        assertEquals(VOCAB, model.vocabSize());
        assertEquals(List.of("<s>", "</s>", "<pad>"), model.vocab().subList(0, 3));
        assertEquals("Ġ", model.vocab().get(3 + ' '));
        assertEquals("A", model.vocab().get(3 + 'A'));
        for (BpeModel.Merge m : model.merges()) {
            assertTrue(model.vocab().contains(m.left() + m.right()), m.toString());
        }
        assertTrue(model.merges().size() >= VOCAB - 259);
        assertTrue(model.vocab().contains("Ġog"), "a Danish corpus should learn ' og'");
    }

    @Test
    void djlAgreesWithReferenceEncoderAndRoundTrips() {
        BpeEncoder reference = new BpeEncoder(model);
        List<String> texts = new ArrayList<>(TestText.danishLines());
        texts.addAll(TestText.TRICKY);
        texts.add(String.join("\n", TestText.danishLines())); // one long document
        try (HfTokenizer tok = HfTokenizer.load(json)) {
            for (String text : texts) {
                int[] ours = reference.encode(text);
                int[] djl = tok.encode(text);
                assertArrayEquals(ours, djl, () -> "ids differ for: " + text);
                assertEquals(text, tok.decode(djl), "DJL round trip");
                assertEquals(text, reference.decode(ours), "reference round trip");
            }
        }
    }

    @Test
    void postProcessorAddsBosLikeLlama() throws Exception {
        try (var djl = HuggingFaceTokenizer.newInstance(json, Map.of("truncation", "false"))) {
            long[] ids = djl.encode("Hej med dig").getIds();
            assertEquals(0, ids[0]);
            try (HfTokenizer tok = HfTokenizer.load(dir)) {
                assertArrayEquals(tok.encode("Hej med dig", true), java.util.Arrays.stream(ids).mapToInt(i -> (int) i).toArray());
            }
        }
    }

    @Test
    void sameCorpusGivesByteIdenticalFile() throws Exception {
        BpeModel again = BpeTrainer.builder().vocabSize(VOCAB).showProgress(false).build()
                .train(TestText.danishLines().iterator(), "lines");
        // Same text, other document boundaries: word counts are equal, so the file must be too.
        assertEquals(Files.readString(json), again.toTokenizerJson());
    }

    @Test
    void incrementalCountsMatchNaiveRecounting() {
        List<String> docs = TestText.danishLines().subList(0, 120);
        BpeModel fast = BpeTrainer.builder().vocabSize(600).minFrequency(2).showProgress(false).build()
                .train(docs.iterator(), "sample");
        List<BpeModel.Merge> naive = NaiveBpe.merges(docs, BpeTrainer.DEFAULT_SPECIAL_TOKENS, 600, 2);
        assertEquals(naive, fast.merges());
    }

    @Test
    void emptyCorpusIsAClearError() {
        var e = assertThrows(BadInputException.class, () -> BpeTrainer.builder().showProgress(false).build()
                .train(List.of("", "").iterator(), "empty.txt"));
        assertTrue(e.getMessage().contains("empty.txt") && e.getMessage().contains("no text"), e.getMessage());
    }

    @Test
    void oneLineCorpusSaysHowManyMergesItCouldLearn() throws Exception {
        Path one = dir.resolve("one.txt");
        Files.writeString(one, "Hej med dig, hvordan går det i dag? Det går godt, tak.\n");
        var e = assertThrows(BadInputException.class, () -> BpeTrainer.builder().vocabSize(8000).showProgress(false)
                .build().train(List.of(one)));
        assertEquals(one, e.file());
        assertTrue(e.getMessage().contains("too little text to learn 7741 merges"), e.getMessage());
        assertTrue(e.getMessage().contains("allow only"), e.getMessage());
    }

    @Test
    void vocabBelowTheByteAlphabetIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> BpeTrainer.builder().vocabSize(200).build());
    }
}
