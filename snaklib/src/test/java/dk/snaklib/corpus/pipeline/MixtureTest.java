package dk.snaklib.corpus.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.io.CorpusParquetReader;
import dk.snaklib.corpus.io.DocumentParquetWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixtureTest {
    @TempDir
    Path tmp;

    private Path corpus(String source, int n) {
        Path f = tmp.resolve(source + ".parquet");
        try (DocumentParquetWriter w = new DocumentParquetWriter(f, List.of())) {
            for (int i = 0; i < n; i++) {
                w.write(new Document(source + ":" + i, source, "tekst " + i, Map.of("line", Integer.toString(i))));
            }
            w.finish();
        }
        return f;
    }

    @Test
    void corpusFilesRoundTripWithMeta() {
        Path f = corpus("a", 3);
        try (Stream<Document> s = CorpusParquetReader.read(f)) {
            assertEquals(List.of(new Document("a:0", "a", "tekst 0", Map.of("line", "0")),
                    new Document("a:1", "a", "tekst 1", Map.of("line", "1")),
                    new Document("a:2", "a", "tekst 2", Map.of("line", "2"))), s.toList());
        }
    }

    @Test
    void weightsUpAndDownSampleDeterministically() {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("a", corpus("a", 1000));
        files.put("b", corpus("b", 1000));
        files.put("c", corpus("c", 1000));
        Mixture.Spec spec = new Mixture.Spec(Map.of("a", 2.0, "b", 0.5, "c", 0.0), 42);
        List<Document> mix = Mixture.of(files, spec);
        long a = mix.stream().filter(d -> d.source().equals("a")).count();
        long b = mix.stream().filter(d -> d.source().equals("b")).count();
        assertEquals(2000, a);
        assertTrue(b > 430 && b < 570, "about half of b: " + b);
        assertEquals(0, mix.stream().filter(d -> d.source().equals("c")).count());
        assertEquals(mix, Mixture.of(files, spec), "same spec, same mixture");
        assertTrue(!mix.subList(0, 100).stream().allMatch(d -> d.source().equals("a")), "shuffled, not concatenated");
        Map<String, Path> reversed = new LinkedHashMap<>();
        reversed.put("c", files.get("c"));
        reversed.put("b", files.get("b"));
        reversed.put("a", files.get("a"));
        assertEquals(mix, Mixture.of(reversed, spec), "independent of file order");
    }

    @Test
    void leaveOneOutDropsExactlyThatSource() {
        Map<String, Path> files = Map.of("a", corpus("a", 10), "b", corpus("b", 10));
        List<Document> mix = Mixture.of(files, Mixture.Spec.leaveOneOut(List.of("a", "b"), "a", 1));
        assertEquals(10, mix.size());
        assertTrue(mix.stream().allMatch(d -> d.source().equals("b")));
        assertEquals(10, Mixture.write(files, Mixture.Spec.leaveOneOut(List.of("a", "b"), "b", 1), tmp.resolve("mix.parquet")));
    }
}
