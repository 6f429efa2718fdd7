package dk.snaklib.cli;

import dk.snaklib.notebook.NotebookReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code snak report}: gather executed notebooks into an offline HTML report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write reports/index.html: a contents page and one page per executed notebook, readable offline.")
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--notebooks", paramLabel = "DIR", defaultValue = "reports/notebooks",
            description = "Executed notebooks, as `snak notebooks run` writes them (default: ${DEFAULT-VALUE}).")
    Path notebooks;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        Path index = NotebookReport.write(notebooks, out);
        System.out.println("report: " + index);
        return 0;
    }
}
