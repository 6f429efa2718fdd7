package dk.snaklib.cli;

import dk.snaklib.eval.BundledTasks;
import dk.snaklib.eval.EvalBenchmark;
import dk.snaklib.eval.EvalSpec;
import dk.snaklib.eval.Evaluation;
import dk.snaklib.eval.ModelRunner;
import dk.snaklib.eval.ResultsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a model on ScandEval v13's Danish datasets; appends v13 result records.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Hugging Face model folder") Path model;
    @Option(names = "--tasks", split = ",", description = "datasets, e.g. scala-da,angry-tweets (default: all bundled tasks)") List<String> tasks;
    @Option(names = "--data", description = "folder with one sub-folder of train/val/test files per dataset "
            + "(default: the bundled tasks, " + BundledTasks.DIR + ")") Path data;
    @Option(names = "--adapter", description = "PEFT LoRA adapter folder to apply over --model") Path adapter;
    @Option(names = "--drop-shots", description = "fit too long prompts by leaving out shots (v13 truncates from the left)") boolean dropShots;
    @Option(names = "--only-validation-split", description = "score the val split (v13's flag)") boolean onlyValidation;
    @Option(names = "--iterations", defaultValue = "10", description = "bootstrap iterations (default 10)") int iterations;
    @Option(names = "--full-vocabulary", description = "score label words from the full vocabulary, not v13's top 10") boolean fullVocabulary;
    @Option(names = "--results", description = "results file (default ./" + ResultsFile.NAME + ")") Path results;

    @Override
    public Integer call() {
        EvalSpec spec = EvalSpec.of(model, tasks != null ? tasks : BundledTasks.names(),
                        data != null ? data : ProjectPaths.find(BundledTasks.DIR))
                .withAdapter(adapter).withOverflow(dropShots ? EvalSpec.Overflow.DROP_SHOTS : EvalSpec.Overflow.TRUNCATE_LEFT)
                .withOnlyValidationSplit(onlyValidation).withIterations(iterations)
                .withLabelRule(fullVocabulary ? ModelRunner.LabelRule.FULL_VOCABULARY : ModelRunner.LabelRule.TOP10)
                .withResultsFile(results != null ? results : Path.of(ResultsFile.NAME));
        Evaluation.Result r = Evaluation.run(spec);
        System.out.println(r.table().print());
        r.notes().forEach(n -> System.out.println("note: " + n));
        System.out.println("records appended to " + spec.resultsFile());
        return 0;
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Evaluation speed with and without the few-shot prefix cache (interleaved), and whether the records are identical.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Hugging Face model folder") Path model;
        @Option(names = "--tasks", split = ",", description = "datasets (default: all bundled tasks)") List<String> tasks;
        @Option(names = "--data", description = "dataset root (default: " + BundledTasks.DIR + ")") Path data;
        @Option(names = "--iterations", defaultValue = "10", description = "bootstrap iterations (default 10)") int iterations;
        @Option(names = "--only-validation-split", description = "score the val split (v13's flag)") boolean onlyValidation;
        @Option(names = "--rounds", defaultValue = "2", description = "timed runs per mode (default 2)") int rounds;

        @Override
        public Integer call() {
            EvalSpec spec = EvalSpec.of(model, tasks != null ? tasks : BundledTasks.names(),
                    data != null ? data : ProjectPaths.find(BundledTasks.DIR))
                    .withIterations(iterations).withOnlyValidationSplit(onlyValidation);
            System.out.println("bench eval --model " + model + " --tasks " + String.join(",", spec.tasks())
                    + " --iterations " + iterations + (onlyValidation ? " --only-validation-split" : "") + "; "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            EvalBenchmark.Result r = EvalBenchmark.run(spec, rounds);
            System.out.println(r.table().print());
            System.out.printf(java.util.Locale.ROOT, "speed-up (prompts/s, cache on / off): %.2fx%n", r.speedUp());
            System.out.println(r.identicalRecords() ? "records identical with and without the cache"
                    : "RECORDS DIFFER: " + r.firstDifference());
            return r.identicalRecords() ? 0 : 1;
        }
    }
}
