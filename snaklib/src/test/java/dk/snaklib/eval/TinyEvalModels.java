package dk.snaklib.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.tokenizer.BpeModel;
import dk.snaklib.tokenizer.BpeTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Tiny random Llamas with a BPE tokenizer learned from the bundled tasks' train rows, for fast evaluation tests. */
final class TinyEvalModels {
    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    static final Path BUNDLED = BundledTasks.dataDir(REPO);

    private TinyEvalModels() {}

    /** Danish training text: the train rows of every bundled task (never their val or test rows). */
    static List<String> danishText() throws Exception {
        List<String> docs = new ArrayList<>();
        for (DanishTask t : BundledTasks.ALL) {
            BenchmarkData d = BenchmarkData.load(BUNDLED.resolve(t.name()), t);
            d.train().forEach(e -> docs.add(e.text() + "\n" + e.label() + e.targetText()));
        }
        return docs;
    }

    /** A tokenizer.json learned from {@link #danishText}. */
    static Path tokenizer(Path dir, int vocab) throws Exception {
        BpeModel bpe = BpeTrainer.builder().vocabSize(vocab).showProgress(false).build()
                .train(danishText().iterator(), "eval-test");
        Path tok = bpe.save(dir.resolve("tok"));
        return Files.isDirectory(tok) ? tok.resolve("tokenizer.json") : tok;
    }

    /**
     * A copy of bundled tasks under {@code root} with all train rows (the few-shot pool) but only the first {@code n}
     * val and test rows, to keep tests fast.
     */
    static Path subset(Path root, int n, DanishTask... tasks) throws Exception {
        for (DanishTask t : tasks) {
            Path to = Files.createDirectories(root.resolve(t.name()));
            for (String split : BenchmarkData.SPLITS) {
                List<String> lines = Files.readAllLines(BUNDLED.resolve(t.name()).resolve(split + ".jsonl"));
                Files.write(to.resolve(split + ".jsonl"), split.equals("train") ? lines : lines.subList(0, n));
            }
        }
        return root;
    }

    /** A random tiny model saved as an HF folder. */
    static Path model(Path dir, Path tokenizerJson, int vocab, int context, long seed) throws Exception {
        LlamaConfig config = LlamaConfig.of(vocab, 32, 64, 2, 4, 2, context);
        try (LlamaModel m = LlamaModel.initialize(config, seed, Device.cpu())) {
            HfCheckpoint.save(dir, config, new LinkedHashMap<String, NDArray>(m.weights()), tokenizerJson, null);
        }
        return dir;
    }
}
