package dk.snaklib.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.Document;
import dk.snaklib.util.BadInputException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDocumentsTest {
    @TempDir Path dir;

    static List<String> read(Path file) {
        try (Stream<String> s = TextDocuments.stream(file)) {
            return s.toList();
        }
    }

    @Test
    void txtDocumentsAreSeparatedByBlankLines() throws Exception {
        Path f = dir.resolve("a.txt");
        Files.writeString(f, "\n\nFørste linje\nanden linje\n\n  \n\nAndet dokument 😊\r\nmed CRLF\n\n\n");
        assertEquals(List.of("Første linje\nanden linje", "Andet dokument 😊\nmed CRLF"), read(f));
    }

    @Test
    void jsonlReadsTheTextField() throws Exception {
        Path f = dir.resolve("a.jsonl");
        Files.writeString(f, "{\"text\": \"Hej\\nverden\", \"id\": 1}\n\n{\"text\": \"æøå\"}\n");
        assertEquals(List.of("Hej\nverden", "æøå"), read(f));
    }

    @Test
    void gzippedFilesAreReadToo() throws Exception {
        Path txt = dir.resolve("a.txt.gz");
        Path jsonl = dir.resolve("b.JSONL.GZ");
        gzip(txt, "en\n\nto\n");
        gzip(jsonl, "{\"text\": \"tre\"}\n");
        try (Stream<String> s = TextDocuments.stream(List.of(txt, jsonl))) {
            assertEquals(List.of("en", "to", "tre"), s.toList());
        }
    }

    static void gzip(Path file, String text) throws Exception {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void severalFilesAreReadLazilyOneAfterTheOther() throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.jsonl");
        Files.writeString(a, "et\n\nto\n");
        Files.writeString(b, "{\"text\": \"tre\"}\n{\"text\": 4}\n");
        try (Stream<String> s = TextDocuments.stream(List.of(a, b))) {
            var it = s.iterator();
            assertEquals(List.of("et", "to", "tre"), List.of(it.next(), it.next(), it.next()));
            var e = assertThrows(BadInputException.class, it::hasNext);
            assertEquals(b, e.file());
            assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        }
    }

    @Test
    void badJsonNamesFileAndLine() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"text\": \"ok\"}\n\n{\"text\": \"ikke lukket}\n");
        var e = assertThrows(BadInputException.class, () -> read(f));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("line 3: not valid JSON"), e.getMessage());
    }

    @Test
    void missingOrNonStringTextFieldIsAnError() throws Exception {
        Path f = dir.resolve("missing.jsonl");
        Files.writeString(f, "{\"text\": \"ok\"}\n{\"tekst\": \"forkert felt\"}\n");
        var e = assertThrows(BadInputException.class, () -> read(f));
        assertTrue(e.getMessage().endsWith("line 2: field \"text\" missing"), e.getMessage());

        Files.writeString(f, "{\"text\": 42}\n");
        e = assertThrows(BadInputException.class, () -> read(f));
        assertTrue(e.getMessage().contains("line 1: field \"text\" is number"), e.getMessage());

        Files.writeString(f, "[1, 2]\n");
        e = assertThrows(BadInputException.class, () -> read(f));
        assertTrue(e.getMessage().contains("line 1: expected a JSON object"), e.getMessage());
    }

    @Test
    void invalidUtf8NamesTheLine() throws Exception {
        Path f = dir.resolve("latin1.txt");
        Files.write(f, "god linje\nR\u00f8dgr\u00f8d\n".getBytes(StandardCharsets.ISO_8859_1));
        var e = assertThrows(BadInputException.class, () -> read(f));
        assertTrue(e.getMessage().contains("line 2: not valid UTF-8"), e.getMessage());
    }

    @Test
    void unknownFormatOrMissingFileIsAnError() throws Exception {
        Path csv = dir.resolve("a.csv");
        Files.writeString(csv, "x");
        assertTrue(assertThrows(BadInputException.class, () -> read(csv)).getMessage().contains("unknown corpus format"));
        Path none = dir.resolve("none.txt");
        assertEquals(none, assertThrows(BadInputException.class, () -> read(none)).file());
    }

    @Test
    void documentsAreLabelledWithTheirFileAndNumberedFromOneInEachFile() throws Exception {
        Path a = dir.resolve("manpages.jsonl.gz");
        Path empty = dir.resolve("tom.txt");
        Path b = dir.resolve("wiki.txt");
        gzip(a, "{\"text\": \"en\"}\n{\"text\": \"to\"}\n");
        Files.writeString(empty, "\n\n");
        Files.writeString(b, "tre\n\nfire\n");
        try (Stream<Document> s = TextDocuments.documents(List.of(a, empty, b))) {
            assertEquals(List.of(new Document("manpages.jsonl.gz:1", "manpages", "en"),
                    new Document("manpages.jsonl.gz:2", "manpages", "to"), new Document("wiki.txt:1", "wiki", "tre"),
                    new Document("wiki.txt:2", "wiki", "fire")), s.toList());
        }
        Path none = dir.resolve("none.jsonl");
        try (Stream<Document> s = TextDocuments.documents(List.of(b, none))) {
            var it = s.iterator();
            assertEquals("tre", it.next().text());
            assertEquals("fire", it.next().text());
            assertEquals(none, assertThrows(BadInputException.class, it::hasNext).file());
        }
        assertThrows(BadInputException.class, () -> TextDocuments.documents(List.of(b, dir.resolve("x.csv"))));
    }
}
