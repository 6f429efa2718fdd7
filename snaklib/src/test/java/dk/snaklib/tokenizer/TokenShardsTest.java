package dk.snaklib.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenShardsTest {
    static final int SEQ = 32;
    @TempDir static Path tmp;
    static HfTokenizer tok;
    static List<String> docs;

    @BeforeAll
    static void tokenizer() throws Exception {
        BpeModel bpe = BpeTrainer.builder().vocabSize(500).showProgress(false).build().train(List.of(TestText.danishFile()));
        tok = HfTokenizer.load(bpe.save(tmp.resolve("tok")));
        try (Stream<String> s = TextDocuments.stream(TestText.danishFile())) {
            docs = s.toList();
        }
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    /** The packing rule written out independently: all documents + EOS, cut into seq_len + 1 pieces. */
    static List<int[]> expectedSequences() {
        List<Integer> stream = new ArrayList<>();
        for (String d : docs) {
            for (int id : tok.encode(d)) {
                stream.add(id);
            }
            stream.add(1); // </s>
        }
        List<int[]> seqs = new ArrayList<>();
        for (int i = 0; i + SEQ + 1 <= stream.size(); i += SEQ + 1) {
            seqs.add(stream.subList(i, i + SEQ + 1).stream().mapToInt(Integer::intValue).toArray());
        }
        return seqs;
    }

    @Test
    void packsShufflesAndSplitsByWholeSequences() {
        Path dir = tmp.resolve("shards");
        ShardMeta meta = TokenShards.writer(tok).seqLen(SEQ).valFraction(0.1).seed(7).showProgress(false)
                .write(List.of(TestText.danishFile()), dir);
        List<int[]> expected = expectedSequences();
        TokenShards shards = TokenShards.open(dir);
        assertEquals(meta, shards.meta());
        assertEquals("uint16", meta.dtype());
        assertEquals(expected.size(), shards.train().size() + shards.val().size());
        assertEquals(Math.round(0.1 * expected.size()), shards.val().size());
        assertEquals(docs.size(), meta.documents());
        assertEquals(expected.size() * (SEQ + 1L) + meta.droppedTokens(), meta.totalTokens());
        assertEquals(tok.sha256(), meta.tokenizerSha256());
        assertEquals(1, meta.eosId());

        int[] order = TokenShardWriter.shuffled(expected.size(), 7);
        int[] row = new int[SEQ + 1];
        long val = shards.val().size();
        for (int k = 0; k < expected.size(); k++) {
            var split = k < val ? shards.val() : shards.train();
            split.read(k < val ? k : k - val, row);
            assertArrayEquals(expected.get(order[k]), row, "sequence " + k);
        }
    }

    @Test
    void batchesWrapAroundSoAPositionIsOneLong() {
        Path dir = tmp.resolve("wrap");
        TokenShards.writer(tok).seqLen(SEQ).showProgress(false).write(docs.iterator(), "danish", dir);
        var train = TokenShards.open(dir).train();
        long n = train.size();
        long[] batch = train.batch(n - 1, 3);
        assertEquals(3 * (SEQ + 1), batch.length);
        assertArrayEquals(row(train, n - 1), Arrays.copyOfRange(batch, 0, SEQ + 1));
        assertArrayEquals(row(train, 0), Arrays.copyOfRange(batch, SEQ + 1, 2 * (SEQ + 1)));
        assertArrayEquals(row(train, 1), Arrays.copyOfRange(batch, 2 * (SEQ + 1), 3 * (SEQ + 1)));
        assertArrayEquals(train.batch(5 + 7 * n, 2), train.batch(5, 2));
    }

    static long[] row(TokenShards.Split split, long index) {
        int[] r = new int[split.seqLen() + 1];
        split.read(index, r);
        return Arrays.stream(r).asLongStream().toArray();
    }

    @Test
    void sameInputGivesSameBytesAndReplacesAtomically() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TokenShards.writer(tok).seqLen(SEQ).seed(3).showProgress(false).write(docs.iterator(), "danish", a);
        TokenShards.writer(tok).seqLen(SEQ).seed(3).showProgress(false).write(docs.iterator(), "danish", b);
        assertArrayEquals(Files.readAllBytes(a.resolve("train.bin")), Files.readAllBytes(b.resolve("train.bin")));
        assertArrayEquals(Files.readAllBytes(a.resolve("val.bin")), Files.readAllBytes(b.resolve("val.bin")));
        // Writing over an existing directory replaces it and leaves no temporary directories behind.
        TokenShards.writer(tok).seqLen(SEQ * 2).seed(4).showProgress(false).write(docs.iterator(), "danish", a);
        assertEquals(SEQ * 2, TokenShards.open(a).train().seqLen());
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(".")));
        }
    }

    @Test
    void corpusTooSmallForOneSequenceSaysWhatIsNeeded() {
        var e = assertThrows(BadInputException.class, () -> TokenShards.writer(tok).seqLen(256).showProgress(false)
                .write(List.of("Hej med dig.").iterator(), "hej", tmp.resolve("small")));
        assertTrue(e.getMessage().contains("corpus hej") && e.getMessage().contains("seq_len + 1 = 257"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*give \\d+ tokens.*"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("small")));
    }

    @Test
    void valGetsAtLeastOneSequenceButNeverTheOnlyOne() {
        String text = docs.get(0);
        int tokens = tok.encode(text).length + 1; // with EOS
        Path dir = tmp.resolve("one");
        // Exactly one sequence: it must go to train, and val stays empty.
        ShardMeta one = TokenShards.writer(tok).seqLen(tokens - 1).valSequences(5).showProgress(false)
                .write(List.of(text).iterator(), "one", dir);
        assertEquals(1, one.trainSequences());
        assertEquals(0, one.valSequences());
        assertThrows(IllegalStateException.class, () -> TokenShards.open(dir).val().batch(0, 1));
        // Three sequences and a tiny fraction: still one validation sequence.
        ShardMeta three = TokenShards.writer(tok).seqLen(tokens - 1).valFraction(0.01).showProgress(false)
                .write(List.of(text, text, text).iterator(), "three", dir);
        assertEquals(2, three.trainSequences());
        assertEquals(1, three.valSequences());
    }

    @Test
    void metaInconsistentWithFilesNamesTheFile() throws Exception {
        Path dir = tmp.resolve("broken");
        TokenShards.writer(tok).seqLen(SEQ).showProgress(false).write(docs.iterator(), "danish", dir);
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve("train.bin"), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 2);
        }
        var e = assertThrows(BadInputException.class, () -> TokenShards.open(dir));
        assertEquals(dir.resolve("train.bin"), e.file());
        assertTrue(e.getMessage().contains("meta.json says"), e.getMessage());

        Files.delete(dir.resolve("meta.json"));
        e = assertThrows(BadInputException.class, () -> TokenShards.open(dir));
        assertEquals(dir.resolve("meta.json"), e.file());

        Files.writeString(dir.resolve("meta.json"), "{\"format\": \"snaklab-token-shards\", \"dtype\": \"int8\"}");
        e = assertThrows(BadInputException.class, () -> TokenShards.open(dir));
        assertTrue(e.getMessage().contains("dtype"), e.getMessage());
    }

    @Test
    void largeVocabularyIsStoredAsUint32() throws Exception {
        List<String> vocab = new ArrayList<>(List.of("<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            vocab.add(String.valueOf(ByteLevel.charOf(b)));
        }
        for (int i = 0; vocab.size() <= 70_000; i++) {
            vocab.add("tok" + i); // unreachable fillers: only the size matters here
        }
        Path file = new BpeModel(List.of("<s>", "</s>"), vocab, List.of()).save(tmp.resolve("big"));
        try (HfTokenizer big = HfTokenizer.load(file)) {
            assertEquals(70_001, big.vocabSize());
            Path dir = tmp.resolve("big-shards");
            ShardMeta meta = TokenShards.writer(big).seqLen(SEQ).showProgress(false).write(docs.iterator(), "danish", dir);
            assertEquals("uint32", meta.dtype());
            var train = TokenShards.open(dir).train();
            assertEquals(Files.size(dir.resolve("train.bin")), train.size() * (SEQ + 1) * 4);
            int[] r = new int[SEQ + 1];
            train.read(0, r);
            assertTrue(Arrays.stream(r).allMatch(t -> t >= 0 && t < 258));
        }
    }

    @Test
    void metaCountsTokensPerSourceFileAndHonoursBudgets() throws Exception {
        Path a = java.nio.file.Files.copy(TestText.danishFile(), tmp.resolve("alpha.txt"));
        Path beta = tmp.resolve("beta.txt");
        java.nio.file.Files.writeString(beta, String.join("\n\n", docs.subList(0, 5)) + "\n");
        long alphaTokens = docs.stream().mapToLong(d -> tok.encode(d).length + 1).sum();
        long betaTokens = docs.subList(0, 5).stream().mapToLong(d -> tok.encode(d).length + 1).sum();
        ShardMeta meta = TokenShards.writer(tok).seqLen(SEQ).showProgress(false).write(List.of(a, beta), tmp.resolve("two"));
        assertEquals(java.util.Set.of("alpha", "beta"), meta.sources().keySet());
        assertEquals(alphaTokens, meta.sources().get("alpha").tokens());
        assertEquals(betaTokens, meta.sources().get("beta").tokens());
        assertEquals(5, meta.sources().get("beta").documents());
        assertEquals(meta.totalTokens(), alphaTokens + betaTokens);
        assertEquals((double) betaTokens / meta.totalTokens(), meta.sources().get("beta").share(), 1e-12);
        assertEquals(meta, TokenShards.open(tmp.resolve("two")).meta(), "meta.json reads back the same");

        ShardMeta capped = TokenShards.writer(tok).seqLen(SEQ).showProgress(false).tokenBudgets(java.util.Map.of("alpha", 200L))
                .write(List.of(a, beta), tmp.resolve("capped"));
        ShardMeta.SourceTokens alpha = capped.sources().get("alpha");
        long kept = 0;
        int n = 0;
        while (kept < 200) {
            kept += tok.encode(docs.get(n++)).length + 1; // the budget rule: documents until the budget is reached
        }
        assertEquals(kept, alpha.tokens());
        assertEquals(n, alpha.documents());
        assertEquals(docs.size() - n, alpha.skippedDocuments());
        assertEquals(betaTokens, capped.sources().get("beta").tokens());
    }
}
