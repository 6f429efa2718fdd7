package dk.snaklib.corpus.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.JsonLines;

/**
 * DaNewsroom: gzipped JSON lines with url, title, date, text, summary, density, coverage, compression, ... .
 * The article body is {@code text}; the other scalar fields become meta. Id: the line (the format has no id).
 */
public final class DaNewsroomReader extends JsonLinesReader {
    @Override
    protected Document toDocument(ObjectNode object, JsonLines json, String fallbackId, ReadOptions options) {
        String text = requireText(object, "text", json);
        return text == null ? null : new Document(fallbackId, options.source(), text, JsonLines.scalars(object, "text"));
    }
}
