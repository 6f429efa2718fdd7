package dk.snaklib.corpus.pipeline;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.io.CorpusParquetReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Counts tokens of corpus files under a Hugging Face {@code tokenizer.json} (the Llama-2 tokenizer for the paper
 * preset, our BPE for the small model), without special tokens, and adds them to the statistics table.
 */
public final class TokenCounter implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    public TokenCounter(Path tokenizerJson) {
        try {
            tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(false)
                    .optTruncation(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson, e);
        }
    }

    public long count(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    /** Tokens in all documents of a corpus Parquet file. */
    public long countFile(Path corpusFile) {
        long n = 0;
        try (Stream<Document> docs = CorpusParquetReader.read(corpusFile)) {
            for (var it = docs.iterator(); it.hasNext(); ) {
                n += count(it.next().text());
            }
        }
        return n;
    }

    /**
     * The run's statistics with a {@code tokens} column, rewritten to {@code stats.tsv} and {@code stats.parquet}
     * beside the run's statistics file; returns the token counts per source.
     */
    public Map<String, Long> addTo(PipelineResult result) {
        List<SourceStats> rows = new ArrayList<>();
        Map<String, Long> tokens = new java.util.LinkedHashMap<>();
        for (int i = 0; i < result.sources().size(); i++) {
            SourceStats s = result.sources().get(i);
            tokens.put(s.source(), countFile(result.corpusFiles().get(i)));
            rows.add(s);
        }
        StatsTable table = new StatsTable(rows, result.steps().stream().map(StepCounters::step).toList(), tokens);
        dk.snaklib.util.AtomicFiles.writeString(result.statsFile(), table.toTsv());
        table.writeParquet(result.statsFile().resolveSibling("stats.parquet"));
        return tokens;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
