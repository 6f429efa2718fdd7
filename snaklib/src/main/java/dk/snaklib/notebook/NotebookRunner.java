package dk.snaklib.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;
import dk.snaklib.util.Progress;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a notebook headless with the kernel's own cell runner ({@link SnakKernel#runCell}) in this JVM: injects
 * parameters, runs code cells in order, stops at the first failing cell (its error becomes the cell's output),
 * and writes the executed notebook plus its HTML rendering.
 */
public final class NotebookRunner {
    /** How a run is configured; {@code cellTimeout} bounds each cell, {@code outputLimit} each cell's text. */
    public record Options(List<NotebookFile.Parameter> parameters, Duration cellTimeout, long outputLimit) {
        public static Options defaults() {
            return new Options(List.of(), Duration.ofMinutes(30), SnakKernel.DEFAULT_OUTPUT_LIMIT);
        }
    }

    /** Where the outputs went, how many code cells ran and the failure, if any. */
    public record Result(Path notebook, Path html, int cellsRun, CellFailure failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** The failing cell (1-based among all cells, as Jupyter shows them) and its error. */
    public record CellFailure(int cell, CellError error) {
        public String describe(Path notebook) {
            StringBuilder sb = new StringBuilder(notebook + ": cell " + cell + " failed: " + error.ename() + ": " + error.evalue());
            error.traceback().stream().skip(1).limit(30).forEach(l -> sb.append('\n').append(l));
            return sb.toString();
        }
    }

    /** How long an interrupted cell may take to stop before the run gives up on it. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How often a running cell's progress is looked at for the run's own progress line. */
    private static final Duration TICK = Duration.ofSeconds(1);

    private NotebookRunner() {}

    /** Runs {@code input} and writes {@code <outDir>/<name>.ipynb} and {@code .html}. */
    public static Result run(Path input, Path outDir, Options options) {
        String stem = input.getFileName().toString().replaceFirst("\\.ipynb$", "");
        Path notebook = outDir.resolve(stem + ".ipynb");
        Path html = outDir.resolve(stem + ".html");
        NotebookFile nb = NotebookFile.read(input);
        if (notebook.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
            throw new BadInputException(input, "the executed notebook would overwrite its source; choose another --out directory");
        }
        nb.injectParameters(options.parameters());
        nb.normalise(Runtime.version().toString());
        if (isKernelRunning()) {
            throw new BadInputException(input, "a notebook kernel is already running in this JVM; run notebooks from the command line");
        }
        dk.snaklib.experiment.ArtifactSession.drain(); // what earlier work in this JVM used is not this notebook's
        SnakKernel kernel = new SnakKernel(options.outputLimit());
        kernel.onStartup();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "notebook-cell");
            t.setDaemon(true); // a cell that cannot be stopped must not keep the JVM alive
            return t;
        });
        int count = 0;
        CellFailure failure = null;
        ArrayNode cells = nb.cells();
        int codeCells = (int) java.util.stream.StreamSupport.stream(cells.spliterator(), false)
                .filter(c -> "code".equals(c.path("cell_type").asText())).count();
        Progress progress = new Progress(stem, codeCells, "cells");
        progress.update(0, "");
        try {
            for (int i = 0; i < cells.size(); i++) {
                ObjectNode cell = (ObjectNode) cells.get(i);
                if (!"code".equals(cell.path("cell_type").asText())) {
                    continue;
                }
                ArrayNode outputs = cell.putArray("outputs");
                if (failure != null) {
                    cell.putNull("execution_count"); // not run: the notebook stopped earlier
                    continue;
                }
                count++;
                cell.put("execution_count", count);
                JsonOutputs sink = new JsonOutputs(outputs);
                String what = "cell " + (i + 1) + ": " + firstLine(NotebookFile.source(cell));
                int done = count - 1;
                Runnable tick = () -> progress.update(done, what + sink.progressLine());
                CellError error = runOne(kernel, worker, NotebookFile.source(cell), sink, count, options.cellTimeout(), tick);
                progress.update(count, what);
                if (error != null) {
                    outputs.add(JsonOutputs.error(error));
                    failure = new CellFailure(i + 1, error);
                }
            }
        } finally {
            worker.shutdownNow();
            kernel.onShutdown(false);
        }
        recordLineage(nb.root(), dk.snaklib.experiment.ArtifactSession.drain());
        nb.write(notebook);
        AtomicFiles.writeString(html, NotebookHtml.render(nb.root(), stem));
        return new Result(notebook, html, count, failure);
    }

    /**
     * Records in {@code metadata.snaklib.lineage} the artifacts the notebook's cells used (kind, key, folder), so the
     * report can link the notebook's numbers to their lineage.
     */
    static void recordLineage(ObjectNode nb, List<dk.snaklib.experiment.Artifact> used) {
        if (used.isEmpty()) {
            return;
        }
        ArrayNode list = ((ObjectNode) nb.get("metadata")).withObject("/snaklib").putArray("lineage");
        for (var a : used) {
            list.addObject().put("kind", a.kind()).put("key", a.key()).put("dir", a.dir().toString());
        }
    }

    private static boolean isKernelRunning() {
        try {
            BaseKernel.notebookKernel();
            return true;
        } catch (NullPointerException e) {
            return false;
        }
    }

    /** Runs one cell with a time limit; returns its error or null. */
    private static CellError runOne(SnakKernel kernel, ExecutorService worker, String source, JsonOutputs out, int count,
                                    Duration timeout, Runnable tick) {
        Future<DisplayData> running = worker.submit(() -> kernel.runCell(source, out));
        try {
            DisplayData value = await(running, timeout, tick);
            if (value != null) {
                out.result(count, value);
            }
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause instanceof CellError ce ? ce
                    : new CellError(cause.getClass().getName(), String.valueOf(cause.getMessage()), Tracebacks.of(cause));
        } catch (TimeoutException e) {
            kernel.interrupt();
            boolean stopped = waitQuietly(running);
            String msg = "cell did not finish within " + format(timeout) + (stopped ? " and was interrupted" : " and could not be stopped")
                    + " (raise it with --timeout)";
            return new CellError("CellTimeout", msg, List.of("CellTimeout: " + msg));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kernel.interrupt();
            return new CellError("InterruptedException", "the run was interrupted", List.of("InterruptedException: the run was interrupted"));
        }
    }

    /** The cell's value, waiting at most {@code timeout} and calling {@code tick} every second meanwhile. */
    private static DisplayData await(Future<DisplayData> running, Duration timeout, Runnable tick)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                return running.get(Math.min(left, TICK.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                tick.run();
            }
        }
    }

    private static String firstLine(String source) {
        String line = source.strip().lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }

    private static boolean waitQuietly(Future<?> f) {
        try {
            f.get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException | InterruptedException e) {
            return false;
        }
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? (s / 60) + " min" : s > 0 ? s + " s" : d.toMillis() + " ms";
    }

    /** Cell outputs as nbformat JSON: consecutive stream text merged, as Jupyter front ends show it. */
    static final class JsonOutputs implements OutputSink {
        private final ArrayNode outputs;
        private final java.util.Map<String, ObjectNode> byId = new java.util.HashMap<>();
        private volatile String lastProgress = "";
        private boolean clearBeforeNext;

        JsonOutputs(ArrayNode outputs) {
            this.outputs = outputs;
        }

        private synchronized void add(ObjectNode o) {
            if (clearBeforeNext) {
                outputs.removeAll();
                clearBeforeNext = false;
            }
            outputs.add(o);
        }

        @Override
        public synchronized void stream(String name, String text) {
            JsonNode last = outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
            if (!clearBeforeNext && last != null && "stream".equals(last.path("output_type").asText()) && name.equals(last.path("name").asText())) {
                ((ObjectNode) last).put("text", last.path("text").asText() + text);
                return;
            }
            ObjectNode o = NotebookFile.JSON.createObjectNode();
            o.put("output_type", "stream");
            o.put("name", name);
            o.put("text", text);
            add(o);
        }

        @Override
        public void display(DisplayData data) {
            ObjectNode o = bundle(data);
            o.put("output_type", "display_data");
            ObjectNode shown = reorder(o, "output_type");
            synchronized (this) {
                add(shown);
                if (data.hasDisplayId()) {
                    byId.put(data.getDisplayId(), shown);
                }
            }
            noteProgress(data);
        }

        /** Replaces the display with the same id in place, as nbclient does for update_display_data. */
        @Override
        public void updateDisplay(DisplayData data) {
            ObjectNode bundle = bundle(data);
            synchronized (this) {
                ObjectNode shown = byId.get(data.getDisplayId());
                if (shown != null) {
                    shown.set("data", bundle.get("data"));
                    shown.set("metadata", bundle.get("metadata"));
                }
            }
            noteProgress(data);
        }

        private void noteProgress(DisplayData data) {
            if (data.hasDisplayId() && data.getDisplayId().startsWith(ProgressDisplay.ID_PREFIX)) {
                Object text = data.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
                lastProgress = text == null ? "" : String.valueOf(text);
            }
        }

        /** The cell's latest progress line, to show beside the run's own, or "". */
        String progressLine() {
            String p = lastProgress;
            return p.isEmpty() ? "" : "  | " + p;
        }

        @Override
        public synchronized void clearOutput(boolean wait) {
            if (wait) {
                clearBeforeNext = true;
            } else {
                outputs.removeAll();
            }
        }

        void result(int count, DisplayData data) {
            ObjectNode o = bundle(data);
            o.put("output_type", "execute_result");
            o.put("execution_count", count);
            add(reorder(o, "output_type"));
        }

        static ObjectNode error(CellError e) {
            ObjectNode o = NotebookFile.JSON.createObjectNode();
            o.put("output_type", "error");
            o.put("ename", e.ename());
            o.put("evalue", e.evalue());
            ArrayNode tb = o.putArray("traceback");
            e.traceback().forEach(tb::add);
            return o;
        }

        /** DisplayData's data and metadata maps, via the Gson jjava-jupyter itself sends them with. */
        private static ObjectNode bundle(DisplayData data) {
            try {
                JsonNode all = NotebookFile.JSON.readTree(new com.google.gson.Gson().toJson(data));
                ObjectNode o = NotebookFile.JSON.createObjectNode();
                o.set("data", all.has("data") ? all.get("data") : NotebookFile.JSON.createObjectNode());
                o.set("metadata", all.has("metadata") ? all.get("metadata") : NotebookFile.JSON.createObjectNode());
                return o;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("display data is not JSON", e);
            }
        }

        private static ObjectNode reorder(ObjectNode o, String first) {
            ObjectNode r = NotebookFile.JSON.createObjectNode();
            r.set(first, o.get(first));
            o.fields().forEachRemaining(f -> {
                if (!f.getKey().equals(first)) {
                    r.set(f.getKey(), f.getValue());
                }
            });
            return r;
        }
    }
}
