package dk.snaklib.corpus.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.BadRecord;
import dk.snaklib.corpus.CorpusReader;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.Fixtures;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: a clear error naming file and line in fail-fast mode; counted and kept aside in skip mode. */
class BadInputTest {
    @TempDir
    Path tmp;

    private static List<Document> read(CorpusReader reader, Path file, ReadOptions options) {
        try (Stream<Document> s = reader.read(file, options)) {
            return s.toList();
        }
    }

    private static BadInputException failFast(CorpusReader reader, String fixture) {
        return assertThrows(BadInputException.class, () -> read(reader, Fixtures.path(fixture), ReadOptions.failFast("x")));
    }

    @Test
    void truncatedArchivesNameFileAndCompressedOffset() {
        for (String f : List.of("bad/truncated.txt.gz", "bad/truncated.txt.xz", "bad/truncated.txt.zst")) {
            BadInputException e = failFast(new LinePerDocumentReader(), f);
            assertTrue(e.getMessage().contains(f.substring(4)), e.getMessage());
            assertTrue(e.getMessage().contains("compressed byte ") && e.getMessage().contains("truncated or corrupt"), e.getMessage());
            ReadOptions skip = ReadOptions.skipping("x");
            read(new LinePerDocumentReader(), Fixtures.path(f), skip);
            assertEquals(1, skip.log().badCount(), f);
        }
        BadInputException wiki = failFast(new WikiDumpReader(), "bad/truncated.xml.bz2");
        assertTrue(wiki.getMessage().contains("truncated.xml.bz2: line ") && wiki.getMessage().contains("after \"Side "),
                wiki.getMessage());
        ReadOptions skip = ReadOptions.skipping("dawiki");
        List<Document> kept = read(new WikiDumpReader(), Fixtures.path("bad/truncated.xml.bz2"), skip);
        assertEquals("dawiki:101", kept.get(0).id()); // pages before the cut survive
        // Every page libbz2 recovers is kept: the whole first stream (302 pages, one skipped by the reader's rules).
        assertEquals(301, kept.size(), "kept " + kept.size());
        assertEquals(1, skip.log().badCount());
    }

    @Test
    void multiMemberGzipAndMultiStreamXzAndZstdReadToTheEnd() throws IOException {
        byte[] one = "første\n".getBytes(StandardCharsets.UTF_8);
        byte[] two = "anden\n".getBytes(StandardCharsets.UTF_8);
        Path gz = tmp.resolve("two.txt.gz");
        try (OutputStream out = Files.newOutputStream(gz)) {
            for (byte[] part : List.of(one, two)) {
                var member = new java.io.ByteArrayOutputStream();
                try (OutputStream z = new GZIPOutputStream(member)) {
                    z.write(part);
                }
                out.write(member.toByteArray());
            }
        }
        Path xz = tmp.resolve("two.txt.xz");
        try (OutputStream out = Files.newOutputStream(xz)) {
            for (byte[] part : List.of(one, two)) {
                var stream = new java.io.ByteArrayOutputStream();
                try (OutputStream z = new org.tukaani.xz.XZOutputStream(stream, new org.tukaani.xz.LZMA2Options())) {
                    z.write(part);
                }
                out.write(stream.toByteArray());
            }
        }
        Path zst = tmp.resolve("two.txt.zst");
        try (OutputStream out = Files.newOutputStream(zst)) {
            for (byte[] part : List.of(one, two)) {
                out.write(com.github.luben.zstd.Zstd.compress(part));
            }
        }
        for (Path p : List.of(gz, xz, zst)) {
            assertEquals(List.of("første", "anden"),
                    read(new LinePerDocumentReader(), p, ReadOptions.failFast("x")).stream().map(Document::text).toList(), p.toString());
        }
    }

    @Test
    void compressionExtensionWithoutMagicIsReported() throws IOException {
        Path fake = tmp.resolve("plain.txt.gz");
        Files.writeString(fake, "not gzip\n");
        BadInputException e = assertThrows(BadInputException.class, () -> read(new LinePerDocumentReader(), fake, ReadOptions.failFast("x")));
        assertTrue(e.getMessage().contains("GZIP magic bytes"), e.getMessage());
    }

    @Test
    void invalidUtf8IsOneBadLine() {
        BadInputException e = failFast(new LinePerDocumentReader(), "bad/invalid-utf8.txt");
        assertTrue(e.getMessage().endsWith("invalid-utf8.txt: line 2: invalid UTF-8 at byte 4 of the line"), e.getMessage());
        ReadOptions skip = ReadOptions.skipping("x");
        List<Document> docs = read(new LinePerDocumentReader(), Fixtures.path("bad/invalid-utf8.txt"), skip);
        assertEquals(List.of("fine line", "last line"), docs.stream().map(Document::text).toList());
        BadRecord bad = skip.log().badRecords().get(0);
        assertEquals("line 2", bad.where());
        assertTrue(bad.excerpt().startsWith("bad "));
    }

    @Test
    void brokenJsonAndMissingFieldNameTheLine() {
        BadInputException e = failFast(new DaNewsroomReader(), "bad/broken.jsonl");
        assertTrue(e.getMessage().contains("broken.jsonl: line 2: broken JSON"), e.getMessage());
        ReadOptions skip = ReadOptions.skipping("x");
        List<Document> docs = read(new DaNewsroomReader(), Fixtures.path("bad/broken.jsonl"), skip);
        assertEquals(List.of("god linje", "sidste"), docs.stream().map(Document::text).toList());
        assertEquals(2, skip.log().badCount());
        assertEquals("line 3", skip.log().badRecords().get(1).where());
        assertEquals("field \"text\" missing", skip.log().badRecords().get(1).problem());
    }

    @Test
    void parquetWithAnotherSchemaNamesTheColumn() {
        BadInputException e = failFast(new CulturaXReader(), "bad/wrong-schema.parquet");
        assertTrue(e.getMessage().contains("wrong-schema.parquet: file: wrong schema: expected a string column \"text\""), e.getMessage());
        assertTrue(e.getMessage().contains("text: INT64"), e.getMessage());
        ReadOptions skip = ReadOptions.skipping("x");
        assertEquals(0, read(new CulturaXReader(), Fixtures.path("bad/wrong-schema.parquet"), skip).size());
        assertEquals(1, skip.log().badCount());
        BadInputException notParquet = failFast(new CulturaXReader(), "bad/broken.jsonl");
        assertTrue(notParquet.getMessage().contains("not a readable Parquet file"), notParquet.getMessage());
    }

    @Test
    void xmlEntityTricksFailInsteadOfExpanding() {
        for (String f : List.of("bad/billion-laughs.xml", "bad/external-entity.xml")) {
            BadInputException e = failFast(new WikiDumpReader(), f);
            assertTrue(e.getMessage().contains("cannot parse the XML"), e.getMessage());
        }
    }

    @Test
    void transcriptWithoutHeaderIsRejected() {
        BadInputException e = failFast(new FtSpeechTranscriptReader(), "bad/no-header.tsv");
        assertTrue(e.getMessage().contains("no-header.tsv: line 1: expected the header utterance_id"), e.getMessage());
    }

    @Test
    void fiftyMegabyteLineIsCappedNotHeld() throws IOException {
        Path big = tmp.resolve("big.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(big))) {
            out.write("kort linje\n".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\nsidste linje\n".getBytes(StandardCharsets.UTF_8));
        }
        BadInputException e = assertThrows(BadInputException.class,
                () -> read(new LinePerDocumentReader(), big, ReadOptions.failFast("x")));
        assertTrue(e.getMessage().contains("big.txt.gz: line 2: line longer than"), e.getMessage());
        ReadOptions skip = ReadOptions.skipping("x").withMaxLineBytes(1 << 20);
        long before = usedHeap();
        List<Document> docs = read(new LinePerDocumentReader(), big, skip);
        assertEquals(List.of("kort linje", "sidste linje"), docs.stream().map(Document::text).toList());
        assertEquals(1, skip.log().badCount());
        assertTrue(usedHeap() - before < 40L << 20, "the long line must not be held in memory");
    }

    private static long usedHeap() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
