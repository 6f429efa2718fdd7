package dk.snaklib.corpus.megatron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.Fixtures;
import dk.snaklib.corpus.io.DocumentParquetWriter;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MegatronTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsThroughTheReaderAndMatchesTheLayoutByteForByte() throws IOException {
        Path prefix = tmp.resolve("snak_text_document");
        List<int[]> docs = List.of(new int[] {1, 2, 3}, new int[] {65535}, new int[] {}, new int[] {7, 8});
        try (MegatronWriter w = new MegatronWriter(prefix, MegatronDtype.UINT16)) {
            docs.forEach(w::add);
            w.finish();
        }
        MegatronReader r = new MegatronReader(prefix);
        assertEquals(MegatronDtype.UINT16, r.dtype());
        assertEquals(4, r.sequences());
        for (int i = 0; i < docs.size(); i++) {
            assertArrayEquals(docs.get(i), r.sequence(i));
        }
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, r.documentIndex());

        // The header as the format description lays it out, checked byte by byte.
        ByteBuffer idx = ByteBuffer.wrap(Files.readAllBytes(Path.of(prefix + ".idx"))).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[9];
        idx.get(magic);
        assertArrayEquals("MMIDIDX\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), magic);
        assertEquals(1L, idx.getLong());
        assertEquals(8, idx.get());
        assertEquals(4L, idx.getLong());
        assertEquals(5L, idx.getLong());
        assertEquals(3, idx.getInt());
        assertEquals(12L, Files.size(Path.of(prefix + ".bin")));
    }

    @Test
    void manyRandomDocumentsInt32() {
        Path prefix = tmp.resolve("big");
        Random rng = new Random(8446);
        int[][] docs = new int[500][];
        try (MegatronWriter w = new MegatronWriter(prefix, MegatronDtype.forVocabulary(128_256))) {
            for (int i = 0; i < docs.length; i++) {
                docs[i] = rng.ints(rng.nextInt(300), 0, 128_256).toArray();
                w.add(docs[i]);
            }
            w.finish();
        }
        MegatronReader r = new MegatronReader(prefix);
        assertEquals(MegatronDtype.INT32, r.dtype());
        for (int i = 0; i < docs.length; i++) {
            assertArrayEquals(docs[i], r.sequence(i));
        }
    }

    @Test
    void refusesTokensThatDoNotFitAndBrokenIndexes() throws IOException {
        try (MegatronWriter w = new MegatronWriter(tmp.resolve("x"), MegatronDtype.UINT16)) {
            assertThrows(IllegalArgumentException.class, () -> w.add(new int[] {70_000}));
        }
        assertTrue(!Files.exists(tmp.resolve("x.bin")), "unfinished datasets leave nothing behind");
        Files.write(tmp.resolve("bad.idx"), new byte[40]);
        Files.write(tmp.resolve("bad.bin"), new byte[0]);
        assertTrue(assertThrows(BadInputException.class, () -> new MegatronReader(tmp.resolve("bad"))).getMessage()
                .contains("magic MMIDIDX"));
    }

    @Test
    void exportsCorpusFilesWithATokenizer() {
        Path corpus = tmp.resolve("c.parquet");
        try (DocumentParquetWriter w = new DocumentParquetWriter(corpus, List.of())) {
            w.write(new Document("a", "t", "Hej, verden!"));
            w.write(new Document("b", "t", "verden hej ukendt"));
            w.finish();
        }
        MegatronExport.Result n = MegatronExport.run(List.of(corpus), Fixtures.path("tokenizer/tokenizer.json"), tmp.resolve("out"), 5, 4);
        assertEquals(2, n.documents());
        assertEquals(tmp.resolve("out_text_document.bin"), n.bin());
        assertEquals(tmp.resolve("out_text_document.idx"), n.idx());
        MegatronReader r = new MegatronReader(tmp.resolve("out_text_document"));
        assertArrayEquals(new int[] {0, 2, 3, 4, 4}, r.sequence(0)); // "Hej" is unknown (case), then eos 4
        assertArrayEquals(new int[] {3, 1, 0, 4}, r.sequence(1));
    }
}
