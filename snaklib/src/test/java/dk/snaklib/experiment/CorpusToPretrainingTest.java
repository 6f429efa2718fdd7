package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.corpus.Document;
import dk.snaklib.corpus.io.CorpusParquetReader;
import dk.snaklib.corpus.pipeline.CorpusPipeline;
import dk.snaklib.corpus.pipeline.PipelineResult;
import dk.snaklib.corpus.pipeline.PipelineSpec;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.tokenizer.HfTokenizer;
import dk.snaklib.tokenizer.ShardMeta;
import dk.snaklib.tokenizer.TokenShards;
import dk.snaklib.train.MetricsLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The join the study rests on, through the library alone: the corpus pipeline on two bundled Danish sources (capped
 * to their first documents to stay quick) writes Parquet; a small base model is pre-trained on it; then that
 * checkpoint is continued on a two-source mixture of the Parquet output (one source weighted 2, the other 1), and
 * the shards' meta.json shows each source's tokens, which must equal an independent count over the Parquet files.
 */
class CorpusToPretrainingTest {
    @TempDir
    Path work;

    /** The first {@code n} lines of a bundled jsonl.zst source, as plain .jsonl. */
    private Path firstDocuments(String source, int n) throws Exception {
        Path bundled = Path.of("../data-catalog/bundled/da/" + source + ".jsonl.zst");
        Path out = work.resolve("in/" + source + ".jsonl");
        Files.createDirectories(out.getParent());
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                dk.snaklib.corpus.io.Compression.open(bundled), StandardCharsets.UTF_8))) {
            Files.write(out, in.lines().limit(n).toList());
        }
        return out;
    }

    @Test
    void continuedPretrainingOnATwoSourceMixtureOfThePipelinesParquetOutput() throws Exception {
        Path corpusOut = work.resolve("corpus");
        PipelineResult corpus = CorpusPipeline.run(PipelineSpec.study(List.of(
                        new PipelineSpec.Source("manpages", "jsonl", List.of(firstDocuments("manpages", 30))),
                        new PipelineSpec.Source("debian-edu-manual", "jsonl", List.of(firstDocuments("debian-edu-manual", 60)))),
                corpusOut), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertTrue(corpus.sources().stream().allMatch(s -> s.kept() > 20), corpus.sources().toString());

        Map<String, Object> small = Map.of("seq_len", 32, "micro_batch", 2, "warmup_steps", 1, "eval_every", 3,
                "eval_batches", 1, "checkpoint_every", 3, "vocab_size", 320, "max_text_bytes", 0);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);
        var base = Pretraining.run(PretrainSpec.of(Preset.TINY, TrainingData.corpus(corpusOut), work.resolve("base"))
                .with(small).with("steps", 3).log(logStream));

        Map<String, Double> weights = Map.of("debian-edu-manual", 2.0, "manpages", 1.0);
        var cpt = Pretraining.run(PretrainSpec.of(Preset.TINY, TrainingData.mixture(corpusOut, weights), work.resolve("cpt"))
                .initFrom(base.finalCheckpoint()).with(small).with("steps", 3).with("lr", 1e-3).log(logStream));

        // the continued run starts from the base model: same config, and a first loss near the base's last
        assertEquals(LlamaConfig.read(base.finalCheckpoint().resolve("config.json")),
                LlamaConfig.read(cpt.finalCheckpoint().resolve("config.json")));
        double baseFirst = base.metrics().getFirst().loss();
        double cptFirst = cpt.metrics().getFirst().loss();
        assertTrue(cptFirst < baseFirst, "continued first loss " + cptFirst + " vs scratch first loss " + baseFirst);
        assertEquals(3, MetricsLog.read(work.resolve("cpt/metrics.csv")).size());

        // the shards' token shares, against tokens counted here from the Parquet files
        ShardMeta meta = TokenShards.open(work.resolve("cpt/shards")).meta();
        Map<String, Long> expected = new java.util.TreeMap<>();
        try (HfTokenizer tok = HfTokenizer.load(base.finalCheckpoint().resolve("tokenizer.json"))) {
            for (var e : weights.entrySet()) {
                long tokens = 0;
                try (Stream<Document> docs = CorpusParquetReader.read(corpusOut.resolve("corpus/" + e.getKey() + ".parquet"))) {
                    for (Document d : docs.toList()) {
                        tokens += tok.encode(d.text()).length + 1; // + EOS
                    }
                }
                expected.put(e.getKey(), Math.round(tokens * e.getValue()));
            }
        }
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(total, meta.totalTokens());
        assertEquals(expected.keySet(), meta.sources().keySet());
        for (var e : expected.entrySet()) {
            ShardMeta.SourceTokens s = meta.sources().get(e.getKey());
            assertEquals(e.getValue(), s.tokens(), e.getKey() + " tokens");
            assertEquals((double) e.getValue() / total, s.share(), 1e-12, e.getKey() + " share");
        }
        // and the run record names the mixture and the checkpoint it continued
        var run = new ObjectMapper().readTree(work.resolve("cpt/run.json").toFile());
        assertEquals("mixture", run.at("/data/kind").asText());
        assertEquals(2.0, run.at("/data/weights/debian-edu-manual").asDouble());
        assertTrue(run.at("/init_from/files/model.safetensors/sha256").asText().matches("[0-9a-f]{64}"), run.toString());
    }

    @Test
    void tokenBudgetsAndLeaveOneOutShapeTheShards() throws Exception {
        Path corpusOut = work.resolve("corpus");
        CorpusPipeline.run(PipelineSpec.study(List.of(
                        new PipelineSpec.Source("manpages", "jsonl", List.of(firstDocuments("manpages", 30))),
                        new PipelineSpec.Source("debian-edu-manual", "jsonl", List.of(firstDocuments("debian-edu-manual", 60)))),
                corpusOut), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path tokenizer = Path.of(getClass().getResource("/tokenizer/llama2-style/tokenizer.json").toURI());
        Preset p = Preset.TINY.with(Map.of("seq_len", 32));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        var left = PretrainData.prepare(p, TrainingData.leaveOneOut(corpusOut, "manpages"), tokenizer, work.resolve("loo"), quiet);
        assertEquals(List.of("debian-edu-manual"), List.copyOf(TokenShards.open(left.shardsDir()).meta().sources().keySet()));

        var budget = PretrainData.prepare(p, TrainingData.corpus(corpusOut).withTokenBudgets(Map.of("manpages", 500L)),
                tokenizer, work.resolve("budget"), quiet);
        ShardMeta.SourceTokens man = TokenShards.open(budget.shardsDir()).meta().sources().get("manpages");
        assertTrue(man.tokens() >= 500 && man.skippedDocuments() > 0 && man.tokenBudget() == 500, man.toString());
    }
}
