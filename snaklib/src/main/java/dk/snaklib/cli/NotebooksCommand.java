package dk.snaklib.cli;

import dk.snaklib.notebook.NotebookFile;
import dk.snaklib.notebook.NotebookRunner;
import dk.snaklib.util.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code snak notebooks run}: execute Java notebooks headless, as CI and {@code snak replay} do. */
@Command(name = "notebooks", mixinStandardHelpOptions = true, description = "Work with the experiment notebooks.",
        subcommands = {NotebooksCommand.Run.class})
public final class NotebooksCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run notebooks headless; write each executed notebook and its HTML to --out. "
                    + "Stops a notebook at its first failing cell.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "FILES", arity = "1..*", description = ".ipynb files (a directory means every .ipynb in it).")
        List<Path> files;

        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
                description = "Parameter injected after the cell tagged 'parameters' (repeatable).")
        List<String> params = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports/notebooks",
                description = "Where executed notebooks and HTML go (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
                description = "Longest a single cell may run (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Option(names = "--output-limit", paramLabel = "CHARS", defaultValue = "1000000",
                description = "Most text one cell may print before the rest is dropped (default: ${DEFAULT-VALUE}).")
        long outputLimit;

        @Override
        public Integer call() throws Exception {
            if (timeoutSeconds <= 0 || outputLimit <= 0) {
                throw new BadInputException(null, "--timeout and --output-limit must be positive");
            }
            var parsed = params.stream().map(NotebookFile.Parameter::parse).toList();
            var options = new NotebookRunner.Options(parsed, Duration.ofSeconds(timeoutSeconds), outputLimit);
            int failed = 0;
            for (Path nb : expand(files)) {
                System.err.println("running " + nb + " ...");
                NotebookRunner.Result r = NotebookRunner.run(nb, out, options);
                if (r.ok()) {
                    System.out.println("ok      " + nb + " (" + r.cellsRun() + " cells) -> " + r.notebook() + ", " + r.html());
                } else {
                    failed++;
                    System.out.println("FAILED  " + nb + " -> " + r.notebook() + ", " + r.html());
                    System.err.println(r.failure().describe(nb));
                }
            }
            return failed == 0 ? 0 : 1;
        }

        private static List<Path> expand(List<Path> files) throws java.io.IOException {
            List<Path> all = new ArrayList<>();
            for (Path f : files) {
                if (Files.isDirectory(f)) {
                    try (var s = Files.list(f)) {
                        s.filter(p -> p.toString().endsWith(".ipynb")).sorted().forEach(all::add);
                    }
                } else if (Files.isRegularFile(f)) {
                    all.add(f);
                } else {
                    throw new BadInputException(f, "no such notebook");
                }
            }
            return all;
        }
    }
}
