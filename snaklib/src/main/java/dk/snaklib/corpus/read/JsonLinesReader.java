package dk.snaklib.corpus.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.corpus.CorpusReader;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.Compression;
import dk.snaklib.corpus.io.DocumentIterator;
import dk.snaklib.corpus.io.JsonLines;
import dk.snaklib.corpus.io.LineSource;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Shared loop of the JSON-lines formats; each format says how one object becomes a document. */
abstract class JsonLinesReader implements CorpusReader {

    /**
     * The document for one object, or null after reporting it via {@code json.bad(...)} (missing field) or
     * {@code options.log().skipped(...)} (a record that is not a document, e.g. a tweet deletion notice).
     */
    protected abstract Document toDocument(ObjectNode object, JsonLines json, String fallbackId, ReadOptions options);

    @Override
    public Stream<Document> read(Path input, ReadOptions options) {
        LineSource lines = new LineSource(input, options);
        JsonLines json = new JsonLines(lines, options);
        String name = Compression.baseName(input);
        return new DocumentIterator(options.log()) {
            @Override
            protected Document computeNext() {
                for (ObjectNode object; (object = json.next()) != null; ) {
                    Document d = toDocument(object, json, options.source() + ":" + name + ":" + lines.lineNumber(), options);
                    if (d != null) {
                        return d;
                    }
                }
                return null;
            }

            @Override
            public void close() {
                lines.close();
            }
        }.stream();
    }

    /** The text field, or null after reporting it missing (or not a string). */
    protected static String requireText(ObjectNode object, String field, JsonLines json) {
        String text = JsonLines.text(object, field);
        if (text == null) {
            json.bad(object.has(field) ? "field \"" + field + "\" is not a string" : "field \"" + field + "\" missing",
                    object.toString());
        }
        return text;
    }
}
