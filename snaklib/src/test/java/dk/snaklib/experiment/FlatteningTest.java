package dk.snaklib.experiment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The flattening rule of notebook 05 on curves whose answer is known by hand. */
class FlatteningTest {
    private static final long[] STEPS = {0, 500, 1000, 2000, 3000, 5000, 8000, 12500};

    @Test
    void aCurveThatRisesThenStaysWithinTheFinalIntervalFlattensWhereItEnters() {
        double[] scores = {40, 44, 47, 49.5, 50.4, 49.8, 50.9, 50.5};
        Flattening f = Flattening.of(STEPS, scores, 1.0);
        assertEquals(2000, f.step(), f.toString());
        assertEquals(3, f.index());
        assertEquals(0.16, f.fraction(), 1e-12);
        assertEquals(2000, f.studyEquivalent(12500), 1e-9);
        assertTrue(f.beforeTheEnd());
    }

    @Test
    void aPointThatLeavesTheBandLaterMovesTheFlatteningPastIt() {
        double[] scores = {40, 50.2, 50.3, 48.0, 50.4, 49.8, 50.9, 50.5};   // 2000 dips out: flat only from 3000
        assertEquals(3000, Flattening.of(STEPS, scores, 1.0).step());
    }

    @Test
    void theBandIncludesItsEdgesAndAFlatCurveIsFlatFromTheStart() {
        assertEquals(0, Flattening.of(new long[] {0, 10, 20}, new double[] {49, 51, 50}, 1.0).step());
        assertEquals(0, Flattening.of(new long[] {0, 10, 20}, new double[] {7, 7, 7}, 0.0).step());
    }

    @Test
    void aCurveStillClimbingFlattensOnlyAtTheEnd() {
        Flattening f = Flattening.of(new long[] {0, 10, 20, 40}, new double[] {10, 20, 30, 40}, 2.0);
        assertEquals(40, f.step());
        assertFalse(f.beforeTheEnd());
        assertEquals(1.0, f.fraction());
    }

    @Test
    void aFallingCurveIsJudgedByDistanceNotDirection() {
        assertEquals(20, Flattening.of(new long[] {0, 10, 20, 40}, new double[] {60, 55, 50.5, 50}, 1.0).step());
    }

    @Test
    void badCurvesAreRefusedSayingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Flattening.of(new long[] {0, 10}, new double[] {1}, 1))
                .getMessage().contains("as many scores as steps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Flattening.of(new long[] {0, 10}, new double[] {1, Double.NaN}, 1))
                .getMessage().contains("step 10 is not finite"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Flattening.of(new long[] {10, 10}, new double[] {1, 2}, 1))
                .getMessage().contains("steps must increase"));
        assertThrows(IllegalArgumentException.class, () -> Flattening.of(new long[] {0}, new double[] {1}, Double.NaN));
    }

    @Test
    void theOverallIntervalCombinesIndependentTaskIntervals() {
        assertEquals(5.0, Scores.overall(new double[] {2, 4, 9}), 1e-12);
        assertEquals(Math.sqrt(9 + 16) / 2, Scores.overallHalfWidth(new double[] {3, 4}), 1e-12);
    }
}
