package dk.snaklib.corpus.debian;

/**
 * One source of the bundled corpus: which Debian package, which files in it, and how to turn them into text.
 *
 * @param name     source name in the catalog (e.g. {@code libreoffice-help})
 * @param language ISO 639-1 code of the text (da, en; nb, nn, sv, de for the language-ID test set)
 * @param pkg      Debian package
 * @param kind     {@code html} (one document per page), {@code html-sections} (one per matched element),
 *                 {@code man} (groff man pages, gzipped), {@code mo} (translations) or {@code mo-original} (msgids)
 * @param glob     files inside the unpacked package, as a glob relative to its root
 * @param content  CSS selector of the text (html kinds), "" for the body
 * @param remove   CSS selector of parts to drop (navigation), or ""
 * @param licence  SPDX-style licence of the package's text
 * @param register what kind of text it is
 */
public record RecipeSource(String name, String language, String pkg, String kind, String glob, String content,
        String remove, String licence, String register) {}
