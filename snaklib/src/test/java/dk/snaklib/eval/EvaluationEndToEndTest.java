package dk.snaklib.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.cli.SnakCli;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.HfModel;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.tokenizer.BpeModel;
import dk.snaklib.tokenizer.BpeTrainer;
import dk.snaklib.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny Llama + BPE tokenizer made here, scored on small fixture datasets in ScandEval's layout, end to end. */
class EvaluationEndToEndTest {
    @TempDir
    static Path tmp;
    static Path modelDir;
    static Path dataDir;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = "hunden katten Aalborg Mette bor i går ja nej positiv negativ neutral godt skidt"
            .split(" ");

    @BeforeAll
    static void build() throws Exception {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            docs.add(sentence(i, 8) + "\nSentiment: " + WORDS[i % WORDS.length] + "\n\nTweet: " + sentence(i + 3, 5));
        }
        BpeModel bpe = BpeTrainer.builder().vocabSize(300).showProgress(false).build().train(docs.iterator(), "eval-test");
        Path tok = bpe.save(tmp.resolve("tok"));
        Path tokFile = Files.isDirectory(tok) ? tok.resolve("tokenizer.json") : tok;
        LlamaConfig config = LlamaConfig.of(bpe.vocabSize(), 32, 64, 2, 4, 2, 320);
        modelDir = tmp.resolve("tiny-model");
        try (LlamaModel m = LlamaModel.initialize(config, 7, Device.cpu())) {
            HfCheckpoint.save(modelDir, config, new LinkedHashMap<String, NDArray>(m.weights()), tokFile, null);
        }
        dataDir = tmp.resolve("data");
        String[] sentiments = {"positive", "neutral", "negative"};
        writeSplits("angry-tweets", i -> row("text", i == 2 ? "" : sentence(i, 6), "label", sentiments[i % 3]), 30, 6, 6);
        writeSplits("dansk", i -> {
            ObjectNode o = JSON.createObjectNode();
            String[] tokens = {"Mette", "bor", "i", WORDS[i % WORDS.length]};
            o.put("text", String.join(" ", tokens));
            o.set("tokens", JSON.valueToTree(tokens));
            String[] tags = {"B-PER", "O", "O", i % 2 == 0 ? "B-LOC" : i % 3 == 0 ? "B-ORG" : "B-MISC"};
            o.set("labels", JSON.valueToTree(tags));
            return o;
        }, 30, 2, 2);
        writeSplits("scandiqa-da", i -> {
            ObjectNode o = row("id", "q" + i, "context", sentence(i, 10), "question", "Hvem " + WORDS[i % 5] + "?");
            o.putObject("answers").set("text", JSON.valueToTree(new String[] {WORDS[i % WORDS.length]}));
            ((ObjectNode) o.get("answers")).set("answer_start", JSON.valueToTree(new int[] {0}));
            return o;
        }, 12, 3, 3);
        writeSplits("nordjylland-news", i -> row("text", sentence(i, 12), "target_text", sentence(i + 1, 4)), 5, 1, 1);
    }

    @Test
    void libraryRunGivesV13RecordsAndSameScoresTwice() {
        EvalSpec spec = EvalSpec.of(modelDir, List.of("angry-tweets", "dansk", "scandiqa-da", "nordjylland-news"), dataDir)
                .withIterations(2).withOnlyValidationSplit(true);
        Evaluation.Result result;
        try (HfModel model = HfModel.open(modelDir)) {
            result = Evaluation.run(spec, model);
            EvalSpec short_ = EvalSpec.of(modelDir, List.of("angry-tweets", "scandiqa-da"), dataDir)
                    .withIterations(2).withOnlyValidationSplit(true);
            Evaluation.Result again = Evaluation.run(short_, model);
            assertEquals(List.of(result.records().get(0).toJson().toString(), result.records().get(2).toJson().toString()),
                    again.records().stream().map(r -> r.toJson().toString()).toList(), "deterministic");
        }
        BenchmarkResult tweets = result.records().getFirst();
        assertEquals("angry-tweets", tweets.dataset());
        assertEquals(2, tweets.raw().size());
        assertTrue(tweets.validationSplit());
        assertEquals(320 + 1, tweets.maxSequenceLength());
        double mcc0 = tweets.raw().get(0).get("mcc");
        double mcc1 = tweets.raw().get(1).get("mcc");
        assertEquals((mcc0 + mcc1) / 2 * 100, tweets.total().get("test_mcc"), 1e-9);
        assertEquals(1.96 * Math.abs(mcc0 - mcc1) / Math.sqrt(2) / Math.sqrt(2) * 100, tweets.total().get("test_mcc_se"), 1e-9);
        ObjectNode json = tweets.toJson();
        assertEquals(List.of("dataset", "task", "dataset_languages", "model", "results", "num_model_parameters",
                "max_sequence_length", "vocabulary_size", "generative", "few_shot", "validation_split",
                "scandeval_version"), iterator(json));
        assertTrue(json.path("results").path("raw").path("test").isArray());
        BenchmarkResult news = result.records().get(3);
        assertFalse(news.total().containsKey("test_bertscore"), "BERTScore is absent, never approximated");
        assertTrue(news.total().containsKey("test_rouge_l"));
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("bertscore")), result.notes().toString());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("angry-tweets: dropped 1 empty")), result.notes().toString());
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("truncated from the left")), result.notes().toString());
        assertEquals(7, result.table().rowCount());   // 2 + 2 + 2 + rouge_l only (no BERTScore)
    }

    @Test
    void cliAppendsRecordsThatReadBack() throws Exception {
        Path results = tmp.resolve("results.jsonl");
        int code = SnakCli.run("eval", "--model", modelDir.toString(), "--tasks", "angry-tweets",
                "--data", dataDir.toString(), "--iterations", "2", "--results", results.toString());
        assertEquals(0, code);
        SnakCli.run("eval", "--model", modelDir.toString(), "--tasks", "angry-tweets", "--data", dataDir.toString(),
                "--iterations", "2", "--full-vocabulary", "--results", results.toString());
        ResultsFile.Read read = ResultsFile.read(results);
        assertEquals(2, read.records().size());
        assertTrue(Files.readString(results).startsWith("\n{"), "v13 writes \"\\n\" + json");
        assertFalse(read.records().get(0).validationSplit());
        assertEquals(2, read.records().get(0).raw().size());
    }

    @Test
    void badInputIsNamed() throws Exception {
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken.resolve("angry-tweets"));
        Files.writeString(broken.resolve("angry-tweets/train.jsonl"), "{\"text\":\"a\",\"label\":\"positive\"}\n");
        var missing = assertThrows(BadInputException.class,
                () -> BenchmarkData.load(broken.resolve("angry-tweets"), DanishTasks.ANGRY_TWEETS));
        assertTrue(missing.getMessage().contains("split 'val' missing"), missing.getMessage());
        Files.writeString(broken.resolve("angry-tweets/val.jsonl"), "{\"text\":\"a\",\"label\":\"happy\"}\n");
        Files.writeString(broken.resolve("angry-tweets/test.jsonl"), "{\"text\":\"a\",\"label\":\"positive\"}\n");
        var unknown = assertThrows(BadInputException.class,
                () -> BenchmarkData.load(broken.resolve("angry-tweets"), DanishTasks.ANGRY_TWEETS));
        assertTrue(unknown.getMessage().contains("unknown label 'happy'") && unknown.getMessage().contains("val.jsonl"),
                unknown.getMessage());
        var parsed = NerParser.parse("ikke json", List.of("Mette", "bor"), DanishTasks.DANSK);
        assertFalse(parsed.parseable());
        assertEquals(List.of("o", "o"), parsed.tags());
        var ok = NerParser.parse("{\"person\": [\"Mette\"], \"sted\": [\"bor i\"], 'x': []}\n\nmore", List.of("Mette", "bor", "i"),
                DanishTasks.DANSK);
        assertEquals(List.of("b-per", "b-loc", "i-loc"), ok.tags());
    }

    private static List<String> iterator(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String sentence(int seed, int n) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < n; k++) {
            b.append(k == 0 ? "" : " ").append(WORDS[(seed * 7 + k * 3) % WORDS.length]);
        }
        return b.append(" nr ").append(seed).toString();   // distinct texts, as few-shot drawing needs
    }

    private static ObjectNode row(String... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o;
    }

    private static void writeSplits(String name, java.util.function.IntFunction<ObjectNode> rows, int... sizes)
            throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve(name));
        int offset = 0;
        for (int s = 0; s < 3; s++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < sizes[s]; i++) {
                b.append(rows.apply(offset + i)).append('\n');
            }
            offset += sizes[s];
            Files.writeString(dir.resolve(BenchmarkData.SPLITS.get(s) + ".jsonl"), b.toString());
        }
    }
}
