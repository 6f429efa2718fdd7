package dk.snaklib.cli;

import dk.snaklib.experiment.Preset;
import dk.snaklib.train.TrainBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that report what they measured.",
        subcommands = {BenchCommand.Train.class, CorpusCommand.Bench.class, LangidBenchCommand.class})
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
}
