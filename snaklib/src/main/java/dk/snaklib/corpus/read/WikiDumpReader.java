package dk.snaklib.corpus.read;

import dk.snaklib.corpus.CorpusReader;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.corpus.io.Compression;
import dk.snaklib.corpus.io.DocumentIterator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * MediaWiki pages-articles export (schema 0.10/0.11, {@code dawiki-*-pages-articles.xml.bz2}, multistream too).
 * Keeps namespace-0 pages that are not redirects and cleans their wikitext with {@link WikitextCleaner}; other
 * pages are counted as skipped. DTDs are refused, so entity-expansion tricks fail instead of expanding.
 */
public final class WikiDumpReader implements CorpusReader {
    private final WikitextCleaner cleaner;

    public WikiDumpReader() {
        this(new WikitextCleaner());
    }

    public WikiDumpReader(WikitextCleaner cleaner) {
        this.cleaner = cleaner;
    }

    static XMLInputFactory safeFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory(); // the JDK's parser, whatever else is on the class path
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return f;
    }

    @Override
    public Stream<Document> read(Path input, ReadOptions options) {
        InputStream in = Compression.openOrReport(input, options);
        XMLStreamReader xml;
        try {
            xml = safeFactory().createXMLStreamReader(in, "UTF-8");
        } catch (XMLStreamException e) {
            closeQuietly(in);
            options.bad(input, "start", "not XML: " + e.getMessage(), "");
            return Stream.empty();
        }
        return new DocumentIterator(options.log()) {
            private long pages;
            private String lastTitle = "";
            private boolean broken;

            @Override
            protected Document computeNext() {
                while (!broken) {
                    Page page;
                    try {
                        page = nextPage(xml, options.maxLineBytes());
                    } catch (XMLStreamException | RuntimeException e) {
                        broken = true; // XML cannot be resynchronised after an error: the rest of the file is lost
                        int line = xml.getLocation() == null ? -1 : xml.getLocation().getLineNumber();
                        options.bad(input, "line " + line + " (page " + (pages + 1) + ", after \"" + lastTitle + "\")",
                                "cannot parse the XML: " + rootMessage(e), "");
                        return null;
                    }
                    if (page == null) {
                        return null;
                    }
                    pages++;
                    lastTitle = page.title;
                    if (page.tooLong) {
                        options.bad(input, "page \"" + page.title + "\"", "text longer than " + options.maxLineBytes()
                                + " chars (the limit)", "");
                        continue;
                    }
                    if (page.ns != 0) {
                        options.log().skipped("wiki namespace " + page.ns);
                        continue;
                    }
                    if (page.redirect || isRedirectText(page.text)) {
                        options.log().skipped("wiki redirect");
                        continue;
                    }
                    String text = cleaner.clean(page.text);
                    if (text.isBlank()) {
                        options.log().skipped("wiki page empty after cleaning");
                        continue;
                    }
                    return new Document(options.source() + ":" + page.id, options.source(), text,
                            Map.of("title", page.title, "page_id", page.id));
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // closing the stream below is what matters
                }
                in.close();
            }
        }.stream();
    }

    private static boolean isRedirectText(String text) {
        String t = text.stripLeading().toUpperCase(Locale.ROOT);
        return t.startsWith("#REDIRECT") || t.startsWith("#OMDIRIGER");
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // reporting the parse error matters more
        }
    }

    private static final class Page {
        String title = "";
        String id = "";
        int ns;
        boolean redirect;
        String text = "";
        boolean tooLong;
    }

    /** Reads to the end of the next {@code <page>}; null at the end of the dump. */
    private static Page nextPage(XMLStreamReader xml, int maxChars) throws XMLStreamException {
        Page page = null;
        int depth = 0; // depth inside <page>: 1 = page's children
        boolean inRevision = false;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (page == null) {
                    if (name.equals("page")) {
                        page = new Page();
                        depth = 0;
                    }
                    continue;
                }
                depth++;
                if (depth == 1 && name.equals("title")) {
                    page.title = xml.getElementText();
                    depth--;
                } else if (depth == 1 && name.equals("ns")) {
                    page.ns = Integer.parseInt(xml.getElementText().strip());
                    depth--;
                } else if (depth == 1 && name.equals("id")) {
                    page.id = xml.getElementText().strip();
                    depth--;
                } else if (depth == 1 && name.equals("redirect")) {
                    page.redirect = true;
                } else if (depth == 1 && name.equals("revision")) {
                    inRevision = true;
                } else if (depth == 2 && inRevision && name.equals("text")) {
                    readText(xml, page, maxChars);
                    depth--;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && page != null) {
                if (depth == 0 && xml.getLocalName().equals("page")) {
                    return page;
                }
                if (depth == 1 && xml.getLocalName().equals("revision")) {
                    inRevision = false;
                }
                depth--;
            }
        }
        return null;
    }

    /** Collects the element's text up to {@code maxChars}, reading past the rest. */
    private static void readText(XMLStreamReader xml, Page page, int maxChars) throws XMLStreamException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                if (!page.tooLong) {
                    sb.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                    if (sb.length() > maxChars) {
                        page.tooLong = true;
                        sb.setLength(0);
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new XMLStreamException("entity reference &" + xml.getLocalName() + "; (DTD entities are refused)");
            }
        }
        page.text = sb.toString();
    }
}
