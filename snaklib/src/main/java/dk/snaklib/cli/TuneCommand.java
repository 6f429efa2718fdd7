package dk.snaklib.cli;

import dk.snaklib.experiment.InstructionData;
import dk.snaklib.experiment.TunePreset;
import dk.snaklib.experiment.TuneSpec;
import dk.snaklib.experiment.Tuning;
import dk.snaklib.tune.PromptTemplate;
import dk.snaklib.tune.Tuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** `snak tune`: flags -> {@link TuneSpec} -> {@link Tuning#run(TuneSpec)}, the same call a notebook makes. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Instruction-tune a Hugging Face checkpoint (LoRA by default, --full for every weight) on the bundled "
                + "Danish instruction set or catalog sets; writes a PEFT adapter and the merged model.")
final class TuneCommand implements Callable<Integer> {
    @Option(names = "--base", required = true, description = "the Hugging Face model folder to tune (with tokenizer.json)")
    Path base;

    @Option(names = "--preset", defaultValue = "tiny", description = "tiny, small, paper or a tune preset .yaml file "
            + "(default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--template", defaultValue = "concat", description = "concat, chat, alpaca, alpaca-as-released, or a "
            + "pattern with {inputs} and {targets} (default: ${DEFAULT-VALUE})")
    String template;

    @Option(names = "--full", description = "full fine-tuning (every weight) instead of LoRA")
    boolean full;

    @Option(names = "--out", required = true, description = "run folder (run.json, metrics.csv, checkpoints/, adapter/, merged/)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its newest good checkpoint")
    boolean resume;

    @Option(names = "--data", split = ",", paramLabel = "SET", description = "catalog instruction sets (or \"study\": "
            + "SkoleGPT, OpenHermes, Aya and the identity pairs); default: the bundled Danish set")
    List<String> sets = new ArrayList<>();

    @Option(names = "--data-root", description = "where --data's files are (default: the project folder)")
    Path dataRoot;

    @Option(names = "--pairs", arity = "1..*", description = "instruction-pairs files (inputs, targets) instead of --data")
    List<Path> pairs = new ArrayList<>();

    @Option(names = "--held-out", arity = "1..*", description = "instruction-pairs files for the held-out answer loss "
            + "(default: the bundled held-out split)")
    List<Path> heldOut = new ArrayList<>();

    @Option(names = "--catalog", description = "the data-catalog folder (default: the project's)")
    Path catalog;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu")
    String device;

    @Option(names = "--r", description = "LoRA rank") Integer r;
    @Option(names = "--alpha", description = "LoRA alpha (scale alpha / r)") Double alpha;
    @Option(names = "--lora-dropout", description = "dropout on the LoRA branch's input") Double loraDropout;
    @Option(names = "--targets", split = ",", description = "LoRA target modules (q_proj,...,lm_head)") List<String> targets;
    @Option(names = "--epochs", description = "passes over the packed chunks") Integer epochs;
    @Option(names = "--max-pairs", description = "training pairs read (0: all)") Integer maxPairs;
    @Option(names = "--held-out-pairs", description = "held-out pairs scored (0: all)") Integer heldOutPairs;
    @Option(names = "--loss-mask", description = "whole-sequence-eos-masked, whole-sequence or answer-only") String lossMask;

    @Mixin
    TrainOverrides overrides = new TrainOverrides();

    @Override
    public Integer call() {
        TuneSpec spec = TuneSpec.of(base, PromptTemplate.named(template), TunePreset.named(preset), out)
                .with(settings()).full(full).device(Devices.parse(device)).resume(resume);
        if (!pairs.isEmpty() && !sets.isEmpty()) {
            throw new IllegalArgumentException("give --data or --pairs, not both");
        }
        Path catalogDir = catalog != null ? catalog : ProjectPaths.find("data-catalog");
        if (!pairs.isEmpty()) {
            spec = spec.data(InstructionData.files(pairs));
        } else if (!sets.isEmpty()) {
            spec = spec.data(InstructionData.catalog(catalogDir, dataRoot != null ? dataRoot
                    : catalogDir.toAbsolutePath().getParent(), sets));
        }
        if (!heldOut.isEmpty()) {
            spec = spec.heldOut(InstructionData.files(heldOut));
        }
        Tuner.Result r = Tuning.run(spec);
        System.out.printf("run %s: %d steps, held-out answer loss %.4f -> %.4f, %.0f tokens/s; %s%n", out, r.steps(),
                r.heldOutBefore(), r.heldOutAfter(), r.tokensPerSecond(),
                r.adapterDir() == null ? "model in " + r.mergedDir() : "adapter in " + r.adapterDir() + ", merged model in "
                        + r.mergedDir());
        return 0;
    }

    /** The tune flags and the shared training flags by preset key. */
    private Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>(overrides.settings());
        put(m, "r", r);
        put(m, "lora_alpha", alpha);
        put(m, "lora_dropout", loraDropout);
        put(m, "target_modules", targets);
        put(m, "epochs", epochs);
        put(m, "max_pairs", maxPairs);
        put(m, "held_out_pairs", heldOutPairs);
        put(m, "loss_mask", lossMask);
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
