package dk.snaklib.corpus.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.JsonLines;

/**
 * Generic JSON lines with a {@code text} field and an optional {@code id} (the bundled corpus, most Hugging Face
 * exports). Other scalar fields become meta.
 */
public final class JsonlReader extends JsonLinesReader {
    @Override
    protected Document toDocument(ObjectNode object, JsonLines json, String fallbackId, ReadOptions options) {
        String text = requireText(object, "text", json);
        if (text == null) {
            return null;
        }
        String id = JsonLines.text(object, "id");
        return new Document(id == null ? fallbackId : options.source() + ":" + id, options.source(), text,
                JsonLines.scalars(object, "text", "id"));
    }
}
