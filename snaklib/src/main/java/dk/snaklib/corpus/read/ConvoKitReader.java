package dk.snaklib.corpus.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.JsonLines;

/**
 * ConvoKit corpus {@code utterances.jsonl} (the study's r/Denmark Reddit): id, speaker (older: user),
 * conversation_id (older: root), reply_to, timestamp, text, meta{...}. Text from {@code text}; id from {@code id}.
 */
public final class ConvoKitReader extends JsonLinesReader {
    @Override
    protected Document toDocument(ObjectNode object, JsonLines json, String fallbackId, ReadOptions options) {
        String text = requireText(object, "text", json);
        if (text == null) {
            return null;
        }
        String id = JsonLines.text(object, "id");
        return new Document(id == null ? fallbackId : options.source() + ":" + id, options.source(), text,
                JsonLines.scalars(object, "text"));
    }
}
