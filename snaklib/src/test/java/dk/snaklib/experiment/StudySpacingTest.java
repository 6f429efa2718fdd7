package dk.snaklib.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/** The study's tuning-after-N spacing scaled onto a short run's checkpoints. */
class StudySpacingTest {
    private static final List<Long> STUDY = List.of(0L, 500L, 1000L, 2000L, 3000L, 5000L, 8000L, 12500L);

    @Test
    void studyStepsBecomeTheSameShareOfTheRunAtTheNearestCheckpoint() {
        List<Long> every25 = LongStream.rangeClosed(0, 8).map(i -> 25 * i).boxed().toList();   // 0..200, as tiny keeps them
        List<StudySpacing.Point> p = StudySpacing.scaled(STUDY, 12500, every25, 200);
        // shares 0, .04, .08, .16, .24, .4, .64, 1 of 200: 0, 8, 16, 32, 48, 80, 128, 200 -> nearest of every 25
        assertEquals(List.of(0L, 25L, 50L, 75L, 125L, 200L), p.stream().map(StudySpacing.Point::step).toList());
        assertEquals(List.of(0L, 500L), p.get(0).studySteps(), "8 is nearer 0 than 25");
        assertEquals(List.of(1000L, 2000L), p.get(1).studySteps(), "16 and 32 both land on 25");
        assertEquals(List.of(3000L), p.get(2).studySteps());
        assertEquals(List.of(12500L), p.getLast().studySteps());
    }

    @Test
    void aTieGoesToTheEarlierCheckpointAndAFullScaleRunKeepsEveryStep() {
        assertEquals(List.of(0L, 10L), StudySpacing.scaled(List.of(0L, 50L), 100, List.of(0L, 10L, 20L), 30)
                .stream().map(StudySpacing.Point::step).toList(), "15 is as near 10 as 20: 10");
        List<Long> every500 = LongStream.rangeClosed(0, 25).map(i -> 500 * i).boxed().toList();
        assertEquals(STUDY, StudySpacing.scaled(STUDY, 12500, every500, 12500).stream().map(StudySpacing.Point::step).toList());
    }

    @Test
    void badSpacingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> StudySpacing.scaled(List.of(0L, 13000L), 12500, List.of(0L, 10L), 10));
        assertThrows(IllegalArgumentException.class, () -> StudySpacing.scaled(List.of(5000L, 1000L), 12500, List.of(0L, 5L, 10L), 10));
        assertThrows(IllegalArgumentException.class, () -> StudySpacing.scaled(List.of(0L), 12500, List.of(), 10));
    }
}
