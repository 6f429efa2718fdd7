package dk.snaklib.corpus.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dedup steps' flat sets against java.util.HashSet, through growth, with zero keys and colliding low bits. */
class FlatSetsTest {

    @Test
    void longSetAgreesWithHashSet() {
        Random rng = new Random(3);
        LongSet set = new LongSet();
        Set<Long> reference = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            // a small range gives repeats; shifted values share their low bits and so their home slots
            long key = switch (i % 3) {
                case 0 -> rng.nextInt(50_000);
                case 1 -> (long) rng.nextInt(1000) << 40;
                default -> rng.nextLong();
            };
            assertEquals(reference.contains(key), set.contains(key), "contains " + key);
            assertEquals(reference.add(key), set.add(key), "add " + key);
        }
        assertEquals(reference.size(), set.size());
        for (long key : List.of(0L, -1L, Long.MIN_VALUE)) {
            assertEquals(reference.add(key), set.add(key));
        }
        assertEquals(reference.size(), set.size());
    }

    @Test
    void longPairSetAgreesWithHashSet() {
        Random rng = new Random(4);
        LongPairSet set = new LongPairSet();
        Set<List<Long>> reference = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            long hi = i % 2 == 0 ? rng.nextInt(300) : rng.nextLong();
            long lo = i % 5 == 0 ? 0 : rng.nextInt(300);
            assertEquals(reference.add(List.of(hi, lo)), set.add(hi, lo), "add " + hi + ", " + lo);
        }
        assertEquals(reference.add(List.of(0L, 0L)), set.add(0, 0));
        assertEquals(false, set.add(0, 0));
        assertEquals(reference.size(), set.size());
    }
}
