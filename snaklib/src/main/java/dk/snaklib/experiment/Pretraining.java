package dk.snaklib.experiment;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.analysis.CheckpointDivergence;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.tokenizer.HfTokenizer;
import dk.snaklib.train.CheckpointStore;
import dk.snaklib.train.Pretrainer;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Pre-training or continued pre-training, in one call: {@link PretrainSpec} -> inputs and device checked ->
 * run.json (refusing a folder that holds a different run) -> tokenizer and shards (kept in the run folder) -> a model
 * built by the preset or loaded from a Hugging Face checkpoint -> {@link Pretrainer}. A run folder with checkpoints
 * is resumed from its newest good one, at the data position that checkpoint saved. What `snak pretrain` and the
 * notebooks call.
 */
public final class Pretraining {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Pretraining() {}

    /** The preset from scratch on text files, into {@code runDir} (resumed if it has checkpoints). */
    public static Pretrainer.Result run(Preset preset, List<Path> texts, Path runDir) {
        return run(PretrainSpec.of(preset, TrainingData.files(texts), runDir));
    }

    /** With a given tokenizer (null: train one), device, and whether existing checkpoints may be resumed. */
    public static Pretrainer.Result run(Preset preset, List<Path> texts, Path tokenizer, Path runDir, Device device,
                                        boolean resume, PrintStream log) {
        return run(PretrainSpec.of(preset, TrainingData.files(texts), runDir).tokenizer(tokenizer).device(device)
                .resume(resume).log(log));
    }

    /** Continued pre-training also logs weight divergence against {@code initFrom} at each checkpoint (divergence.csv). */
    public static Pretrainer.Result run(PretrainSpec spec) {
        return run(spec, true);
    }

    /** With {@code logDivergence} false, continued pre-training skips the divergence log (a few seconds per checkpoint). */
    public static Pretrainer.Result run(PretrainSpec spec, boolean logDivergence) {
        PrintStream log = spec.log();
        Preset preset = spec.resolvedPreset();
        TrainingData data = spec.data();
        if (data instanceof TrainingData.Mix mix && mix.seed() == 0) {
            data = mix.withSeed(preset.train().seed());
        }
        Path tokenizer = validate(spec, preset, data);
        Path runDir = spec.runDir();

        RunRecord old = RunRecord.read(runDir).orElse(null);
        if (old != null && !old.json().has("shards") && new CheckpointStore(runDir, log).list().isEmpty()) {
            // the earlier run stopped before its data was ready (bad input, a crash): nothing of it to keep
            log.println("snak: the run recorded in " + runDir.resolve(RunRecord.FILE) + " never got its data ready;"
                    + " starting this one in its place");
            if (old.json().at("/tokenizer_given/sha256").asText().startsWith("none")) {
                AtomicFiles.deleteTree(runDir.resolve("tokenizer"));
            }
            old = null;
        }
        RunRecord now = inputsRecord(spec, preset, data, tokenizer, old);
        RunRecord.refuseOtherRun(old, now, runDir, log);
        if (old == null) {
            if (!new CheckpointStore(runDir, log).list().isEmpty()) {
                log.println("snak: " + runDir + " has checkpoints but no " + RunRecord.FILE + " (a run from before run"
                        + " records); recording this run's spec now");
            }
            now.write(runDir);
        }

        PretrainData.Prepared prepared = PretrainData.prepare(preset, data, tokenizer, runDir, log);
        LlamaConfig model = spec.initFrom() != null ? LlamaConfig.read(spec.initFrom().resolve(HfCheckpoint.CONFIG))
                : modelFor(preset, prepared.tokenizerJson());
        addPrepared(now, prepared, model, old);
        RunRecord.refuseOtherRun(old, now, runDir, log);
        if (old != null) {
            now.json().put("created", old.json().path("created").asText());
        }
        now.write(runDir);

        Pretrainer trainer = new Pretrainer(new Pretrainer.Spec(runDir, prepared.shardsDir(), prepared.tokenizerJson(),
                spec.initFrom() == null ? model : null, spec.initFrom(), preset.train(), spec.device(), spec.resume()), log);
        if (logDivergence && spec.initFrom() != null) {
            trainer.onCheckpoint(new CheckpointDivergence(spec.initFrom(), runDir, log));
        }
        return trainer.run();
    }

    /**
     * Checks every input and the device before any long work, and returns the tokenizer to use (null: train one).
     * Each problem names the file or setting.
     */
    static Path validate(PretrainSpec spec, Preset preset, TrainingData data) {
        if (spec.runDir() == null) {
            throw new IllegalArgumentException("no run folder given");
        }
        if (spec.device().isGpu() && Engine.getEngine("PyTorch").getGpuCount() == 0) {
            throw new IllegalArgumentException("device " + spec.device() + ": the PyTorch engine sees no CUDA GPU "
                    + "(a CUDA libtorch is needed: see environments/cuda/README.md)");
        }
        data.validate();
        Path init = spec.initFrom();
        Path tokenizer = spec.tokenizer();
        if (tokenizer != null && !Files.isRegularFile(tokenizer)) {
            throw new BadInputException(tokenizer, "tokenizer file does not exist");
        }
        if (init != null) {
            if (!Files.isDirectory(init)) {
                throw new BadInputException(init, "checkpoint folder to continue from does not exist");
            }
            if (!Files.isRegularFile(init.resolve(HfCheckpoint.CONFIG))) {
                throw new BadInputException(init, "not a Hugging Face model folder: config.json is missing");
            }
            LlamaConfig.read(init.resolve(HfCheckpoint.CONFIG)); // a broken config fails now, naming the key
            if (RunRecord.weightFiles(init).isEmpty()) {
                throw new BadInputException(init, "not a Hugging Face model folder: no *.safetensors weights");
            }
            if (tokenizer == null) {
                tokenizer = init.resolve(HfCheckpoint.TOKENIZER);
                if (!Files.isRegularFile(tokenizer)) {
                    throw new BadInputException(init, "the checkpoint has no tokenizer.json: give the tokenizer it was"
                            + " trained with (a new one would not match its embeddings)");
                }
            }
        } else if (!preset.buildsModel()) {
            throw new IllegalArgumentException("preset " + preset.name() + " continues from a Hugging Face checkpoint: "
                    + "give one (--init-from DIR, or PretrainSpec.initFrom)");
        }
        if (data instanceof TrainingData.Shards && tokenizer == null) {
            throw new IllegalArgumentException("token shards need the tokenizer they were packed with (--tokenizer)");
        }
        return tokenizer;
    }

    /** What is known before the data is prepared: hyper-parameters, data and their hashes, tokenizer, checkpoint. */
    private static RunRecord inputsRecord(PretrainSpec spec, Preset preset, TrainingData data, Path tokenizer, RunRecord old) {
        RunRecord r = RunRecord.start();
        r.put("preset", preset.toTree());
        r.put("overrides", JSON.valueToTree(spec.overrides()));
        ObjectNode d = r.section("data");
        d.put("kind", switch (data) {
            case TrainingData.Files f -> "files";
            case TrainingData.Mix m -> "mixture";
            case TrainingData.Shards s -> "shards";
        });
        d.put("description", data.describe());
        if (data instanceof TrainingData.Mix m) {
            d.set("weights", JSON.valueToTree(new java.util.TreeMap<>(m.effectiveWeights())));
            d.put("seed", m.seed());
            d.set("token_budgets", JSON.valueToTree(new java.util.TreeMap<>(m.tokenBudgets())));
        }
        d.set("files", RunRecord.files(data.inputFiles(), old, "data"));
        r.section("tokenizer_given").put("sha256", tokenizer == null ? "none: trained on the data" : AtomicFiles.sha256(tokenizer));
        if (spec.initFrom() != null) {
            List<Path> files = new ArrayList<>(RunRecord.weightFiles(spec.initFrom()));
            files.addFirst(spec.initFrom().resolve(HfCheckpoint.CONFIG));
            ObjectNode i = r.section("init_from");
            i.put("path", spec.initFrom().toAbsolutePath().normalize().toString());
            i.set("files", RunRecord.files(files, old, "init_from"));
        } else {
            r.put("init_from", NullNode.getInstance());
        }
        r.json().put("device", spec.device().toString());
        return r;
    }

    /** Adds what preparing the data made: the tokenizer's hash, the model config, the shards' hashes. */
    private static void addPrepared(RunRecord r, PretrainData.Prepared p, LlamaConfig model, RunRecord old) {
        ObjectNode t = r.section("tokenizer");
        t.put("path", p.tokenizerJson().toAbsolutePath().normalize().toString());
        t.put("sha256", AtomicFiles.sha256(p.tokenizerJson()));
        try {
            r.put("model", JSON.readTree(model.toJson()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode s = r.section("shards");
        s.put("dir", p.shardsDir().toAbsolutePath().normalize().toString());
        s.set("files", RunRecord.files(Stream.of("meta.json", "train.bin", "val.bin").map(p.shardsDir()::resolve).toList(),
                old, "shards"));
    }

    /** The preset's model shape with the vocabulary and special tokens of {@code tokenizerJson}. */
    public static LlamaConfig modelFor(Preset preset, Path tokenizerJson) {
        try (HfTokenizer tok = HfTokenizer.load(tokenizerJson)) {
            return preset.model(tok.vocabSize(), tok.bosId().isPresent() ? tok.bosId().getAsInt() : null,
                    tok.eosId().isPresent() ? tok.eosId().getAsInt() : null);
        }
    }
}
