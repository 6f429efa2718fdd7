package dk.snaklib.cli;

import dk.snaklib.catalog.PipelineFile;
import dk.snaklib.corpus.pipeline.CorpusBenchmark;
import dk.snaklib.corpus.pipeline.CorpusPipeline;
import dk.snaklib.corpus.pipeline.PipelineResult;
import dk.snaklib.util.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "corpus", mixinStandardHelpOptions = true, description = "Corpus pipelines: read, filter, deduplicate, count.",
        subcommands = {CorpusCommand.Run.class, CorpusCommand.Stats.class})
final class CorpusCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a pipeline file (e.g. data-catalog/pipelines/bundled-study.yaml); a rerun after a crash "
                    + "reuses the sources already finished.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "PIPELINE.yaml") Path pipeline;
        @Option(names = "--catalog", description = "catalog folder (default: data-catalog)") Path catalog;

        @Override
        public Integer call() throws Exception {
            PipelineResult r = CorpusPipeline.run(PipelineFile.load(pipeline, CatalogCommand.load(catalog)));
            System.out.print(Files.readString(r.statsFile()));
            System.out.printf("kept %,d documents; corpus files, rejects and statistics in %s%n", r.keptTotal(),
                    r.statsFile().getParent());
            return 0;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "The statistics table of a finished pipeline run (its output folder).")
    static final class Stats implements Callable<Integer> {
        @Parameters(paramLabel = "RUN_DIR") Path dir;

        @Override
        public Integer call() throws Exception {
            Path tsv = dir.resolve("stats.tsv");
            if (!Files.isRegularFile(tsv)) {
                throw new BadInputException(dir, "no stats.tsv: not the output folder of a finished `snak corpus run`");
            }
            System.out.print(Files.readString(tsv));
            return 0;
        }
    }

    /** `snak bench corpus`: registered under `bench`. */
    @Command(name = "corpus", mixinStandardHelpOptions = true,
            description = "Corpus pipeline speed per step and end to end (documents/s, MB/s) on a pipeline file.")
    static final class Bench implements Callable<Integer> {
        @Parameters(paramLabel = "PIPELINE.yaml", defaultValue = "data-catalog/pipelines/bundled-study.yaml",
                description = "default: ${DEFAULT-VALUE}") Path pipeline;
        @Option(names = "--catalog", description = "catalog folder (default: data-catalog)") Path catalog;

        @Override
        public Integer call() {
            var spec = PipelineFile.load(pipeline, CatalogCommand.load(catalog));
            CorpusBenchmark.run(spec, System.out); // prints its own table
            return 0;
        }
    }
}
