package dk.snaklib.cli;

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
    @Option(names = "--tasks", required = true, split = ",", description = "datasets, e.g. scala-da,angry-tweets") List<String> tasks;
    @Option(names = "--data", required = true, description = "folder with one sub-folder of train/val/test files per dataset") Path data;
    @Option(names = "--only-validation-split", description = "score the val split (v13's flag)") boolean onlyValidation;
    @Option(names = "--iterations", defaultValue = "10", description = "bootstrap iterations (default 10)") int iterations;
    @Option(names = "--full-vocabulary", description = "score label words from the full vocabulary, not v13's top 10") boolean fullVocabulary;
    @Option(names = "--results", description = "results file (default ./" + ResultsFile.NAME + ")") Path results;

    @Override
    public Integer call() {
        EvalSpec spec = EvalSpec.of(model, tasks, data).withOnlyValidationSplit(onlyValidation).withIterations(iterations)
                .withLabelRule(fullVocabulary ? ModelRunner.LabelRule.FULL_VOCABULARY : ModelRunner.LabelRule.TOP10)
                .withResultsFile(results != null ? results : Path.of(ResultsFile.NAME));
        Evaluation.Result r = Evaluation.run(spec);
        System.out.println(r.table().print());
        r.notes().forEach(n -> System.out.println("note: " + n));
        System.out.println("records appended to " + spec.resultsFile());
        return 0;
    }
}
