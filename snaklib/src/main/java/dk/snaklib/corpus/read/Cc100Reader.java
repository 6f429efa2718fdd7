package dk.snaklib.corpus.read;

import dk.snaklib.corpus.CorpusReader;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.Compression;
import dk.snaklib.corpus.io.DocumentIterator;
import dk.snaklib.corpus.io.LineSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CC-100 ({@code da.txt.xz}): documents separated by a blank line, paragraphs by a newline. A document keeps its
 * paragraphs joined by {@code \n}; its id is {@code source:file:firstLine}. For the study's one-line-per-document
 * form use {@link LinePerDocumentReader} on the same file.
 */
public final class Cc100Reader implements CorpusReader {
    /** Documents longer than this many paragraphs are cut into parts, so no single document can exhaust memory. */
    public static final int MAX_PARAGRAPHS = 100_000;

    @Override
    public Stream<Document> read(Path input, ReadOptions options) {
        LineSource lines = new LineSource(input, options);
        String name = Compression.baseName(input);
        return new DocumentIterator(options.log()) {
            @Override
            protected Document computeNext() {
                StringBuilder text = new StringBuilder();
                long first = -1;
                int paragraphs = 0;
                for (String line; (line = lines.next()) != null; ) {
                    if (line.isBlank()) {
                        if (paragraphs > 0) {
                            break;
                        }
                        continue;
                    }
                    if (paragraphs++ > 0) {
                        text.append('\n');
                    } else {
                        first = lines.lineNumber();
                    }
                    text.append(line);
                    if (paragraphs == MAX_PARAGRAPHS) {
                        break;
                    }
                }
                if (paragraphs == 0) {
                    return null;
                }
                return new Document(options.source() + ":" + name + ":" + first, options.source(), text.toString(),
                        Map.of("file", name, "line", Long.toString(first)));
            }

            @Override
            public void close() {
                lines.close();
            }
        }.stream();
    }
}
