package dk.snaklib.cli;

import dk.snaklib.analysis.Divergence;
import dk.snaklib.analysis.DivergenceBenchmark;
import dk.snaklib.experiment.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** `snak divergence A B`: {@link Divergence#between} and its per-module summary; `snak bench divergence` times it. */
@Command(name = "divergence", mixinStandardHelpOptions = true,
        description = "Weight divergence between two Hugging Face checkpoints, as the SnakModel study computes it: mean "
                + "|dW| and mean principal angle per tensor, grouped by module type and layer (docs/divergence.md).")
final class DivergenceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "the base checkpoint folder") Path a;
    @Parameters(index = "1", paramLabel = "B", description = "the checkpoint folder compared with it") Path b;
    @Option(names = "--out", description = "write the per-tensor table: .json for everything measured, else CSV") Path out;
    @Option(names = "--study-json", description = "also write the study's weights JSON ({\"A<->B\": {tensor: {delta, ssa}}})")
    Path studyJson;
    @Option(names = "--threads", description = "tensors compared at once (default: the cores)") Integer threads;
    @Option(names = "--top-k", defaultValue = "200", description = "most and least changed tokens kept (default: ${DEFAULT-VALUE})")
    int topK;

    @Override
    public Integer call() {
        Divergence.Options o = Divergence.Options.defaults().withTopK(topK);
        if (threads != null) {
            o = o.withThreads(threads);
        }
        Divergence d = Divergence.between(a, b, o);
        System.out.print(d.summary());
        if (out != null) {
            if (out.getFileName().toString().endsWith(".json")) {
                d.writeJson(out);
            } else {
                d.writeCsv(out);
            }
            System.out.println("wrote " + out);
        }
        if (studyJson != null) {
            d.writeStudyJson(studyJson);
            System.out.println("wrote " + studyJson);
        }
        return 0;
    }

    @Command(name = "divergence", mixinStandardHelpOptions = true,
            description = "Speed of `snak divergence` at a preset's model shape (or on two given folders): seconds per "
                    + "comparison by thread count, and the time by module type.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--preset", defaultValue = "small", description = "model shape to measure (default: ${DEFAULT-VALUE})")
        String preset;
        @Option(names = "--a", description = "a checkpoint folder (with --b: measure these instead)") Path a;
        @Option(names = "--b", description = "the checkpoint folder compared with --a") Path b;
        @Option(names = "--threads", split = ",", description = "thread counts to try (default: 1 and the cores)")
        List<Integer> threads;
        @Option(names = "--repeats", defaultValue = "3", description = "runs per thread count; the best is reported") int repeats;

        @Override
        public Integer call() throws Exception {
            List<Integer> counts = threads == null || threads.isEmpty() ? DivergenceBenchmark.defaultThreadCounts() : threads;
            DivergenceBenchmark.Result r;
            if (a != null || b != null) {
                if (a == null || b == null) {
                    throw new IllegalArgumentException("give both --a and --b, or neither (then --preset's shape is used)");
                }
                System.out.println("bench divergence --a " + a + " --b " + b);
                r = DivergenceBenchmark.run(a, b, a + " vs " + b, counts, repeats);
            } else {
                Preset p = Preset.named(preset);
                if (!p.buildsModel()) {
                    throw new IllegalArgumentException("preset " + p.name() + " has no model shape of its own: give --a and --b");
                }
                System.out.println("bench divergence --preset " + p.name());
                Path work = Files.createTempDirectory("snak-bench-divergence-");
                try {
                    r = DivergenceBenchmark.run(p.model(p.vocabSize(), null, null), "preset " + p.name(), counts, repeats,
                            p.train().seed(), work);
                } finally {
                    dk.snaklib.util.AtomicFiles.deleteTree(work);
                }
            }
            System.out.print(r.table());
            return 0;
        }
    }
}
