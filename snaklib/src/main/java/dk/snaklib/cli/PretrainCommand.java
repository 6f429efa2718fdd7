package dk.snaklib.cli;

import dk.snaklib.experiment.PretrainData;
import dk.snaklib.experiment.Pretraining;
import dk.snaklib.experiment.Preset;
import dk.snaklib.train.Pretrainer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pre-train a Llama from scratch, or continue pre-training an HF checkpoint, on text or token shards.")
final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "tiny", description = "tiny, small, gpu or paper (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--text", arity = "1..*", description = "text corpora (.txt with blank-line documents, .jsonl with \"text\"; .gz ok). "
            + "Default: the bundled Danish sample under data-catalog/bundled/da")
    List<Path> texts = new ArrayList<>();

    @Option(names = "--shards", description = "already packed token shards (skips tokenizer training and packing)")
    Path shards;

    @Option(names = "--tokenizer", description = "an existing tokenizer.json instead of training one")
    Path tokenizer;

    @Option(names = "--init-from", description = "a Hugging Face model folder to continue pre-training")
    Path initFrom;

    @Option(names = "--out", required = true, description = "run folder (metrics.csv, checkpoints/)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its newest good checkpoint")
    boolean resume;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu")
    String device;

    @Mixin
    TrainOverrides overrides = new TrainOverrides();

    @Override
    public Integer call() throws Exception {
        Preset p = overrides.apply(Preset.named(preset));
        Files.createDirectories(out);
        Path tokenizerJson;
        Path shardsDir;
        if (shards != null) {
            if (tokenizer == null) {
                throw new IllegalArgumentException("--shards needs --tokenizer (the tokenizer the shards were packed with)");
            }
            tokenizerJson = tokenizer;
            shardsDir = shards;
        } else {
            if (tokenizer == null && initFrom != null && Files.exists(initFrom.resolve("tokenizer.json"))) {
                tokenizer = initFrom.resolve("tokenizer.json");
            }
            PretrainData.Prepared prepared = PretrainData.prepare(p, texts.isEmpty() ? bundledDanish() : texts,
                    tokenizer, out, System.err);
            tokenizerJson = prepared.tokenizerJson();
            shardsDir = prepared.shardsDir();
        }
        var modelConfig = initFrom != null ? null : Pretraining.modelFor(p, tokenizerJson);
        var result = Pretrainer.run(new Pretrainer.Spec(out, shardsDir, tokenizerJson, modelConfig, initFrom, p.train(),
                Devices.parse(device), resume));
        var last = result.metrics().isEmpty() ? null : result.metrics().getLast();
        System.out.printf("run %s: %d steps, final loss %.4f, val loss %.4f, %.0f tokens/s; model in %s%n", out,
                last == null ? 0 : last.step(), last == null ? Double.NaN : last.loss(),
                last == null ? Double.NaN : last.valLoss(), result.tokensPerSecond(), result.finalCheckpoint());
        return 0;
    }

    /** The bundled Danish corpus files (data-catalog/bundled/da), from the working directory or the launcher's root. */
    static List<Path> bundledDanish() throws java.io.IOException {
        List<Path> files = bundledDanish(ProjectPaths.find("data-catalog/bundled/da"));
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no --text given and no bundled corpus found under data-catalog/bundled/da");
        }
        return files;
    }

    /** The bundled corpus files ({@code *.jsonl.zst}) in {@code dir}, sorted; none if there is no such folder. */
    static List<Path> bundledDanish(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".jsonl.zst")).sorted().toList();
        }
    }
}
