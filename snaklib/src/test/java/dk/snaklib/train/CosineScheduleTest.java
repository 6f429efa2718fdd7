package dk.snaklib.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CosineSchedule against torch's LambdaLR with Megatron-LM's warm-up + cosine multiplier (golden/schedule/,
 * make_golden.py beside it): warm-up, peak, decay, floor and past the end, including the study's 1,250 / 12,500.
 * {@code at(s)} is the rate after s scheduler steps, i.e. the rate of optimizer step s (steps count from 1).
 */
class CosineScheduleTest {
    @Test
    void matchesLambdaLrEverywhere() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(getClass().getResource("/golden/schedule/cosine.json"));
        int checked = 0;
        for (JsonNode c : golden.get("cases")) {
            CosineSchedule s = new CosineSchedule(c.get("max_lr").asDouble(), c.get("min_lr").asDouble(),
                    c.get("warmup").asInt(), c.get("total").asInt());
            for (int i = 0; i < c.get("steps").size(); i++) {
                long step = c.get("steps").get(i).asLong();
                double want = c.get("lr").get(i).asDouble();
                assertEquals(want, s.at(step), 1e-12 * s.maxLr(), s + " at step " + step);
                checked++;
            }
        }
        assertTrue(checked > 2000, "golden values checked: " + checked);
    }

    @Test
    void landmarksOfTheStudySchedule() {
        CosineSchedule s = new CosineSchedule(1.5e-5, 5e-8, 1250, 12500);
        assertEquals(1.5e-5 / 1250, s.at(1), 1e-20);                     // warm-up starts one step above 0
        assertEquals(1.5e-5 / 2, s.at(625), 1e-20);                      // half-way up
        assertEquals(1.5e-5, s.at(1250), 0);                             // peak at the end of warm-up
        assertEquals((1.5e-5 + 5e-8) / 2, s.at(1250 + 11250 / 2), 1e-18); // half-way down the cosine
        assertEquals(5e-8, s.at(12500), 1e-20);                          // the floor at the last step
        assertEquals(5e-8, s.at(12501), 0);                              // and after it
        assertEquals(5e-8, s.at(1_000_000), 0);
        for (long step = 1251; step <= 12500; step++) {
            assertTrue(s.at(step) <= s.at(step - 1), "decreasing after warm-up, step " + step);
        }
    }

    @Test
    void refusesImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(1e-4, 1e-3, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(1e-3, 0, -1, 100));
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(1e-3, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(Double.NaN, 0, 0, 10));
    }
}
