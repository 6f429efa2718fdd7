package dk.snaklib.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Packing against golden/packing/packing.json, written by make_packing_golden.py from TRL's documented behaviour. */
class ConstantLengthPackerGoldenTest {
    static JsonNode golden() throws Exception {
        try (InputStream in = ConstantLengthPackerGoldenTest.class.getResourceAsStream("/golden/packing/packing.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyCaseMatchesThePythonReferenceChunkForChunk() throws Exception {
        JsonNode g = golden();
        int eos = g.get("eos").asInt();
        List<FormattedExample> examples = new ArrayList<>();
        Map<FormattedExample, TokenizedExample> tokens = new IdentityHashMap<>();
        for (JsonNode e : g.get("examples")) {
            FormattedExample f = new FormattedExample(e.get("text").asText(), 0, 0);
            int[] ids = ints(e.get("ids"));
            boolean[] answer = new boolean[ids.length];
            for (int i = 0; i < ids.length; i++) {
                answer[i] = e.get("answer").get(i).asBoolean();
            }
            examples.add(f);
            tokens.put(f, new TokenizedExample(ids, answer));
        }
        ExampleTokenizer lookup = batch -> batch.stream().map(tokens::get).toList();
        for (JsonNode c : g.get("cases")) {
            PackingConfig config = new PackingConfig(c.get("seq_length").asInt(), c.get("num_of_sequences").asInt(),
                    c.get("chars_per_token").asDouble(), c.get("shuffle").asBoolean(), c.get("shuffle_texts").asBoolean(),
                    c.get("seed").asLong(), LossMask.valueOf(c.get("mask").asText()));
            ConstantLengthPacker packer = new ConstantLengthPacker(config, lookup, eos);
            List<PackedChunk> chunks = packer.packAll(examples);
            String name = c.get("name").asText();
            assertEquals(c.get("chunks").size(), chunks.size(), name + ": chunk count");
            for (int i = 0; i < chunks.size(); i++) {
                JsonNode want = c.get("chunks").get(i);
                assertArrayEquals(ints(want.get("input_ids")), chunks.get(i).inputIds(), name + " chunk " + i + " input_ids");
                assertArrayEquals(ints(want.get("labels")), chunks.get(i).labels(), name + " chunk " + i + " labels");
            }
            var stats = packer.stats();
            assertEquals(examples.size(), stats.examples(), name);
            assertEquals(stats.tokens(), stats.chunks() * config.seqLength() + stats.droppedTokens(), name);
        }
    }

    @Test
    void theStudysMaskHidesEveryEosAndKeepsBos() throws Exception {
        PackingConfig config = PackingConfig.of(4).withShuffle(false, false);
        ExampleTokenizer t = batch -> batch.stream().map(f -> TokenizedExample.of(1, 5, 6)).toList();
        var chunks = new ConstantLengthPacker(config, t, 2).packAll(List.of(new FormattedExample("a", 0, 0),
                new FormattedExample("b", 0, 0), new FormattedExample("c", 0, 0)));
        // stream 1 5 6 2 | 1 5 6 2 | 1 5 6 2 : three full chunks, nothing dropped
        assertEquals(3, chunks.size());
        assertArrayEquals(new int[] {1, 5, 6, 2}, chunks.get(0).inputIds());
        assertArrayEquals(new int[] {1, 5, 6, -100}, chunks.get(0).labels());
        assertArrayEquals(new int[] {5, 6, -100, -100}, chunks.get(0).nextTokenTargets());
        assertEquals(3, chunks.get(0).lossTokens());
    }

    @Test
    void eachBuffersRemainderIsDroppedNotCarriedOver() {
        // A buffer closes once it holds >= 4 * 1.0 * 1 = 4 chars: {"abc", "d"} and {"efg", "h"}. Each gives
        // 1 7 2 1 7 2: one chunk of 4, two tokens dropped. Carried over, the 12 tokens would have made 3 chunks.
        PackingConfig config = PackingConfig.of(4).withBuffer(1, 1.0).withShuffle(false, false);
        ExampleTokenizer t = batch -> batch.stream().map(f -> TokenizedExample.of(1, 7)).toList();
        var packer = new ConstantLengthPacker(config, t, 2);
        var chunks = packer.packAll(List.of(new FormattedExample("abc", 0, 0), new FormattedExample("d", 0, 0),
                new FormattedExample("efg", 0, 0), new FormattedExample("h", 0, 0)));
        assertEquals(2, chunks.size());
        for (PackedChunk c : chunks) {
            assertArrayEquals(new int[] {1, 7, 2, 1}, c.inputIds());
        }
        assertEquals(new ConstantLengthPacker.Stats(4, 2, 12, 2, 4), packer.stats());
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}
