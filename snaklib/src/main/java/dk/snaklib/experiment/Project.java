package dk.snaklib.experiment;

import dk.snaklib.catalog.Catalog;
import dk.snaklib.util.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project folder a replay works in: its data catalog (with the bundled corpus), its notebooks and their
 * experiment specs, its artifact store and its reports. Notebooks never look for files: {@link #find()} does, once.
 *
 * @param root the folder holding {@code data-catalog/} and {@code notebooks/} (the one with the {@code snak} launcher)
 */
public record Project(Path root) {
    /** Names a folder a project must have. */
    private static final String CATALOG = "data-catalog";

    public Project {
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve(CATALOG))) {
            throw new BadInputException(root, "not a SnakLab project folder: no " + CATALOG + "/ in it");
        }
    }

    /** The project at {@code dir}. */
    public static Project at(Path dir) {
        return new Project(dir);
    }

    /**
     * The project this code runs in: {@code $SNAK_HOME} (set by {@code ./snak} and its kernel), else the working
     * folder or the nearest folder above it with a {@code data-catalog/} (a notebook's working folder is
     * {@code notebooks/}).
     */
    public static Project find() {
        String home = System.getenv("SNAK_HOME");
        if (home != null && Files.isDirectory(Path.of(home, CATALOG))) {
            return new Project(Path.of(home));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(CATALOG))) {
                return new Project(p);
            }
        }
        throw new BadInputException(Path.of("").toAbsolutePath(), "no SnakLab project here or above (a folder with "
                + CATALOG + "/); run from the project or set SNAK_HOME");
    }

    public Path catalogDir() {
        return root.resolve(CATALOG);
    }

    public Catalog catalog() {
        return Catalog.load(catalogDir());
    }

    /** The experiment notebooks and their specs ({@code NN-name.ipynb} beside {@code NN-name.yaml}). */
    public Path notebooks() {
        return root.resolve("notebooks");
    }

    /** The artifact store: {@code $SNAK_ARTIFACTS} if set, else {@code artifacts/} in the project. */
    public Path artifactsDir() {
        String env = System.getenv("SNAK_ARTIFACTS");
        return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath() : root.resolve("artifacts");
    }

    public Path reports() {
        return root.resolve("reports");
    }

    /** {@code p} relative to the project root with '/' separators, for keys that must not depend on where the project lives. */
    public String relative(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }
}
