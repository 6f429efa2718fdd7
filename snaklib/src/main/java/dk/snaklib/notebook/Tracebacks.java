package dk.snaklib.notebook;

import java.util.ArrayList;
import java.util.List;

/** Java stack traces as Jupyter traceback lines, cut where JShell's own machinery begins. */
final class Tracebacks {
    private static final String WRAPPER = "REPL.$JShell$";

    private Tracebacks() {}

    static List<String> of(Throwable t) {
        List<String> lines = new ArrayList<>();
        String prefix = "";
        for (Throwable c = t; c != null && lines.size() < 200; c = c.getCause()) {
            String head = c instanceof jdk.jshell.EvalException e ? e.getExceptionClassName() + ": " + e.getMessage() : c.toString();
            lines.add(prefix + head);
            for (StackTraceElement f : c.getStackTrace()) {
                String cls = f.getClassName();
                if (cls.startsWith("jdk.internal.reflect") || cls.startsWith("java.lang.reflect") || cls.startsWith("jdk.jshell")) {
                    break; // below here is JShell invoking the cell, not the user's code
                }
                lines.add("\tat " + frame(f));
            }
            prefix = "Caused by: ";
            if (c.getCause() == c) {
                break;
            }
        }
        return lines;
    }

    /** JShell's wrapper classes ({@code REPL.$JShell$12.do_it$}) read as the snippet they came from. */
    static String frame(StackTraceElement f) {
        String cls = f.getClassName();
        if (!cls.startsWith(WRAPPER)) {
            return f.toString();
        }
        String snippet = cls.substring(WRAPPER.length()).replaceFirst("\\$.*", "");
        String method = f.getMethodName().equals("do_it$") ? "cell code" : f.getMethodName();
        return method + " (snippet " + snippet + ")";
    }
}
