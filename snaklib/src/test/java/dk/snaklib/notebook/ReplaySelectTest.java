package dk.snaklib.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dk.snaklib.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which notebooks a replay runs: the experiments from 01 on, never the 00 tour (it has no preset parameter). */
class ReplaySelectTest {
    @TempDir Path dir;

    @Test
    void experimentsFrom01InOrderWithoutTheTour() throws Exception {
        for (String n : List.of("00-spine-tour.ipynb", "02-b.ipynb", "01-a.ipynb", "notes.ipynb", "03-c.yaml")) {
            Files.writeString(dir.resolve(n), "{}");
        }
        assertEquals(List.of(dir.resolve("01-a.ipynb"), dir.resolve("02-b.ipynb")), Replay.select(dir, List.of()));
        assertEquals(List.of(dir.resolve("02-b.ipynb")), Replay.select(dir, List.of("02")));
        assertThrows(BadInputException.class, () -> Replay.select(dir, List.of("00")));
    }

    @Test
    void theProjectsNotebooksAreTheEightExperiments() {
        List<Path> all = Replay.select(Path.of("..", "notebooks"), List.of());
        assertEquals(List.of("01", "02", "03", "04", "05", "06", "07", "08"),
                all.stream().map(p -> p.getFileName().toString().substring(0, 2)).toList());
    }
}
