package dk.snaklib.tune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.model.GenerationConfig;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.NoGrad;
import dk.snaklib.model.SafeTensorsFile;
import dk.snaklib.model.SafeTensorsWriter;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEFT LoRA adapter folder: {@code adapter_config.json} ({@link PeftConfigJson}) and
 * {@code adapter_model.safetensors} holding {@code base_model.model.<module>.lora_A.weight} [r, in] and
 * {@code ….lora_B.weight} [out, r] for every adapted module (the adapter name "default" stripped, as PEFT saves),
 * plus {@code base_model.model.lm_head.base_layer.weight} when lm_head is adapted (PEFT's save_embedding_layers
 * "auto" saves the targeted embedding layer's base weight too). And the merged model as a Hugging Face folder.
 */
public final class PeftAdapterFiles {
    public static final String WEIGHTS = "adapter_model.safetensors";
    static final String LM_HEAD_BASE = LoraAdapter.PEFT_PREFIX + "lm_head.base_layer.weight";
    private static final Pattern LORA_KEY = Pattern.compile("base_model\\.model\\.(.+)\\.lora_([AB])\\.weight");
    private static final Pattern NAMED_ADAPTER_KEY = Pattern.compile(".*\\.lora_[AB]\\.([^.]+)\\.weight");

    /** An adapter read from a folder, attached to nothing yet, and what was noticed while reading it. */
    public record Loaded(LoraAdapter adapter, List<String> notes) {}

    private PeftAdapterFiles() {}

    /** Writes {@code adapter} (unmerged) to {@code dir}: the tensors first, then the config that completes the folder. */
    public static void save(Path dir, LoraAdapter adapter) {
        if (adapter.isMerged()) {
            throw new IllegalStateException("unmerge() the adapter before saving it: PEFT saves unmerged base weights");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        SafeTensorsWriter writer = new SafeTensorsWriter(); // metadata {"format": "pt"}, as PEFT's safe_save_file
        adapter.trainableParameters().forEach(writer::add);
        if (adapter.layers().containsKey(LlamaModules.LM_HEAD)) {
            writer.add(LM_HEAD_BASE, adapter.model().lmHead());
        }
        writer.write(dir.resolve(WEIGHTS));
        PeftConfigJson.write(dir, adapter.config());
    }

    /**
     * Reads the adapter in {@code dir} for {@code model} and checks it against both its own config and the model: every
     * tensor is a LoRA A or B of a module the config targets (or the lm_head base copy), every targeted module has
     * both, and every shape fits the config's rank and the model's layer sizes. The adapter is not attached.
     */
    public static Loaded load(Path dir, LlamaModel model) {
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(dir.resolve(PeftConfigJson.FILE_NAME))) {
            throw new BadInputException(dir, "not a PEFT adapter folder: no " + PeftConfigJson.FILE_NAME);
        }
        if (!Files.isRegularFile(weights)) {
            String hint = Files.exists(dir.resolve("adapter_model.bin"))
                    ? " (found adapter_model.bin: only safetensors adapters are supported; re-save with PEFT's save_pretrained)" : "";
            throw new BadInputException(dir, "no " + WEIGHTS + hint);
        }
        PeftConfigJson.Read read = PeftConfigJson.read(dir);
        List<String> notes = new ArrayList<>(read.notes());
        List<LoraTargets.Target> targets;
        try {
            targets = LoraTargets.resolve(read.config(), model.config());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(dir.resolve(PeftConfigJson.FILE_NAME), e.getMessage(), e);
        }
        Map<String, LoraTargets.Target> byModule = new LinkedHashMap<>();
        targets.forEach(t -> byModule.put(t.module(), t));
        Map<String, LlamaModules.Linear> linear = LlamaModules.linear(model.config());

        Map<String, NDArray> as = new LinkedHashMap<>();
        Map<String, NDArray> bs = new LinkedHashMap<>();
        NDManager staging = model.manager().newSubManager();
        try (SafeTensorsFile file = SafeTensorsFile.open(weights)) {
            for (String name : file.names()) {
                Shape shape = file.info(name).shape();
                if (name.equals(LM_HEAD_BASE)) {
                    checkLmHeadCopy(weights, file, staging, model, notes);
                    continue;
                }
                Matcher m = LORA_KEY.matcher(name);
                if (!m.matches()) {
                    throw new BadInputException(weights, "tensor \"" + name + "\" is not a LoRA tensor of a linear layer; "
                            + unexpectedKeyHint(name));
                }
                String module = m.group(1);
                LlamaModules.Linear size = linear.get(module);
                if (size == null) {
                    throw new BadInputException(weights, "tensor \"" + name + "\" adapts module \"" + module + "\", which the"
                            + " base model does not have (it has layers 0.." + (model.config().numHiddenLayers() - 1)
                            + " with " + LlamaModules.linearKinds() + "): an adapter made for another base?");
                }
                boolean isA = m.group(2).equals("A");
                long rows = shape.dimension() == 2 ? shape.get(0) : -1;
                long cols = shape.dimension() == 2 ? shape.get(1) : -1;
                if (isA ? cols != size.in() : rows != size.out()) {
                    throw new BadInputException(weights, "tensor \"" + name + "\" has shape " + text(shape)
                            + " but the base model's " + module + " (weight [" + size.out() + ", " + size.in() + "]) needs "
                            + (isA ? "[" + rows + ", " + size.in() + "]" : "[" + size.out() + ", " + cols + "]")
                            + ": an adapter made for another base?");
                }
                LoraTargets.Target t = byModule.get(module);
                if (t == null) {
                    throw new BadInputException(weights, "config and tensors disagree: tensor \"" + name + "\" adapts "
                            + module + ", which adapter_config.json's target_modules " + read.config().targetModules()
                            + " does not select");
                }
                long rank = isA ? rows : cols;
                if (rank != t.r()) {
                    throw new BadInputException(weights, "config and tensors disagree: tensor \"" + name + "\" has shape "
                            + text(shape) + " (rank " + rank + ") but adapter_config.json gives " + module + " rank " + t.r()
                            + " (r or rank_pattern)");
                }
                NDArray array = file.loadF32(staging, name);
                checkFinite(weights, name, array);
                (isA ? as : bs).put(module, array);
            }
            for (String module : byModule.keySet()) {
                if (!as.containsKey(module) || !bs.containsKey(module)) {
                    throw new BadInputException(weights, "config and tensors disagree: adapter_config.json targets " + module
                            + " but the file has no " + LoraAdapter.peftName(module, as.containsKey(module) ? "B" : "A"));
                }
            }
            LoraAdapter adapter = LoraAdapter.fromTensors(model, read.config(), as, bs);
            staging.close(); // everything kept was moved into the adapter
            return new Loaded(adapter, List.copyOf(notes));
        } catch (RuntimeException e) {
            staging.close();
            throw e;
        }
    }

    /** A shape as PEFT users read it: [4, 24]. */
    private static String text(Shape shape) {
        return java.util.Arrays.toString(shape.getShape());
    }

    private static String unexpectedKeyHint(String name) {
        Matcher named = NAMED_ADAPTER_KEY.matcher(name);
        if (named.matches()) {
            return "it carries an adapter name (\"" + named.group(1) + "\"), which PEFT strips on save";
        }
        if (name.contains("lora_magnitude_vector")) {
            return "DoRA adapters are not supported";
        }
        if (name.contains("lora_embedding_")) {
            return "LoRA on embeddings is not supported";
        }
        return "expected base_model.model.<module>.lora_A.weight or .lora_B.weight (or " + LM_HEAD_BASE + ")";
    }

    /**
     * PEFT stores lm_head's base weight beside an lm_head adapter; it must be the base model's (its shape exactly,
     * its values up to bf16 rounding, since PEFT may have trained a bf16 copy of an fp32 base).
     */
    private static void checkLmHeadCopy(Path weights, SafeTensorsFile file, NDManager staging, LlamaModel model,
                                        List<String> notes) {
        NDArray head = model.lmHead();                                                      // [vocab, hidden]
        Shape shape = file.info(LM_HEAD_BASE).shape();
        if (!shape.equals(head.getShape())) {
            throw new BadInputException(weights, "tensor \"" + LM_HEAD_BASE + "\" has shape " + text(shape) + " but the base"
                    + " model's lm_head weight is " + text(head.getShape()) + ": an adapter made for another base?");
        }
        try (NoGrad off = NoGrad.enter(); NDManager m = staging.newSubManager()) {
            NDArray copy = file.loadF32(m, LM_HEAD_BASE);
            float maxDiff = copy.sub(head).abs().max().getFloat();
            float maxAbs = head.abs().max().getFloat();
            if (!(maxDiff <= maxAbs / 128)) { // bf16 keeps 8 significant bits
                throw new BadInputException(weights, "tensor \"" + LM_HEAD_BASE + "\" differs from the base model's lm_head"
                        + " weight (max |diff| " + maxDiff + ", max |w| " + maxAbs + "): an adapter made for another base?");
            }
            if (maxDiff > 0) {
                notes.add(weights + ": the saved lm_head base weight differs from the base model's by up to " + maxDiff
                        + " (rounding); the base model's is used");
            }
        }
    }

    private static void checkFinite(Path weights, String name, NDArray a) {
        try (NoGrad off = NoGrad.enter(); NDArray bad = a.isNaN().logicalOr(a.isInfinite()); NDArray any = bad.any()) {
            if (any.getBoolean()) {
                throw new BadInputException(weights, "tensor \"" + name + "\" holds NaN or infinite values");
            }
        }
    }

    /**
     * Writes base + adapter as one Hugging Face model folder (PEFT's merge_and_unload then save_pretrained), via
     * {@link HfCheckpoint#save}. The model is not changed: merged copies are made of the adapted weights, unless the
     * adapter is already merged (then the model's weights are written as they are, without copies).
     */
    public static void saveMerged(Path dir, LoraAdapter adapter, Path tokenizerJson, GenerationConfig generation) {
        try (NDManager m = adapter.model().manager().newSubManager()) {
            HfCheckpoint.save(dir, adapter.model().config(), adapter.mergedWeights(m), tokenizerJson, generation);
        }
    }
}
