package dk.snaklib.experiment;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's own folders as a notebook or the CLI finds them: the working directory, its parents, $SNAK_HOME. */
public final class ProjectFolders {
    private ProjectFolders() {}

    /** {@code data-catalog/} of the checkout snaklib runs in (a notebook runs in notebooks/, one level down). */
    public static Path dataCatalog() {
        return find("data-catalog");
    }

    /** {@code relative} under the working directory or one of its parents, else under $SNAK_HOME, else as given. */
    public static Path find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        String home = System.getenv("SNAK_HOME");
        if (home != null && Files.exists(Path.of(home, relative))) {
            return Path.of(home, relative);
        }
        return Path.of(relative);
    }
}
