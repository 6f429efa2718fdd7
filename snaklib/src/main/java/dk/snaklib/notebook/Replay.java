package dk.snaklib.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.experiment.Artifacts;
import dk.snaklib.experiment.CodeVersion;
import dk.snaklib.experiment.Preset;
import dk.snaklib.experiment.Project;
import dk.snaklib.experiment.Study;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;
import dk.snaklib.util.JsonFiles;
import dk.snaklib.util.Progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The replay ({@code snak replay}): runs {@code notebooks/NN-*.ipynb} in order through the headless runner in this
 * JVM, the preset injected into each notebook's {@code parameters} cell, all of them sharing the project's artifact
 * store, so a step computed once is read back everywhere after. Shows overall progress with the time left (from the
 * notebooks' durations in the previous replay at this preset, else equal shares), stops at the first failing notebook
 * saying which notebook and cell, and keeps what was done. Then writes the executed notebooks and
 * {@code reports/index.html} ({@link NotebookReport}: each notebook's finding with its numbers' lineage, its figures
 * and tables). Started again after a kill, finished artifacts are reused and a half-done training step resumes, so
 * notebooks whose inputs are cached re-execute in seconds.
 */
public final class Replay {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Where the previous replays' durations per notebook are kept, in the report folder. */
    static final String TIMINGS = "replay-timings.json";
    static final String MEASURED = "/dk/snaklib/notebook/replay-seconds.json";
    private static final double DEFAULT_SECONDS = 60;

    /**
     * @param project     the project (notebooks, catalog, store)
     * @param preset      a bundled preset name or a preset .yaml file
     * @param only        notebook numbers ("03") or names to run; empty: all
     * @param out         the report folder (executed notebooks go to {@code out/notebooks})
     * @param cellTimeout the longest one cell may run
     * @param log         where progress goes
     * @param artifacts   the artifact store's folder (null: the project's, {@link Project#artifactsDir()})
     */
    public record Options(Project project, String preset, List<String> only, Path out, Duration cellTimeout, PrintStream log,
                          Path artifacts) {
        public static Options of(Project project, String preset) {
            return new Options(project, preset, List.of(), project.reports(), Duration.ofHours(2), System.err, null);
        }

        public Options only(List<String> o) {
            return new Options(project, preset, o, out, cellTimeout, log, artifacts);
        }

        public Options out(Path o) {
            return new Options(project, preset, only, o, cellTimeout, log, artifacts);
        }

        public Options log(PrintStream l) {
            return new Options(project, preset, only, out, cellTimeout, l, artifacts);
        }

        public Options cellTimeout(Duration d) {
            return new Options(project, preset, only, out, d, log, artifacts);
        }

        public Options artifacts(Path dir) {
            return new Options(project, preset, only, out, cellTimeout, log, dir);
        }
    }

    /** One notebook's run: where its executed copy went, whether it passed, its wall time, its failure if any. */
    public record NotebookRun(Path notebook, Path executed, boolean ok, double seconds, String failure) {}

    /** What a replay did: the notebooks run (in order), the report index, and the failure that stopped it (null: none). */
    public record Result(List<NotebookRun> runs, Path index, String stoppedAt) {
        public boolean ok() {
            return stoppedAt == null;
        }
    }

    private Replay() {}

    public static Result run(Options o) {
        Preset preset = Preset.named(o.preset()); // a bad preset fails before anything runs
        List<Path> notebooks = select(o.project().notebooks(), o.only());
        Path executedDir = o.out().resolve("notebooks");
        Map<String, Double> estimates = estimates(o.out(), preset.name());
        double total = notebooks.stream().mapToDouble(nb -> estimates.getOrDefault(stem(nb), DEFAULT_SECONDS)).sum();
        Artifacts store = (o.artifacts() == null ? Artifacts.open(o.project()) : Artifacts.open(o.artifacts())).log(o.log());
        List<NotebookRun> runs = new ArrayList<>();
        String stopped = null;
        Progress progress = new Progress("replay", Math.max(1, Math.round(total)), "s", o.log(), false);
        double doneEstimate = 0;
        o.log().printf("replay: %d notebook(s) at preset %s: %s%n", notebooks.size(), preset.name(),
                notebooks.stream().map(Replay::stem).toList());
        try (AutoCloseable defaults = Study.useDefaults(o.project(), store)) {
            for (int i = 0; i < notebooks.size(); i++) {
                Path nb = notebooks.get(i);
                double est = estimates.getOrDefault(stem(nb), DEFAULT_SECONDS);
                o.log().printf("replay: [%d/%d] %s ...%n", i + 1, notebooks.size(), stem(nb));
                long t0 = System.nanoTime();
                Ticker ticker = new Ticker(progress, doneEstimate, est, t0);
                NotebookRunner.Result r;
                try {
                    r = NotebookRunner.run(nb, executedDir, new NotebookRunner.Options(
                            List.of(new NotebookFile.Parameter("preset", o.preset())), o.cellTimeout(), SnakKernel.DEFAULT_OUTPUT_LIMIT));
                } finally {
                    ticker.stop();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                doneEstimate += est;
                progress.update(Math.round(doneEstimate), stem(nb) + " done");
                if (r.ok()) {
                    estimates.put(stem(nb), seconds);
                    runs.add(new NotebookRun(nb, r.notebook(), true, seconds, null));
                    o.log().printf(Locale.ROOT, "replay: [%d/%d] %s ok in %.0f s%n", i + 1, notebooks.size(), stem(nb), seconds);
                } else {
                    String why = r.failure().describe(nb);
                    runs.add(new NotebookRun(nb, r.notebook(), false, seconds, why));
                    stopped = nb + ", cell " + r.failure().cell() + ": " + r.failure().error().ename() + ": " + r.failure().error().evalue();
                    o.log().println("replay: stopped at " + stopped + " (cells numbered as in the executed notebook " + r.notebook()
                            + ", which shows the error)");
                    o.log().println(why);
                    o.log().println("replay: kept what was done (" + (i == 0 ? "no notebook before it" : "notebooks before it")
                            + ", and every finished artifact in " + store.dir() + "); run it again after fixing: finished steps are reused");
                    break;
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
        saveEstimates(o.out(), preset.name(), estimates);
        store.recordRootKeys("replay-" + preset.name(), usedKeys(executedDir));
        Path index = Files.isDirectory(executedDir)
                ? NotebookReport.write(executedDir, o.out(), header(preset, runs, stopped)) : null;
        o.log().println("replay: report " + index + (stopped == null ? "" : " (stopped early: the report shows what was done)"));
        return new Result(runs, index, stopped);
    }

    /**
     * notebooks/NN-*.ipynb from 01 on, in order, restricted to {@code only} (numbers like "03" or names); unknown ones
     * are refused. 00 is the spine tour, the quick start: it has no preset parameter and is not an experiment.
     */
    static List<Path> select(Path dir, List<String> only) {
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.ipynb") && !p.getFileName().toString().startsWith("00-")).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot list the notebooks: " + e.getMessage(), e);
        }
        if (all.isEmpty()) {
            throw new BadInputException(dir, "no NN-name.ipynb notebooks to replay");
        }
        if (only.isEmpty()) {
            return all;
        }
        Set<Path> chosen = new LinkedHashSet<>();
        for (String want : only) {
            String w = want.strip();
            List<Path> hits = all.stream().filter(p -> stem(p).startsWith(w.length() == 1 ? "0" + w : w)
                    && (w.length() > 2 || stem(p).charAt(2) == '-')).toList();
            if (hits.isEmpty()) {
                throw new BadInputException(dir, "--only " + want + ": no such notebook (there are " + all.stream().map(Replay::stem).toList() + ")");
            }
            chosen.addAll(hits);
        }
        return all.stream().filter(chosen::contains).toList();
    }

    static String stem(Path nb) {
        return nb.getFileName().toString().replaceFirst("\\.ipynb$", "");
    }

    /**
     * Seconds per notebook for the time left: this report folder's last run at this preset, else the bundled
     * measurement on the 2-core development machine (resource {@value #MEASURED}; docs/benchmarks.md), else
     * {@link #DEFAULT_SECONDS}.
     */
    private static Map<String, Double> estimates(Path out, String preset) {
        Map<String, Double> m = new LinkedHashMap<>();
        try (java.io.InputStream in = Replay.class.getResourceAsStream(MEASURED)) {
            if (in != null) {
                JSON.readTree(in).path(preset).fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("the bundled " + MEASURED + " does not parse", e);
        }
        Path f = out.resolve(TIMINGS);
        if (Files.isRegularFile(f)) {
            try {
                JsonFiles.readObject(f).path(preset).fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
            } catch (BadInputException e) {
                // a damaged timings file only costs the estimate
            }
        }
        return m;
    }

    private static void saveEstimates(Path out, String preset, Map<String, Double> estimates) {
        Path f = out.resolve(TIMINGS);
        ObjectNode all = JSON.createObjectNode();
        if (Files.isRegularFile(f)) {
            try {
                all = JsonFiles.readObject(f);
            } catch (BadInputException ignored) {
                // start afresh
            }
        }
        ObjectNode p = all.putObject(preset);
        estimates.forEach((k, v) -> p.put(k, Math.round(v * 10) / 10.0));
        try {
            AtomicFiles.writeString(f, JSON.writeValueAsString(all) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The artifact keys the executed notebooks recorded in their metadata. */
    private static List<String> usedKeys(Path executedDir) {
        List<String> keys = new ArrayList<>();
        if (!Files.isDirectory(executedDir)) {
            return keys;
        }
        try (Stream<Path> s = Files.list(executedDir)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".ipynb")).toList()) {
                for (JsonNode a : NotebookFile.read(p).root().path("metadata").path("snaklib").path("lineage")) {
                    keys.add(a.path("key").asText());
                }
            }
        } catch (IOException e) {
            throw new BadInputException(executedDir, "cannot list: " + e.getMessage(), e);
        }
        return keys;
    }

    private static String header(Preset preset, List<NotebookRun> runs, String stopped) {
        StringBuilder sb = new StringBuilder("<p>Replay at preset <b>").append(NotebookHtml.escape(preset.name())).append("</b> (")
                .append(NotebookHtml.escape(preset.description())).append("), ").append(Instant.now()).append("; code ")
                .append(CodeVersion.fingerprint(), 0, 12).append(" (git ").append(String.valueOf(CodeVersion.current().gitCommit()))
                .append("); ").append(Runtime.getRuntime().availableProcessors()).append(" cores. This run: ");
        for (NotebookRun r : runs) {
            sb.append(NotebookHtml.escape(stem(r.notebook()))).append(String.format(Locale.ROOT, " %.0f s%s; ", r.seconds(), r.ok() ? "" : " (failed)"));
        }
        sb.append("</p>\n");
        if (stopped != null) {
            sb.append("<p class=\"error\"><b>The replay stopped at ").append(NotebookHtml.escape(stopped)).append("</b></p>\n");
        }
        return sb.toString();
    }

    /** Moves the overall progress on while a notebook runs, never past its estimate. */
    private static final class Ticker {
        private final Thread thread;

        Ticker(Progress progress, double before, double estimate, long t0) {
            thread = Thread.ofPlatform().daemon().name("replay-progress").start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(1000);
                        double in = Math.min((System.nanoTime() - t0) / 1e9, estimate * 0.99);
                        progress.update(Math.round(before + in), "");
                    }
                } catch (InterruptedException ignored) {
                    // the notebook ended
                }
            });
        }

        void stop() {
            thread.interrupt();
        }
    }
}
