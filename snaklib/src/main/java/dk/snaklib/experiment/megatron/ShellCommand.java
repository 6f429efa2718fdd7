package dk.snaklib.experiment.megatron;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One command of a generated script: argv words plus a comment saying why, rendered one argument per line so a
 * reader (and a test) sees each flag. Words are quoted for POSIX shells only when they need it.
 */
public record ShellCommand(String comment, List<String> argv) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@%+\\-]+");

    public ShellCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
    }

    public static ShellCommand of(String comment, String... argv) {
        return new ShellCommand(comment, List.of(argv));
    }

    /** The command with {@code more} words appended. */
    public ShellCommand plus(List<String> more) {
        List<String> all = new ArrayList<>(argv);
        all.addAll(more);
        return new ShellCommand(comment, all);
    }

    public static String quote(String word) {
        if (!word.isEmpty() && PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** {@code # comment} then the command, a line per option (a word starting with "--" and its value). */
    public String render() {
        StringBuilder b = new StringBuilder();
        for (String line : comment.split("\n")) {
            b.append("# ").append(line).append('\n');
        }
        b.append(quote(argv.getFirst()));
        for (int i = 1; i < argv.size(); i++) {
            String w = argv.get(i);
            boolean newLine = w.startsWith("--") && i > 1;
            b.append(newLine ? " \\\n    " : " ").append(quote(w));
        }
        return b.append('\n').toString();
    }

    /** On one line, for messages and the plan's summary. */
    public String oneLine() {
        return String.join(" ", argv.stream().map(ShellCommand::quote).toList());
    }
}
