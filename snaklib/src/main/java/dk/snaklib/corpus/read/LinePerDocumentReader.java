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
 * One document per non-blank line: OPUS monolingual text (EUbookshop, OpenSubtitles {@code da.txt.gz}), FTSpeech's
 * LM text ({@code ft_lm_train_data.txt}) and CC-100 in the study's line mode. Id: {@code source:file:line}.
 */
public final class LinePerDocumentReader implements CorpusReader {
    @Override
    public Stream<Document> read(Path input, ReadOptions options) {
        LineSource lines = new LineSource(input, options);
        String name = Compression.baseName(input);
        return new DocumentIterator(options.log()) {
            @Override
            protected Document computeNext() {
                for (String line; (line = lines.next()) != null; ) {
                    if (line.isBlank()) {
                        options.log().skipped("blank line");
                        continue;
                    }
                    return new Document(options.source() + ":" + name + ":" + lines.lineNumber(), options.source(), line,
                            Map.of("file", name, "line", Long.toString(lines.lineNumber())));
                }
                return null;
            }

            @Override
            public void close() {
                lines.close();
            }
        }.stream();
    }
}
