package dk.snaklib.cli;

import dk.snaklib.experiment.Preset;
import dk.snaklib.train.GradientCheck;
import dk.snaklib.train.TrainBenchmark;
import dk.snaklib.experiment.TunePreset;
import dk.snaklib.tune.TuneBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that report what they measured.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Gradients.class, CorpusCommand.Bench.class,
                LangidBenchCommand.class, EvalCommand.Bench.class, DivergenceCommand.Bench.class,
                BenchCommand.Tune.class})
final class BenchCommand {

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training speed at a preset: tokens/s, step time, peak memory, MFU against measured matmul peak.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--preset", defaultValue = "small") String preset;
        @Option(names = "--measure-steps", defaultValue = "10", description = "timed steps") int steps;
        @Option(names = "--warmup-steps", defaultValue = "2", description = "untimed steps first") int warmup;
        @Mixin TrainOverrides overrides = new TrainOverrides();

        @Override
        public Integer call() {
            Preset p = overrides.apply(Preset.named(preset));
            var config = p.model(p.vocabSize(), null, null);
            System.out.println("bench train --preset " + p.name());
            System.out.println(TrainBenchmark.run(config, p.train(), p.seqLen(), warmup, steps).table());
            return 0;
        }
    }

    @Command(name = "gradients", mixinStandardHelpOptions = true,
            description = "Reproducer for wrong gradient steps: the gradient of many random batches computed twice on "
                    + "the same weights, compared bit for bit (docs/training.md, \"Wrong gradient steps\").")
    static final class Gradients implements Callable<Integer> {
        @Option(names = "--preset", defaultValue = "tiny") String preset;
        @Option(names = "--batches", defaultValue = "200", description = "random batches to check") int batches;
        @Option(names = "--gc-before-backward",
                description = "force a full garbage collection between forward and backward of the second computation")
        boolean gcBeforeBackward;
        @Mixin TrainOverrides overrides = new TrainOverrides();

        @Override
        public Integer call() {
            Preset p = overrides.apply(Preset.named(preset));
            var config = p.model(p.vocabSize(), null, null);
            var settings = new GradientCheck.Settings(config, p.train().microBatch(), p.train().gradAccum(), p.seqLen(),
                    batches, gcBeforeBackward, p.train().seed());
            System.out.println("bench gradients --preset " + p.name());
            GradientCheck.Result r = GradientCheck.run(settings);
            System.out.print(r.table());
            return r.differing() == 0 ? 0 : 1;
        }
    }

    /** A pretrain preset's model (name or YAML file), or an HF config.json's. */
    static dk.snaklib.model.LlamaConfig modelShape(String presetOrConfig) {
        if (presetOrConfig.endsWith(".json")) {
            return dk.snaklib.model.LlamaConfig.read(java.nio.file.Path.of(presetOrConfig));
        }
        Preset model = Preset.named(presetOrConfig);
        if (!model.buildsModel()) {
            throw new dk.snaklib.util.BadInputException(null, "--model " + presetOrConfig
                    + ": this preset takes its model from a checkpoint (--init-from); give the checkpoint's config.json");
        }
        return model.model(model.vocabSize(), null, null);
    }

    @Command(name = "tune", mixinStandardHelpOptions = true,
            description = "LoRA tuning beside full fine-tuning on the same model and batch: tokens/s and peak memory "
                    + "(each mode in its own JVM). The model is the pretrain preset's shape, the batch the tune preset's.")
    static final class Tune implements Callable<Integer> {
        @Option(names = "--preset", defaultValue = "small", description = "tiny, small (the pretrain and tune presets of that name)")
        String preset;
        @Option(names = "--measure-steps", defaultValue = "5", description = "timed steps") int steps;
        @Option(names = "--warmup-steps", defaultValue = "2", description = "untimed steps first") int warmup;
        @Option(names = "--micro-batch", description = "sequences per forward/backward (default: the tune preset's)")
        Integer microBatch;
        @Option(names = "--grad-accum", description = "micro-batches per step (default: the tune preset's)") Integer gradAccum;
        @Option(names = "--lora-dropout", description = "dropout on the LoRA branch's input (default: the preset's)")
        Double loraDropout;
        @Option(names = "--model", description = "the model's shape: a pretrain preset name or YAML file, or a Hugging Face "
                + "config.json (default: the pretrain preset named by --preset); weights are freshly initialised")
        String modelShape;

        @Override
        public Integer call() {
            var o = new java.util.LinkedHashMap<String, Object>();
            if (microBatch != null) {
                o.put("micro_batch", microBatch);
            }
            if (gradAccum != null) {
                o.put("grad_accum", gradAccum);
            }
            if (loraDropout != null) {
                o.put("lora_dropout", loraDropout);
            }
            TunePreset tune = TunePreset.named(preset).with(o);
            var config = modelShape(modelShape == null ? preset : modelShape);
            System.out.println("bench tune --preset " + preset + (modelShape == null ? "" : " --model " + modelShape));
            System.out.print(TuneBenchmark.compare(config, tune.loraConfig(null), tune.trainConfig(warmup + steps),
                    tune.seqLen(), warmup, steps).table());
            return 0;
        }
    }
}
