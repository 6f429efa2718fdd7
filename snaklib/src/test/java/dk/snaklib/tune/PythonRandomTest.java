package dk.snaklib.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dk.snaklib.util.PythonRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MT19937 port against CPython's own draws (golden/packing/packing.json, python_random). */
class PythonRandomTest {
    @Test
    void drawsAndShufflesAsCPython() throws Exception {
        for (JsonNode c : ConstantLengthPackerGoldenTest.golden().get("python_random")) {
            long seed = c.get("seed").asLong();
            PythonRandom r = new PythonRandom(seed);
            for (JsonNode want : c.get("getrandbits32")) {
                assertEquals(want.asLong(), r.getrandbits(32), "seed " + seed);
            }
            List<Integer> perm = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                perm.add(i);
            }
            new PythonRandom(seed).shuffle(perm);
            List<Integer> want = new ArrayList<>();
            c.get("shuffle100").forEach(x -> want.add(x.asInt()));
            assertEquals(want, perm, "seed " + seed);
        }
    }

    @Test
    void knownValueForSeed42() {
        assertEquals(2746317213L, new PythonRandom(42).getrandbits(32)); // python3 -c "random.Random(42).getrandbits(32)"
    }
}
