package dk.snaklib.cli;

import dk.snaklib.experiment.PretrainSpec;
import dk.snaklib.experiment.Pretraining;
import dk.snaklib.experiment.Preset;
import dk.snaklib.experiment.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** `snak pretrain`: flags -> {@link PretrainSpec} -> {@link Pretraining#run(PretrainSpec)}, the same call a notebook makes. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pre-train a Llama from scratch, or continue pre-training an HF checkpoint, on text files, a corpus "
                + "folder, a mixture of its sources, or token shards.")
final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "tiny", description = "tiny, small, gpu, paper or a preset .yaml file "
            + "(`snak presets list`; default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--text", arity = "1..*", description = "text corpora (.txt with blank-line documents, .jsonl with \"text\"; "
            + ".gz/.bz2/.xz/.zst ok) or corpus .parquet files. Default: the bundled Danish sample under data-catalog/bundled/da")
    List<Path> texts = new ArrayList<>();

    @Option(names = "--corpus", description = "a `snak corpus run` output folder: every source's corpus/SOURCE.parquet")
    Path corpus;

    @Option(names = "--mix", split = ",", paramLabel = "SOURCE=WEIGHT",
            description = "with --corpus: mixture weights per source (2 repeats, 0.5 keeps half; sources not named are left out)")
    Map<String, Double> mix = new LinkedHashMap<>();

    @Option(names = "--leave-out", paramLabel = "SOURCE", description = "with --corpus: every source once except this one")
    String leaveOut;

    @Option(names = "--token-budget", split = ",", paramLabel = "SOURCE=TOKENS",
            description = "with --corpus: the most tokens to pack from a source")
    Map<String, Long> tokenBudget = new LinkedHashMap<>();

    @Option(names = "--shards", description = "already packed token shards (skips tokenizer training and packing; needs --tokenizer)")
    Path shards;

    @Option(names = "--tokenizer", description = "an existing tokenizer.json instead of training one (default with --init-from: the checkpoint's)")
    Path tokenizer;

    @Option(names = "--init-from", description = "a Hugging Face model folder to continue pre-training")
    Path initFrom;

    @Option(names = "--out", required = true, description = "run folder (run.json, metrics.csv, checkpoints/)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its newest good checkpoint")
    boolean resume;

    @Option(names = "--no-divergence-log", negatable = false,
            description = "with --init-from: do not measure weight divergence against it at each checkpoint (divergence.csv)")
    boolean noDivergenceLog;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu")
    String device;

    @Mixin
    TrainOverrides overrides = new TrainOverrides();

    @Override
    public Integer call() throws Exception {
        PretrainSpec spec = PretrainSpec.of(Preset.named(preset), data(), out).with(overrides.settings())
                .initFrom(initFrom).tokenizer(tokenizer).device(Devices.parse(device)).resume(resume);
        var result = Pretraining.run(spec, !noDivergenceLog);
        var last = result.metrics().isEmpty() ? null : result.metrics().getLast();
        System.out.printf("run %s: %d steps, final loss %.4f, val loss %.4f, %.0f tokens/s; model in %s%n", out,
                last == null ? 0 : last.step(), last == null ? Double.NaN : last.loss(),
                last == null ? Double.NaN : last.valLoss(), result.tokensPerSecond(), result.finalCheckpoint());
        return 0;
    }

    /** The data flags as one {@link TrainingData}; exactly one kind may be given. */
    private TrainingData data() throws java.io.IOException {
        int kinds = (texts.isEmpty() ? 0 : 1) + (corpus == null ? 0 : 1) + (shards == null ? 0 : 1);
        if (kinds > 1) {
            throw new IllegalArgumentException("give one of --text, --corpus and --shards");
        }
        if (corpus == null && (!mix.isEmpty() || leaveOut != null || !tokenBudget.isEmpty())) {
            throw new IllegalArgumentException("--mix, --leave-out and --token-budget need --corpus");
        }
        if (shards != null) {
            return TrainingData.shards(shards);
        }
        if (corpus != null) {
            if (!mix.isEmpty() && leaveOut != null) {
                throw new IllegalArgumentException("give --mix or --leave-out, not both");
            }
            TrainingData.Mix m = !mix.isEmpty() ? TrainingData.mixture(corpus, mix)
                    : leaveOut != null ? TrainingData.leaveOneOut(corpus, leaveOut) : TrainingData.corpus(corpus);
            return m.withTokenBudgets(tokenBudget);
        }
        return TrainingData.files(texts.isEmpty() ? bundledDanish() : texts);
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
