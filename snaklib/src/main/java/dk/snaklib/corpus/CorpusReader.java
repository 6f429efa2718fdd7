package dk.snaklib.corpus;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Streams the documents of one input (a file, or a folder for formats that are folders). Documents come lazily,
 * in file order; close the stream (try-with-resources) to release the file early.
 */
@FunctionalInterface
public interface CorpusReader {
    Stream<Document> read(Path input, ReadOptions options);
}
