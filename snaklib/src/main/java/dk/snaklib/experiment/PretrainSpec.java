package dk.snaklib.experiment;

import ai.djl.Device;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything {@link Pretraining#run(PretrainSpec)} needs, typed: a preset and overrides of its values by name,
 * the data, the run folder, and optionally a Hugging Face checkpoint to continue and a tokenizer. Immutable; each
 * {@code with...} returns a copy, so a notebook cell reads like the sentence it stands for:
 * <pre>{@code
 * var spec = PretrainSpec.of(Preset.named("tiny"), TrainingData.mixture(corpus, Map.of("manpages", 1.0, "gimp-help", 2.0)),
 *                            Path.of("runs/cpt"))
 *         .initFrom(Path.of("runs/base/checkpoints/step-00000300"))
 *         .with("steps", 40).with("lr", 1e-4);
 * var run = Pretraining.run(spec);
 * }</pre>
 *
 * @param preset    the named scale and its hyper-parameters
 * @param overrides values replacing the preset's, by YAML name ({@link Preset#with(Map)})
 * @param data      what to train on
 * @param runDir    the run folder (run.json, tokenizer/, shards/, metrics.csv, checkpoints/)
 * @param initFrom  a Hugging Face model folder to continue pre-training, or null to train from scratch
 * @param tokenizer a tokenizer.json, or null: the checkpoint's (when continuing), else one trained on the data
 * @param device    where to train
 * @param resume    continue the run in {@code runDir} if it has checkpoints (refused if its run.json differs)
 * @param log       where progress and notes go
 */
public record PretrainSpec(Preset preset, Map<String, Object> overrides, TrainingData data, Path runDir, Path initFrom,
                           Path tokenizer, Device device, boolean resume, PrintStream log) {

    public PretrainSpec {
        overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /** From scratch (or from a checkpoint, see {@link #initFrom}) on the CPU, resuming an existing run. */
    public static PretrainSpec of(Preset preset, TrainingData data, Path runDir) {
        return new PretrainSpec(preset, Map.of(), data, runDir, null, null, Device.cpu(), true, System.err);
    }

    /** The preset with the overrides applied: the hyper-parameters the run uses. */
    public Preset resolvedPreset() {
        return preset.with(overrides);
    }

    public PretrainSpec with(String setting, Object value) {
        Map<String, Object> o = new LinkedHashMap<>(overrides);
        o.put(setting, value);
        return new PretrainSpec(preset, o, data, runDir, initFrom, tokenizer, device, resume, log);
    }

    public PretrainSpec with(Map<String, ?> settings) {
        Map<String, Object> o = new LinkedHashMap<>(overrides);
        o.putAll(settings);
        return new PretrainSpec(preset, o, data, runDir, initFrom, tokenizer, device, resume, log);
    }

    public PretrainSpec data(TrainingData d) {
        return new PretrainSpec(preset, overrides, d, runDir, initFrom, tokenizer, device, resume, log);
    }

    public PretrainSpec initFrom(Path checkpoint) {
        return new PretrainSpec(preset, overrides, data, runDir, checkpoint, tokenizer, device, resume, log);
    }

    public PretrainSpec tokenizer(Path tokenizerJson) {
        return new PretrainSpec(preset, overrides, data, runDir, initFrom, tokenizerJson, device, resume, log);
    }

    public PretrainSpec device(Device d) {
        return new PretrainSpec(preset, overrides, data, runDir, initFrom, tokenizer, d, resume, log);
    }

    public PretrainSpec resume(boolean r) {
        return new PretrainSpec(preset, overrides, data, runDir, initFrom, tokenizer, device, r, log);
    }

    public PretrainSpec log(PrintStream l) {
        return new PretrainSpec(preset, overrides, data, runDir, initFrom, tokenizer, device, resume, l);
    }
}
