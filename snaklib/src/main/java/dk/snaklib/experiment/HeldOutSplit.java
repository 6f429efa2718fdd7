package dk.snaklib.experiment;

import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.HeldOutPartition;
import dk.snaklib.corpus.io.CorpusParquetReader;
import dk.snaklib.corpus.io.DocumentParquetWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Danish corpus split by {@link HeldOutPartition} ({@code danish-split}): {@code train/SOURCE.parquet} for
 * continued pre-training, {@code held-out/SOURCE.parquet} for perplexity at each checkpoint; the EVAL share is
 * written nowhere here (it is reserved for benchmark tasks built from bundled text). The unit is the document the
 * pipeline split into lines (its id before "#line"), so no page has lines on both sides.
 */
final class HeldOutSplit {
    static final String KIND = "danish-split";
    static final String TRAIN = "train";
    static final String HELD_OUT = "held-out";

    private HeldOutSplit() {}

    static Artifacts.Step step(Artifact corpus) {
        return Artifacts.Step.of(KIND, Map.of("partition", "snaklab-heldout-v1", "unit", "document id before #line"))
                .input("corpus", corpus).producer(work -> {
                    Map<String, Object> summary = new LinkedHashMap<>();
                    for (var e : TrainingData.Mix.corpusFiles(work.input("corpus").dir()).entrySet()) {
                        long[] n = new long[3];
                        Files.createDirectories(work.dir().resolve(TRAIN));
                        Files.createDirectories(work.dir().resolve(HELD_OUT));
                        try (var train = new DocumentParquetWriter(work.dir().resolve(TRAIN).resolve(e.getKey() + ".parquet"), List.of());
                             var held = new DocumentParquetWriter(work.dir().resolve(HELD_OUT).resolve(e.getKey() + ".parquet"), List.of());
                             Stream<Document> docs = CorpusParquetReader.read(e.getValue())) {
                            docs.forEach(d -> {
                                HeldOutPartition.Split s = HeldOutPartition.of(unit(d.id()));
                                n[s.ordinal()]++;
                                switch (s) {
                                    case TRAIN -> train.write(d);
                                    case HELD_OUT -> held.write(d);
                                    case EVAL -> { } // reserved for benchmark tasks
                                }
                            });
                            train.finish();
                            held.finish();
                        }
                        summary.put(e.getKey(), Map.of("train", n[0], "held_out", n[1], "reserved_eval", n[2]));
                    }
                    return summary;
                });
    }

    static String unit(String id) {
        int hash = id.lastIndexOf('#');
        return hash < 0 ? id : id.substring(0, hash);
    }
}
