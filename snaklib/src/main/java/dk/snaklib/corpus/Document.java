package dk.snaklib.corpus;

import java.util.Map;
import java.util.Objects;

/**
 * One document of a corpus, as every reader yields it and every pipeline step passes it on.
 *
 * @param id     unique within its source, stable across runs (e.g. {@code cc100:da.txt.xz:1832})
 * @param source the catalog name of the source (e.g. {@code cc100}, {@code dawiki})
 * @param text   the text, UTF-8 clean; paragraphs separated by {@code \n}
 * @param meta   the format's other fields we keep (url, title, date, ...), as strings; never null
 * Serializable so the Spark engine (snaklib-spark) can move documents between its tasks.
 */
public record Document(String id, String source, String text, Map<String, String> meta) implements java.io.Serializable {
    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    public Document(String id, String source, String text) {
        this(id, source, text, Map.of());
    }

    /** The same document with other text (normalisers and cleaners use this). */
    public Document withText(String newText) {
        return new Document(id, source, newText, meta);
    }
}
