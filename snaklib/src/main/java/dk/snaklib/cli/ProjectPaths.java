package dk.snaklib.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's own folders are: relative to the working directory, else to the launcher's root. */
final class ProjectPaths {
    private ProjectPaths() {}

    /** {@code relative} under the working directory if it exists there, else under $SNAK_HOME, else as given. */
    static Path find(String relative) {
        Path here = Path.of(relative);
        if (Files.exists(here)) {
            return here;
        }
        String home = System.getenv("SNAK_HOME");
        if (home != null && Files.exists(Path.of(home, relative))) {
            return Path.of(home, relative);
        }
        return here;
    }
}
