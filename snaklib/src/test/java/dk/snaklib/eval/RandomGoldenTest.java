package dk.snaklib.eval;

import dk.snaklib.util.PythonRandom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** numpy default_rng and CPython random draws against golden/eval/random.json (make_random_golden.py). */
class RandomGoldenTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = RandomGoldenTest.class.getResourceAsStream("/golden/eval/random.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void scandevalDocumentedVectors() {
        assertArrayEquals(new int[] {972, 1602, 1752, 1375, 211}, head(new NumpyRandom(4242).bootstrapIndices(10, 2048)[0]));
        assertArrayEquals(new int[] {486, 801, 876, 687, 105}, head(new NumpyRandom(4242).bootstrapIndices(10, 1024)[0]));
        assertArrayEquals(new int[] {243, 400, 438, 343, 52}, head(new NumpyRandom(4242).bootstrapIndices(10, 512)[0]));
        assertArrayEquals(new int[] {121, 200, 219, 171, 26}, head(new NumpyRandom(4242).bootstrapIndices(10, 256)[0]));
        assertArrayEquals(new int[] {73, 963, 836, 683, 494}, head(new NumpyRandom(4242).permutation(1024)));
    }

    private static int[] head(int[] a) {
        return java.util.Arrays.copyOf(a, 5);
    }

    @Test
    void rawPcg64Outputs() {
        for (Map.Entry<String, JsonNode> e : golden.get("uint64").properties()) {
            NumpyRandom rng = new NumpyRandom(Long.parseLong(e.getKey()));
            for (JsonNode v : e.getValue()) {
                assertEquals(v.asText(), Long.toUnsignedString(rng.nextUint64()), "seed " + e.getKey());
            }
        }
    }

    @Test
    void integersMatchNumpy() {
        int cases = 0;
        for (JsonNode c : golden.get("integers")) {
            int rows = c.get("rows").asInt();
            int cols = c.get("cols").asInt();
            long[] flat = new NumpyRandom(c.get("seed").asLong())
                    .integers(c.get("low").asLong(), c.get("high").asLong(), rows * cols);
            for (Map.Entry<String, JsonNode> row : c.get("picked_rows").properties()) {
                int r = Integer.parseInt(row.getKey());
                long[] expected = longs(row.getValue());
                long[] actual = java.util.Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
                assertArrayEquals(expected, actual, "seed " + c.get("seed") + " high " + c.get("high") + " row " + r);
                cases++;
            }
        }
        assertEquals(64, cases);
    }

    @Test
    void permutationsMatchNumpy() {
        for (JsonNode c : golden.get("permutation")) {
            int[] expected = java.util.Arrays.stream(longs(c.get("values"))).mapToInt(Math::toIntExact).toArray();
            assertArrayEquals(expected, new NumpyRandom(c.get("seed").asLong()).permutation(c.get("n").asInt()),
                    "seed " + c.get("seed") + " n " + c.get("n"));
        }
    }

    @Test
    void shufflesMatchCpython() {
        for (JsonNode c : golden.get("shuffle")) {
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < c.get("n").asInt(); i++) {
                items.add(i);
            }
            new PythonRandom(c.get("seed").asLong()).shuffle(items);
            List<Integer> expected = new ArrayList<>();
            c.get("values").forEach(v -> expected.add(v.asInt()));
            assertEquals(expected, items, "seed " + c.get("seed") + " n " + c.get("n"));
        }
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
