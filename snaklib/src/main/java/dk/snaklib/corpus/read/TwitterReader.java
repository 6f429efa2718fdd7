package dk.snaklib.corpus.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.JsonLines;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Twitter stream archives (one tweet JSON per line, bz2). Deletion and other notices carry no tweet and are
 * skipped by name; a tweet's text is {@code extended_tweet.full_text} when present, else {@code full_text} or
 * {@code text}. Keeps id_str, lang, created_at, user.screen_name as meta.
 */
public final class TwitterReader extends JsonLinesReader {
    @Override
    protected Document toDocument(ObjectNode object, JsonLines json, String fallbackId, ReadOptions options) {
        if (!object.has("text") && !object.has("full_text")) {
            for (String notice : new String[] {"delete", "scrub_geo", "limit", "status_withheld", "user_withheld"}) {
                if (object.has(notice)) {
                    options.log().skipped("twitter " + notice + " notice");
                    return null;
                }
            }
        }
        String text = JsonLines.text(object, "extended_tweet.full_text");
        if (text == null) {
            text = JsonLines.text(object, "full_text");
        }
        if (text == null) {
            text = requireText(object, "text", json);
            if (text == null) {
                return null;
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (String f : new String[] {"id_str", "lang", "created_at", "user.screen_name"}) {
            String v = JsonLines.text(object, f);
            if (v != null) {
                meta.put(f, v);
            }
        }
        String id = meta.get("id_str");
        return new Document(id == null ? fallbackId : options.source() + ":" + id, options.source(), text, meta);
    }
}
