package dk.snaklib.cli;

import dk.snaklib.experiment.Project;
import dk.snaklib.notebook.Replay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code snak replay}: {@link Replay#run} over the project's notebooks. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay the study: run notebooks/NN-*.ipynb in order at a preset (finished steps come from the artifact "
                + "store), then write reports/index.html and the executed notebooks. Run it again after a crash: it resumes.")
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "small", description = "tiny, small, or a preset .yaml file (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--only", split = ",", paramLabel = "NN", description = "run only these notebooks, e.g. --only 03,05")
    List<String> only = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "report folder (default: reports/ in the project)")
    Path out;

    @Option(names = "--artifacts", paramLabel = "DIR", description = "artifact store (default: $SNAK_ARTIFACTS or artifacts/ in the project)")
    Path artifacts;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "7200",
            description = "longest a single cell may run (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Override
    public Integer call() {
        Project project = Project.find();
        Replay.Options o = Replay.Options.of(project, preset).only(only).cellTimeout(Duration.ofSeconds(timeoutSeconds)).artifacts(artifacts);
        if (out != null) {
            o = o.out(out);
        }
        Replay.Result r = Replay.run(o);
        System.out.println((r.ok() ? "replay ok: " : "replay STOPPED at " + r.stoppedAt() + "; report so far: ") + r.index());
        return r.ok() ? 0 : 1;
    }
}
