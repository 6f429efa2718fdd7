package dk.snaklib.cli;

import dk.snaklib.catalog.PipelineFile;
import dk.snaklib.corpus.pipeline.CorpusBenchmark;
import dk.snaklib.corpus.pipeline.CorpusEngine;
import dk.snaklib.corpus.pipeline.EngineBenchmark;
import dk.snaklib.corpus.pipeline.PipelineResult;
import dk.snaklib.util.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        @picocli.CommandLine.Mixin EngineOptions engine;

        @Override
        public Integer call() throws Exception {
            var spec = PipelineFile.load(pipeline, CatalogCommand.load(catalog));
            PipelineResult r;
            try (CorpusEngine e = CorpusEngine.open(engine.engine, engine.options(), System.err)) {
                r = e.run(spec, System.err);
            }
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
            description = "Corpus pipeline speed per step and end to end (documents/s, MB/s) on a pipeline file; with "
                    + "--engine spark, whole runs of the local and the Spark engine side by side.")
    static final class Bench implements Callable<Integer> {
        @Parameters(paramLabel = "PIPELINE.yaml", defaultValue = "data-catalog/pipelines/bundled-study.yaml",
                description = "default: ${DEFAULT-VALUE}") Path pipeline;
        @Option(names = "--catalog", description = "catalog folder (default: data-catalog)") Path catalog;
        @picocli.CommandLine.Mixin EngineOptions engine;
        @Option(names = "--runs", defaultValue = "3", description = "with --engine: whole runs per engine (default: ${DEFAULT-VALUE})")
        int runs;

        @Override
        public Integer call() {
            var spec = PipelineFile.load(pipeline, CatalogCommand.load(catalog));
            if (engine.engine.equals("local")) {
                CorpusBenchmark.run(spec, System.out); // per step, in memory; prints its own table
            } else {
                EngineBenchmark.beside(spec, engine.engine, engine.options(), runs, System.out); // whole runs
            }
            return 0;
        }
    }

    /** --engine, --master, --conf: which engine runs the pipeline (CorpusEngine) and its settings. */
    static final class EngineOptions {
        @Option(names = "--engine", defaultValue = "local",
                description = "local (this machine) or spark (the optional snaklib-spark module); default: ${DEFAULT-VALUE}")
        String engine;
        @Option(names = "--master", description = "with --engine spark: local[2], local[*] or spark://HOST:7077")
        String master;
        @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "with --engine spark: a Spark setting, e.g. spark.executor.memory=4g")
        List<String> conf = List.of();

        Map<String, String> options() {
            Map<String, String> m = new LinkedHashMap<>();
            if (master != null) {
                m.put("master", master);
            }
            for (String c : conf) {
                int eq = c.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--conf " + c + ": expected KEY=VALUE");
                }
                m.put(c.substring(0, eq), c.substring(eq + 1));
            }
            return m;
        }
    }
}
