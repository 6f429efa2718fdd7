package dk.snaklib.experiment;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.corpus.BadRecord;
import dk.snaklib.corpus.ReadOptions;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.tokenizer.HfTokenizer;
import dk.snaklib.train.CheckpointStore;
import dk.snaklib.tune.InstructionPair;
import dk.snaklib.tune.LoraConfig;
import dk.snaklib.tune.LoraTargets;
import dk.snaklib.tune.SftData;
import dk.snaklib.tune.Tuner;
import dk.snaklib.util.BadInputException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Instruction tuning in one call: {@link TuneSpec} -> base checkpoint, tokenizer, adapter settings and data checked
 * -> run.json (refusing a folder that holds a different run, naming each differing setting) -> pairs read, formatted
 * by the template and packed -> {@link Tuner} (LoRA or full fine-tuning on the shared training loop). A folder with
 * checkpoints is resumed. What {@code snak tune} and the notebooks call:
 * <pre>{@code
 * var run = Tuning.run(TuneSpec.of(Path.of("runs/tiny/checkpoints/step-00000300"), "chat", "tiny", Path.of("runs/sft")));
 * }</pre>
 */
public final class Tuning {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tuning() {}

    /** LoRA with {@code preset} and {@code template} on the bundled Danish set: what notebooks 04 and 05 call. */
    public static Tuner.Result run(Path base, String template, String preset, Path runDir) {
        return run(TuneSpec.of(base, template, preset, runDir));
    }

    public static Tuner.Result run(TuneSpec spec) {
        PrintStream log = spec.log();
        TunePreset preset = spec.resolvedPreset();
        Path runDir = spec.runDir();
        if (runDir == null) {
            throw new IllegalArgumentException("no run folder given");
        }
        if (spec.device().isGpu() && Engine.getEngine("PyTorch").getGpuCount() == 0) {
            throw new IllegalArgumentException("device " + spec.device() + ": the PyTorch engine sees no CUDA GPU "
                    + "(a CUDA libtorch is needed: see environments/cuda/README.md)");
        }
        LlamaConfig baseConfig = checkBase(spec.base());
        Path tokenizerJson = spec.base().resolve(HfCheckpoint.TOKENIZER);
        try (HfTokenizer tokenizer = HfTokenizer.load(tokenizerJson)) {
            checkTokenizer(tokenizer, baseConfig);
            LoraConfig lora = spec.full() ? null : preset.loraConfig(spec.base().toAbsolutePath().normalize().toString());
            if (lora != null) {
                LoraTargets.resolve(lora, baseConfig); // an unknown target fails now, listing the modules that exist
            }
            List<Path> trainFiles = spec.trainData().inputFiles();
            List<Path> heldOutFiles = spec.heldOutData().inputFiles();

            RunRecord old = RunRecord.read(runDir).orElse(null);
            if (old != null && !old.json().has("packed") && new CheckpointStore(runDir, log).list().isEmpty()) {
                log.println("snak: the run recorded in " + runDir.resolve(RunRecord.FILE) + " never got its data ready;"
                        + " starting this one in its place");
                old = null;
            }
            RunRecord now = inputsRecord(spec, preset, trainFiles, heldOutFiles, tokenizerJson, old);
            RunRecord.refuseOtherRun(old, now, runDir, log);
            if (old == null) {
                now.write(runDir);
            }

            SftData data = prepare(spec, preset, tokenizer, trainFiles, heldOutFiles, log);
            int steps = preset.train().steps() > 0 ? preset.train().steps()
                    : Tuner.stepsFor(preset.train().epochs(), data.chunks().size(),
                            preset.train().microBatch() * preset.train().gradAccum());
            ObjectNode packed = now.section("packed");
            packed.put("chunks", data.chunks().size());
            packed.put("sha256", data.sha256());
            packed.put("pairs", data.packing().examples());
            packed.put("tokens", data.packing().tokens());
            packed.put("dropped_tokens", data.packing().droppedTokens());
            packed.put("held_out_scored", data.heldOut().size());
            packed.put("held_out_unscored", data.heldOutSkipped());
            packed.put("steps", steps);
            RunRecord.refuseOtherRun(old, now, runDir, log);
            if (old != null) {
                now.json().put("created", old.json().path("created").asText());
            }
            now.write(runDir);
            log.printf("snak: %,d pairs -> %,d chunks of %d tokens (%,d tokens dropped at buffer ends); %d steps of %d"
                    + " sequences%n", data.packing().examples(), data.chunks().size(), preset.seqLen(),
                    data.packing().droppedTokens(), steps, preset.train().microBatch() * preset.train().gradAccum());
            return new Tuner(new Tuner.Spec(runDir, spec.base(), tokenizerJson, data, lora, preset.trainConfig(steps),
                    preset.train().steps() > 0 ? 0 : preset.train().epochs(), spec.device(), spec.resume()), log).run();
        }
    }

    /** The base folder's config (a broken one fails naming the key); weights and tokenizer must be there. */
    static LlamaConfig checkBase(Path base) {
        if (base == null) {
            throw new IllegalArgumentException("no base checkpoint given (--base DIR, a Hugging Face model folder)");
        }
        if (!Files.isDirectory(base)) {
            throw new BadInputException(base, "base checkpoint folder does not exist");
        }
        if (!Files.isRegularFile(base.resolve(HfCheckpoint.CONFIG))) {
            throw new BadInputException(base, "not a Hugging Face model folder: config.json is missing");
        }
        LlamaConfig config = LlamaConfig.read(base.resolve(HfCheckpoint.CONFIG));
        if (RunRecord.weightFiles(base).isEmpty()) {
            throw new BadInputException(base, "not a Hugging Face model folder: no *.safetensors weights");
        }
        if (!Files.isRegularFile(base.resolve(HfCheckpoint.TOKENIZER))) {
            throw new BadInputException(base, "the base checkpoint has no tokenizer.json: tuning needs the tokenizer it"
                    + " was trained with");
        }
        return config;
    }

    /** Packing needs EOS (appended after every example) and BOS (the tokenizer's first token); both must fit the model. */
    static void checkTokenizer(HfTokenizer tokenizer, LlamaConfig config) {
        if (tokenizer.bosId().isEmpty() || tokenizer.eosId().isEmpty()) {
            String missing = tokenizer.bosId().isEmpty() && tokenizer.eosId().isEmpty() ? "BOS and EOS tokens"
                    : tokenizer.bosId().isEmpty() ? "a BOS token" : "an EOS token";
            throw new BadInputException(tokenizer.file(), "the tokenizer has no " + missing + " (looked for <s>/</s>, "
                    + "<|begin_of_text|>/<|end_of_text|>, <bos>/<eos>, <|endoftext|> and tokenizer_config.json's "
                    + "bos_token/eos_token): packing puts BOS before and EOS after every example");
        }
        if (tokenizer.vocabSize() > config.vocabSize()) {
            throw new BadInputException(tokenizer.file(), "the tokenizer has " + tokenizer.vocabSize() + " ids but the"
                    + " model only " + config.vocabSize() + " embedding rows");
        }
    }

    /** Reads, formats and packs; an empty set after filtering is an error naming its files and the bad rows. */
    private static SftData prepare(TuneSpec spec, TunePreset preset, HfTokenizer tokenizer, List<Path> trainFiles,
                                   List<Path> heldOutFiles, PrintStream log) {
        ReadOptions trainOptions = ReadOptions.skipping("instructions");
        ReadOptions heldOptions = ReadOptions.skipping("held-out");
        AtomicLong read = new AtomicLong();
        SftData data;
        try (Stream<InstructionPair> pairs = spec.trainData().read(trainOptions);
             Stream<InstructionPair> held = spec.heldOutData().read(heldOptions)) {
            List<InstructionPair> heldOut = SftData.evenlySpaced(held.toList(), preset.heldOutPairs());
            if (heldOut.isEmpty()) {
                throw empty("held-out", heldOutFiles, heldOptions);
            }
            Stream<InstructionPair> limited = preset.maxPairs() > 0 ? pairs.limit(preset.maxPairs()) : pairs;
            Iterator<InstructionPair> counted = limited.peek(p -> read.incrementAndGet()).iterator();
            data = SftData.prepare(counted, heldOut, spec.template(), preset.packing(), tokenizer);
        }
        if (read.get() == 0) {
            throw empty("training", trainFiles, trainOptions);
        }
        reportBad("training", trainOptions, log);
        reportBad("held-out", heldOptions, log);
        if (data.chunks().isEmpty()) {
            throw new BadInputException(trainFiles.getFirst(), "the " + read.get() + " training pairs of " + trainFiles
                    + " give " + data.packing().tokens() + " tokens, fewer than one chunk of seq_len " + preset.seqLen());
        }
        if (data.heldOut().isEmpty()) {
            throw new BadInputException(heldOutFiles.getFirst(), "no held-out pair of " + heldOutFiles + " has an answer"
                    + " token within seq_len " + preset.seqLen());
        }
        return data;
    }

    private static BadInputException empty(String which, List<Path> files, ReadOptions options) {
        List<BadRecord> bad = options.log().badRecords();
        return new BadInputException(files.getFirst(), "no usable " + which + " instruction pairs in " + files + ": "
                + options.log().badCount() + " rows were bad" + (bad.isEmpty() ? "" : " (first: " + bad.getFirst().message() + ")")
                + ", none was usable");
    }

    private static void reportBad(String which, ReadOptions options, PrintStream log) {
        if (options.log().badCount() > 0) {
            log.println("snak: " + options.log().badCount() + " bad " + which + " rows kept aside (missing fields or empty"
                    + " answers; first: " + options.log().badRecords().getFirst().message() + ")");
        }
    }

    /** What is known before the data is packed: settings, template, base and data hashes. */
    private static RunRecord inputsRecord(TuneSpec spec, TunePreset preset, List<Path> trainFiles, List<Path> heldOutFiles,
                                          Path tokenizerJson, RunRecord old) {
        RunRecord r = RunRecord.start();
        r.json().put("kind", "tune");
        r.put("preset", preset.toTree());
        r.put("overrides", JSON.valueToTree(spec.overrides()));
        r.json().put("method", spec.full() ? "full" : "lora");
        ObjectNode t = r.section("template");
        t.put("name", spec.template().name());
        t.put("pattern", spec.template().pattern());
        ObjectNode b = r.section("base");
        b.put("path", spec.base().toAbsolutePath().normalize().toString());
        List<Path> baseFiles = new ArrayList<>(RunRecord.weightFiles(spec.base()));
        baseFiles.addFirst(spec.base().resolve(HfCheckpoint.CONFIG));
        baseFiles.add(tokenizerJson);
        b.set("files", RunRecord.files(baseFiles, old, "base"));
        ObjectNode d = r.section("data");
        d.put("description", spec.trainData().describe());
        d.set("files", RunRecord.files(trainFiles, old, "data"));
        ObjectNode h = r.section("held_out");
        h.put("description", spec.heldOutData().describe());
        h.set("files", RunRecord.files(heldOutFiles, old, "held_out"));
        r.json().put("device", spec.device().toString());
        return r;
    }
}
