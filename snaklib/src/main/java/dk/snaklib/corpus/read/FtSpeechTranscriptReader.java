package dk.snaklib.corpus.read;

import dk.snaklib.corpus.CorpusReader;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.Compression;
import dk.snaklib.corpus.io.DocumentIterator;
import dk.snaklib.corpus.io.LineSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * FTSpeech transcript TSV: a header {@code utterance_id start_time end_time transcript}, then one utterance per
 * row. Id: the utterance id; start and end times become meta. (The LM text file is read by
 * {@link LinePerDocumentReader}.)
 */
public final class FtSpeechTranscriptReader implements CorpusReader {
    static final List<String> HEADER = List.of("utterance_id", "start_time", "end_time", "transcript");

    @Override
    public Stream<Document> read(Path input, ReadOptions options) {
        LineSource lines = new LineSource(input, options);
        String header = lines.next();
        if (header == null || !List.of(header.split("\t", -1)).equals(HEADER)) {
            lines.close();
            // Without the header the columns cannot be trusted: the whole file is one bad record.
            options.bad(input, "line 1", "expected the header " + String.join("\\t", HEADER) + ", found "
                    + (header == null ? "an empty file" : "\"" + header.replace("\t", "\\t") + "\""), header);
            return Stream.empty();
        }
        String name = Compression.baseName(input);
        return new DocumentIterator(options.log()) {
            @Override
            protected Document computeNext() {
                for (String line; (line = lines.next()) != null; ) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = line.split("\t", -1);
                    if (f.length != 4) {
                        options.bad(input, "line " + lines.lineNumber(), "expected 4 tab-separated fields, found " + f.length, line);
                        continue;
                    }
                    return new Document(options.source() + ":" + f[0], options.source(), f[3],
                            Map.of("start_time", f[1], "end_time", f[2], "file", name));
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
