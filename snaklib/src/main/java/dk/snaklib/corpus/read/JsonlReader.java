package dk.snaklib.corpus.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.JsonLines;

/**
 * JSON lines with a {@code text} field and an optional {@code id}: the bundled corpus, most Hugging Face exports,
 * and ConvoKit's {@code utterances.jsonl} (the study's r/Denmark Reddit: id, speaker, conversation_id, reply_to,
 * timestamp, text, meta). Other scalar fields become meta.
 */
public final class JsonlReader extends JsonLinesReader {
    private final String[] notMeta;

    /** Text and id are not repeated in meta. */
    public JsonlReader() {
        this("text", "id");
    }

    /** {@code notMeta}: the scalar fields left out of meta (ConvoKit keeps the utterance id in meta too). */
    public JsonlReader(String... notMeta) {
        this.notMeta = notMeta.clone();
    }

    @Override
    protected Document toDocument(ObjectNode object, JsonLines json, String fallbackId, ReadOptions options) {
        String text = requireText(object, "text", json);
        if (text == null) {
            return null;
        }
        String id = JsonLines.text(object, "id");
        return new Document(id == null ? fallbackId : options.source() + ":" + id, options.source(), text,
                JsonLines.scalars(object, notMeta));
    }
}
