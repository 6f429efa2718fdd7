package dk.snaklib.cli;

import dk.snaklib.util.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;

/** The {@code snak} command line: one subcommand class per job, registered here. */
@Command(name = "snak", mixinStandardHelpOptions = true, version = "snak 0.1.0",
        description = "SnakLab: adapt a language model to a new language and study how it learns.",
        subcommands = {CommandLine.HelpCommand.class, TokenizerCommand.class, PretrainCommand.class,
                ScoreCommand.class, GenerateCommand.class, BenchCommand.class, KernelCommand.class,
                NotebooksCommand.class, ReportCommand.class, CatalogCommand.class, CorpusCommand.class,
                ExportCommand.class, PresetsCommand.class, EvalCommand.class, DivergenceCommand.class, TuneCommand.class,
                MegatronCommand.class, DoctorCommand.class, ArtifactsCommand.class, ReplayCommand.class})
public final class SnakCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code; bad input ends in one clear line on stderr, not a stack trace. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new SnakCli());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            if (t instanceof BadInputException || t instanceof UncheckedIOException || t instanceof IllegalArgumentException
                    || t instanceof IllegalStateException) {
                cmd.getErr().println("snak: error: " + t.getMessage());
                if (System.getenv("SNAK_DEBUG") != null) {
                    t.printStackTrace(cmd.getErr());
                }
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }
}
