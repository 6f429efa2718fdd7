package dk.snaklib.notebook;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JShell running in this JVM: evaluates a cell (several snippets) to a real object, completes, documents,
 * checks completeness and stops running code. The kernel and the headless runner share it.
 */
public final class JShellEvaluator implements AutoCloseable {
    /** What {@link #eval} returns when the cell's last snippet has no value (a statement or a declaration). */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "NO_VALUE";
        }
    };

    private final CapturingExecutionControl control = new CapturingExecutionControl();
    private final JShell shell;
    // Each eval has a generation, so a stop meant for one cell can never land on the next one.
    private final Object runLock = new Object();
    private long generation;
    private volatile long running = -1;
    private volatile long stopRequested = -2;

    /** A JShell seeing this JVM's class path, with {@code startup} snippets (imports) already evaluated. */
    public JShellEvaluator(List<String> startup) {
        shell = JShell.builder()
                .executionEngine(CapturingExecutionControl.providerFor(control), Map.of())
                .build();
        // The compiler must see what the running JVM sees (snaklib and its dependencies).
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
        for (String s : startup) {
            eval(s);
        }
    }

    /** Adds a jar or class directory for both compiling and running later snippets. */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /**
     * Evaluates every snippet of a cell in order, stopping at the first that fails.
     *
     * @return the last snippet's value (possibly null), or {@link #NO_VALUE}
     * @throws CellError for compile errors, exceptions and interrupts
     */
    public Object eval(String code) {
        synchronized (runLock) {
            running = ++generation;
        }
        try {
            return evalCell(code);
        } finally {
            synchronized (runLock) {
                running = -1;
            }
        }
    }

    private Object evalCell(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        Object value = NO_VALUE;
        String rest = code;
        while (!rest.isBlank()) {
            checkStopped();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            boolean complete = info.completeness().isComplete();
            String snippet = complete ? info.source() : rest;
            rest = complete ? info.remaining() : "";
            value = evalSnippet(withoutImportPreamble(snippet), complete);
        }
        return value;
    }

    /** Line breaks and comments in front of an import, as the second line of a cell has. */
    private static final Pattern IMPORT_PREAMBLE = Pattern.compile("(?:\\s|//[^\\n]*(?:\\n|$)|/\\*.*?\\*/)+(?=import\\s)", Pattern.DOTALL);

    /**
     * An import without what precedes it. JShell (JDK 21 to 25) takes an on-demand import that starts with a line
     * break or a // comment as a change to every earlier declaration that names a type, and re-defines them: with
     * in-process execution their values are reset to null ({@code String text = "a";} then a cell with two
     * {@code import x.*;} lines left {@code text} null).
     */
    static String withoutImportPreamble(String snippet) {
        Matcher m = IMPORT_PREAMBLE.matcher(snippet);
        return m.lookingAt() ? snippet.substring(m.end()) : snippet;
    }

    private Object evalSnippet(String source, boolean complete) {
        Object value = NO_VALUE;
        control.takeThrowable();
        for (SnippetEvent event : shell.eval(source)) {
            if (event.causeSnippet() != null) {
                continue; // a dependent snippet re-validated, not this cell's own result
            }
            Snippet snippet = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                throw compileError(source, snippet);
            }
            if (event.exception() != null) {
                throw runtimeError(event.exception(), control.takeThrowable());
            }
            value = valueOf(snippet);
        }
        checkStopped(); // JShell reports a stopped snippet as if it had ended normally
        if (!complete) {
            throw new CellError("CompilationException", "incomplete code: " + source.strip(), List.of("incomplete code:", source));
        }
        return value;
    }

    /** Expressions have values; declarations and statements do not (so no empty execute_result). */
    private Object valueOf(Snippet snippet) {
        if (snippet instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            return read(v);
        }
        if (snippet instanceof ExpressionSnippet e) {
            var named = shell.variables().filter(v -> v.name().equals(e.name())).findFirst();
            return named.isPresent() ? read(named.get()) : NO_VALUE;
        }
        return NO_VALUE;
    }

    private Object read(VarSnippet v) {
        control.takeValue();
        shell.varValue(v);
        return control.takeValue();
    }

    private CellError compileError(String source, Snippet snippet) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : shell.diagnostics(snippet).toList()) {
            String msg = d.getMessage(Locale.ROOT);
            if (first == null) {
                first = msg;
            }
            lines.add(msg);
            lines.add(lineAt(source, (int) d.getStartPosition(), (int) d.getEndPosition()));
        }
        if (first == null) {
            first = "cannot compile: " + source.strip();
            lines.add(first);
        }
        return new CellError("CompilationException", first, lines);
    }

    /** The source line holding a diagnostic, with carets under the bad span. */
    private static String lineAt(String source, int start, int end) {
        if (start < 0 || start > source.length()) {
            return source.strip();
        }
        int from = source.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
        if (start == 0) {
            from = 0;
        }
        int to = source.indexOf('\n', start);
        to = to < 0 ? source.length() : to;
        int caretEnd = Math.max(start + 1, Math.min(end, to));
        return source.substring(from, to) + "\n" + " ".repeat(start - from) + "^".repeat(caretEnd - start);
    }

    private static CellError runtimeError(JShellException e, Throwable real) {
        if (real != null) {
            return new CellError(real.getClass().getName(), String.valueOf(real.getMessage()), Tracebacks.of(real));
        }
        if (e instanceof UnresolvedReferenceException u) {
            String msg = "uses " + u.getSnippet() + " which is not yet declared";
            return new CellError("UnresolvedReferenceException", msg, List.of(msg));
        }
        String name = e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
        return new CellError(name, String.valueOf(e.getMessage()), Tracebacks.of(e));
    }

    /** Names that could continue the code at {@code cursor}, and the span they replace. */
    public Completions complete(String code, int cursor) {
        int start = lastSnippetStart(code, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                shell.sourceCodeAnalysis().completionSuggestions(code.substring(start, cursor), cursor - start, anchor);
        Set<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType).forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new Completions(List.copyOf(matches), start + anchor[0], cursor);
    }

    /** Completion matches and the span {@code [start, end)} of the code they replace. */
    public record Completions(List<String> matches, int start, int end) {}

    /** Signatures and javadoc of what is at {@code cursor}, or null when there is nothing to say. */
    public String inspect(String code, int cursor) {
        int start = lastSnippetStart(code, cursor);
        String part = code.substring(start);
        int at = cursor - start;
        // JShell documents a call when the cursor is inside its parentheses: step past the name if need be.
        List<SourceCodeAnalysis.Documentation> docs = shell.sourceCodeAnalysis().documentation(part, at, true);
        if (docs.isEmpty()) {
            int end = at;
            while (end < part.length() && Character.isJavaIdentifierPart(part.charAt(end))) {
                end++;
            }
            docs = shell.sourceCodeAnalysis().documentation(part.substring(0, end) + "(", end + 1, true);
        }
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            sb.append(d.signature()).append('\n');
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                sb.append(d.javadoc().strip()).append("\n\n");
            }
        }
        return sb.toString().strip();
    }

    /** Jupyter's is_complete answer: "complete", "incomplete", "invalid" or "unknown". */
    public String isComplete(String code) {
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(rest);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return "incomplete";
                }
                case UNKNOWN -> {
                    return "invalid";
                }
                case EMPTY -> {
                    return "complete";
                }
                default -> rest = info.remaining();
            }
        }
        return "complete";
    }

    /** Where the snippet holding {@code cursor} begins: JShell analyses one snippet at a time. */
    private int lastSnippetStart(String code, int cursor) {
        int start = 0;
        String rest = code.substring(0, cursor);
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.remaining().isEmpty()) {
                return start;
            }
            start += rest.length() - info.remaining().length();
            rest = info.remaining();
        }
    }

    /** True while a cell is being evaluated. */
    public boolean isRunning() {
        return running >= 0;
    }

    private void checkStopped() {
        if (stopRequested == running) {
            throw new CellError("InterruptedException", "the cell was interrupted", List.of("InterruptedException: the cell was interrupted"));
        }
    }

    /**
     * Stops the running cell: {@code Thread.interrupt()} on the thread running it (library loops that check the
     * flag, sleeps and waits stop) and the cell's own loops throw; the cell then fails with an interrupt. A request
     * that lands while JShell is still compiling, or just before a snippet starts, is repeated until it has reached
     * running code, then not again: code that handles the interrupt (a checkpoint written on the way out) is not
     * interrupted over and over while it does so.
     */
    public void stop() {
        long target = running;
        if (target < 0) {
            return;
        }
        stopRequested = target;
        Thread.ofPlatform().daemon().name("jshell-stop").start(() -> {
            while (true) {
                synchronized (runLock) {
                    if (running != target) {
                        return;
                    }
                    if (!control.stopFlagSet()) {
                        shell.stop();
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void close() {
        shell.close();
    }
}
