package dk.snaklib.notebook;

import dk.snaklib.util.Progress;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Message;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * SnakLab's Java kernel: jjava-jupyter's BaseKernel around a {@link JShellEvaluator} running in this JVM, so
 * cell values are real objects rendered by {@link Renderer}. {@link #runCell} is the one way a cell runs, used by
 * both the Jupyter protocol handlers ({@link KernelHandlers}) and the headless {@link NotebookRunner}.
 */
public final class SnakKernel extends BaseKernel {
    /** Per-cell output budget (stdout + stderr characters) before the rest is dropped with a note. */
    public static final long DEFAULT_OUTPUT_LIMIT = 1_000_000;

    static final List<String> STARTUP = List.of(
            "import java.util.*;", "import java.util.function.*;", "import java.util.stream.*;",
            "import java.io.*;", "import java.nio.file.*;", "import java.math.*;", "import java.time.*;",
            // display(), render(), lineMagic(): the same notebook helpers JJava offers
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;",
            "import static dk.snaklib.notebook.Notebook.clearOutput;");

    private final JShellEvaluator evaluator;
    final CellHistory cellHistory;
    private final long outputLimit;
    private volatile OutputSink sink = OutputSink.DISCARD;
    private final PrintStream log = System.err; // the kernel's own stderr (Jupyter's log), not a cell's
    private IopubPublisher publisher;

    public SnakKernel() {
        this(DEFAULT_OUTPUT_LIMIT);
    }

    public SnakKernel(long outputLimit) {
        this(new CellHistory(), outputLimit);
    }

    private SnakKernel(CellHistory history, long outputLimit) {
        super("snaklib", version(), languageInfo(),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/21/docs/api/")),
                history, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                Magics.parser(), Magics.registry(), false, errorStyler());
        this.cellHistory = history;
        this.outputLimit = outputLimit;
        Renderers.registerAll(renderer);
        this.evaluator = new JShellEvaluator(STARTUP);
    }

    private static String version() {
        String v = SnakKernel.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    private static StringStyler errorStyler() {
        return new StringStyler.Builder()
                .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                .addSecondaryStyle(TextColor.BOLD_RED_FG)
                .addHighlightStyle(TextColor.BOLD_RESET_FG)
                .build();
    }

    /**
     * Runs one cell: %time handling, magic check and expansion, evaluation with stdout/stderr streamed to
     * {@code out}, rendering of the value.
     *
     * @return the rendered value, or null when the cell has none (no execute_result then)
     * @throws CellError when the cell fails (compile error, exception, interrupt, unknown magic)
     */
    public DisplayData runCell(String code, OutputSink out) {
        String timed = Magics.untimed(code);
        String body = timed == null ? code : timed;
        Magics.checkKnown(body, magicsRegistry);
        String java = magicParser.resolveMagics(body);

        CellOutput streams = new CellOutput(out, outputLimit);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cell-output-flush");
            t.setDaemon(true);
            return t;
        });
        // Text printed without a newline (progress bars) still reaches the front end while the cell runs.
        flusher.scheduleWithFixedDelay(streams::flush, 200, 200, TimeUnit.MILLISECONDS);
        sink = out;
        System.setOut(streams.out);
        System.setErr(streams.err);
        Progress.showIn(label -> new ProgressDisplay(out)); // progress in this cell: one updating display
        long start = System.nanoTime();
        try {
            Object value = evaluator.eval(java);
            if (timed != null) {
                streams.out.println(wallTime(System.nanoTime() - start));
            }
            return render(value);
        } finally {
            Progress.showIn(null);
            stopFlusher(flusher);
            streams.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
            sink = OutputSink.DISCARD;
        }
    }

    /** Lets a flush under way finish: never shutdownNow(), whose interrupt would cut that flush's text off. */
    private void stopFlusher(ScheduledExecutorService flusher) {
        flusher.shutdown();
        try {
            if (!flusher.awaitTermination(10, TimeUnit.SECONDS)) {
                log.println("snaklib kernel: the output flush did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The one thread that sends this kernel's cell outputs on iopub. */
    synchronized IopubPublisher publisher() {
        if (publisher == null) {
            publisher = new IopubPublisher(log);
        }
        return publisher;
    }

    private DisplayData render(Object value) {
        if (value == JShellEvaluator.NO_VALUE) {
            return null;
        }
        if (value == null) {
            return new DisplayData("null");
        }
        return value instanceof DisplayData d ? d : renderer.render(value);
    }

    static String wallTime(long nanos) {
        double ms = nanos / 1e6;
        return ms < 1000 ? String.format(Locale.ROOT, "Wall time: %.1f ms", ms) : String.format(Locale.ROOT, "Wall time: %.2f s", ms / 1000);
    }

    /** Adds a jar or class directory to the running notebook (used by %classpath and %jars). */
    public void addToClasspath(String path) {
        evaluator.addToClasspath(path);
    }

    /** The evaluator's value without rendering; JJava's {@code eval(String)} helper lands here. */
    @Override
    public Object evalRaw(String source) {
        if (evaluator.isRunning()) {
            // JShell cannot evaluate while it is running a cell (eval() called from a cell would hang)
            throw new IllegalStateException("eval(...) cannot be used inside a running cell; write the code in the cell itself");
        }
        Object v = evaluator.eval(magicParser.resolveMagics(source));
        return v == JShellEvaluator.NO_VALUE ? null : v;
    }

    @Override
    public void display(DisplayData data) {
        sink.display(data);
    }

    /** Clears the running cell's outputs. */
    public void clearOutput(boolean wait) {
        sink.clearOutput(wait);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String doc = evaluator.inspect(code, at);
        return doc == null ? null : new DisplayData(doc);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        JShellEvaluator.Completions c = evaluator.complete(code, at);
        return new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        String verdict = evaluator.isComplete(code);
        return switch (verdict) {
            case "complete" -> IS_COMPLETE_YES;
            case "invalid" -> IS_COMPLETE_BAD;
            case "incomplete" -> "";
            default -> IS_COMPLETE_MAYBE;
        };
    }

    @Override
    public void interrupt() {
        evaluator.stop();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        try {
            evaluator.close();
        } finally {
            super.onShutdown(isRestarting);
        }
    }

    /** Jupyter protocol handlers are in {@link KernelHandlers}; they need these package-level views. */
    String implementationName() {
        return name;
    }

    String implementationVersion() {
        return version;
    }

    int nextExecutionCount(boolean store) {
        return store ? executionCount.getAndIncrement() : executionCount.get();
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        KernelHandlers.install(this, connection);
    }

    void setCommContext(Message<?> m) {
        commManager.setMessageContext(m);
    }
}
