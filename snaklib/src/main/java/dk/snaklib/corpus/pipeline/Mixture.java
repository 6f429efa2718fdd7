package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.io.CorpusParquetReader;
import dk.snaklib.corpus.io.DocumentParquetWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A deterministic mixture of per-source corpus files. A source's weight is how many times each of its documents
 * goes in, on average: 1 keeps the source as it is, 2 repeats every document twice (up-sampling), 0.5 keeps a
 * seeded half (down-sampling), 0 leaves the source out. Whether a document is kept depends only on the seed and
 * its id, so the same spec gives the same mixture whatever the file order; the result is shuffled by the same
 * seeded hash. Holds the mixture's ids and texts in memory: meant for bundled and sample scale.
 */
public final class Mixture {
    /** Weights per source name and the seed; sources absent from the map get weight 0. */
    public record Spec(Map<String, Double> weights, long seed) {
        public Spec {
            weights = Map.copyOf(weights);
        }

        /** Every source once. */
        public static Spec equal(List<String> sources, long seed) {
            Map<String, Double> w = new LinkedHashMap<>();
            sources.forEach(s -> w.put(s, 1.0));
            return new Spec(w, seed);
        }

        /** Every source once except {@code left}: the study's leave-one-out ablation. */
        public static Spec leaveOneOut(List<String> sources, String left, long seed) {
            if (!sources.contains(left)) {
                throw new IllegalArgumentException("cannot leave out " + left + ": not among " + sources);
            }
            Map<String, Double> w = new LinkedHashMap<>();
            sources.forEach(s -> w.put(s, s.equals(left) ? 0.0 : 1.0));
            return new Spec(w, seed);
        }
    }

    private Mixture() {}

    /** The mixture of {@code corpusFiles} (source name -> corpus Parquet file) as a list in shuffled order. */
    public static List<Document> of(Map<String, Path> corpusFiles, Spec spec) {
        record Keyed(long key, Document doc) {}
        List<Keyed> out = new ArrayList<>();
        for (var e : corpusFiles.entrySet()) {
            double w = spec.weights().getOrDefault(e.getKey(), 0.0);
            if (w <= 0) {
                continue;
            }
            int whole = (int) Math.floor(w);
            double fraction = w - whole;
            try (Stream<Document> docs = CorpusParquetReader.read(e.getValue())) {
                docs.forEach(d -> {
                    int copies = whole + (unit(hash(spec.seed(), d.id(), -1)) < fraction ? 1 : 0);
                    for (int c = 0; c < copies; c++) {
                        out.add(new Keyed(hash(spec.seed(), d.id(), c), d));
                    }
                });
            }
        }
        out.sort(Comparator.comparingLong(Keyed::key).thenComparing(k -> k.doc().id()));
        return out.stream().map(Keyed::doc).toList();
    }

    /** Writes the mixture as one corpus Parquet file; returns the number of documents written. */
    public static long write(Map<String, Path> corpusFiles, Spec spec, Path target) {
        List<Document> docs = of(corpusFiles, spec);
        try (DocumentParquetWriter w = new DocumentParquetWriter(target, List.of())) {
            docs.forEach(w::write);
            w.finish();
        }
        return docs.size();
    }

    private static long hash(long seed, String id, int copy) {
        long h = seed * 0x9E3779B97F4A7C15L + copy;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    private static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }
}
