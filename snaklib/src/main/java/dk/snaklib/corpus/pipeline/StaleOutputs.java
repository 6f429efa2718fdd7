package dk.snaklib.corpus.pipeline;

import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.IoErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files in a run's output folder that this pipeline would not write: outputs of sources no longer in it (a
 * rerun with fewer sources) and temporary files a killed run left. Removed at the start of a run that holds
 * the folder's lock, each said, so a glob over {@code corpus/*.parquet} never picks up a stale source.
 * Only our own file kinds in our own sub-folders are touched.
 */
final class StaleOutputs {
    /** Sub-folder -> the extension of the per-source files the pipeline writes there. */
    static final Map<String, String> PER_SOURCE = Map.of("corpus", ".parquet", "rejects", ".parquet",
            "bad-records", ".tsv", "done", ".json", "stage/corpus", ".parquet", "stage/rejects", ".parquet");

    private final PipelineSpec spec;
    private final PrintStream log;

    StaleOutputs(PipelineSpec spec, PrintStream log) {
        this.spec = spec;
        this.log = log;
    }

    void remove() {
        Set<String> current = spec.sources().stream().map(PipelineSpec.Source::name).collect(Collectors.toSet());
        Map<String, List<Path>> stale = new TreeMap<>();
        List<Path> temps = new ArrayList<>();
        for (String folder : List.of("corpus", "rejects", "bad-records", "done", "stage/corpus", "stage/rejects", ".")) {
            Path dir = spec.outputDir().resolve(folder).normalize();
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = f.getFileName().toString();
                    String ext = PER_SOURCE.get(folder);
                    if (AtomicFiles.isTempName(f)) {
                        temps.add(f);
                    } else if (ext != null && name.endsWith(ext)
                            && !current.contains(name.substring(0, name.length() - ext.length()))) {
                        stale.computeIfAbsent(name.substring(0, name.length() - ext.length()), k -> new ArrayList<>()).add(f);
                    }
                }
            } catch (IOException e) {
                throw IoErrors.cannot("list", dir, e);
            }
        }
        stale.forEach((source, files) -> {
            files.forEach(StaleOutputs::delete);
            log.println("removed stale output of \"" + source + "\" (no longer in the pipeline): "
                    + files.stream().map(f -> spec.outputDir().relativize(f).toString()).toList());
        });
        if (!temps.isEmpty()) {
            temps.forEach(StaleOutputs::delete);
            log.println("removed " + temps.size() + " temporary file(s) an interrupted run left: "
                    + temps.stream().map(f -> spec.outputDir().relativize(f).toString()).toList());
        }
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw IoErrors.cannot("delete stale output", f, e);
        }
    }
}
