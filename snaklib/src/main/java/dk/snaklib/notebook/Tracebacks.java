package dk.snaklib.notebook;

import java.util.ArrayList;
import java.util.List;

/** Java stack traces as Jupyter traceback lines, cut where JShell's own machinery begins. */
final class Tracebacks {
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
                lines.add("\tat " + f);
            }
            prefix = "Caused by: ";
            if (c.getCause() == c) {
                break;
            }
        }
        return lines;
    }
}
