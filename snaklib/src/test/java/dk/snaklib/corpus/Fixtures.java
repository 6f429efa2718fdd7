package dk.snaklib.corpus;

import dk.snaklib.corpus.read.Readers;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Paths of the reader fixtures under src/test/resources/corpus (made by make-fixtures.sh there). */
public final class Fixtures {
    private Fixtures() {}

    public static Path path(String relative) {
        try {
            return Path.of(Fixtures.class.getResource("/corpus").toURI()).resolve(relative);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All documents of a fixture read with the named format in fail-fast mode. */
    public static List<Document> readAll(String format, String relative, String source) {
        try (Stream<Document> s = Readers.forFormat(format).read(path(relative), ReadOptions.failFast(source))) {
            return s.toList();
        }
    }
}
