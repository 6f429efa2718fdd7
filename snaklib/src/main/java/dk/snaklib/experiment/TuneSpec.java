package dk.snaklib.experiment;

import ai.djl.Device;
import dk.snaklib.tune.PromptTemplate;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything {@link Tuning#run(TuneSpec)} needs: the base checkpoint, the template, a tune preset with overrides by
 * name, the run folder, LoRA or full fine-tuning, the training and held-out instruction data (the bundled Danish set
 * by default), device, resume and log. Immutable; each {@code with...} returns a copy:
 * <pre>{@code
 * var run = Tuning.run(TuneSpec.of(Path.of("runs/cpt/checkpoints/step-00000300"), "chat", "tiny", Path.of("runs/sft-chat")));
 * run.heldOutBefore(); run.heldOutAfter(); run.adapterDir(); run.mergedDir();
 * }</pre>
 *
 * @param base      a Hugging Face model folder (config.json, *.safetensors, tokenizer.json)
 * @param template  how a pair becomes text ({@link PromptTemplate})
 * @param preset    tune preset: data scale, adapter, loop
 * @param overrides values replacing the preset's, by YAML name ({@link TunePreset#with(Map)})
 * @param runDir    the run folder
 * @param full      full fine-tuning instead of LoRA
 * @param data      training pairs
 * @param heldOut   held-out pairs for the answer loss
 * @param device    where to train
 * @param resume    continue the run in {@code runDir} if it has checkpoints (refused if its run.json differs)
 * @param log       where progress and notes go
 */
public record TuneSpec(Path base, PromptTemplate template, TunePreset preset, Map<String, Object> overrides, Path runDir,
                       boolean full, InstructionData data, InstructionData heldOut, Device device, boolean resume,
                       PrintStream log) {

    public TuneSpec {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * LoRA on the bundled Danish set: base checkpoint, template (a name: concat, chat, alpaca, alpaca-as-released, or
     * a pattern with {inputs} and {targets}), tune preset (tiny, small, paper or a .yaml file) and run folder.
     */
    public static TuneSpec of(Path base, String template, String preset, Path runDir) {
        return of(base, PromptTemplate.named(template), TunePreset.named(preset), runDir);
    }

    public static TuneSpec of(Path base, PromptTemplate template, TunePreset preset, Path runDir) {
        return new TuneSpec(base, template, preset, Map.of(), runDir, false, null, null, Device.cpu(), true, System.err);
    }

    /** The preset with the overrides applied. */
    public TunePreset resolvedPreset() {
        return preset.with(overrides);
    }

    /** The training data: as given, else the bundled set. */
    public InstructionData trainData() {
        return data != null ? data : InstructionData.bundled();
    }

    /** The held-out data: as given, else the bundled held-out split. */
    public InstructionData heldOutData() {
        return heldOut != null ? heldOut : InstructionData.bundledHeldOut();
    }

    public TuneSpec with(String setting, Object value) {
        Map<String, Object> o = new LinkedHashMap<>(overrides);
        o.put(setting, value);
        return new TuneSpec(base, template, preset, o, runDir, full, data, heldOut, device, resume, log);
    }

    public TuneSpec with(Map<String, ?> settings) {
        Map<String, Object> o = new LinkedHashMap<>(overrides);
        o.putAll(settings);
        return new TuneSpec(base, template, preset, o, runDir, full, data, heldOut, device, resume, log);
    }

    /** Full fine-tuning (every weight trains) instead of LoRA. */
    public TuneSpec full(boolean f) {
        return new TuneSpec(base, template, preset, overrides, runDir, f, data, heldOut, device, resume, log);
    }

    public TuneSpec data(InstructionData d) {
        return new TuneSpec(base, template, preset, overrides, runDir, full, d, heldOut, device, resume, log);
    }

    public TuneSpec heldOut(InstructionData h) {
        return new TuneSpec(base, template, preset, overrides, runDir, full, data, h, device, resume, log);
    }

    public TuneSpec device(Device d) {
        return new TuneSpec(base, template, preset, overrides, runDir, full, data, heldOut, d, resume, log);
    }

    public TuneSpec resume(boolean r) {
        return new TuneSpec(base, template, preset, overrides, runDir, full, data, heldOut, device, r, log);
    }

    public TuneSpec log(PrintStream l) {
        return new TuneSpec(base, template, preset, overrides, runDir, full, data, heldOut, device, resume, l);
    }
}
