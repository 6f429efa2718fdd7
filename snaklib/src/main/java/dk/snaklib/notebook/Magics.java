package dk.snaklib.notebook;

import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kernel's magics. {@code %classpath} and {@code %jars} behave as in JJava (glob arguments; a directory given to
 * {@code %jars} adds the jars in it), so our notebooks also open in a stock JJava kernel. {@code %time} and
 * {@code %%time} at the top of a cell time the whole cell. Any other magic is refused before anything runs.
 */
final class Magics {
    private Magics() {}

    /** Line magics start a line or follow '=' ({@code List<String> added = %jars lib/*.jar}), as in JJava. */
    static final String LINE_MAGIC_START = "(?<=(?:^|=))\\s*%";
    static final String CELL_MAGIC_START = "%%";

    private static final Pattern LINE_MAGIC = Pattern.compile("(?m)(?:^|=)\\s*%(?!%)(\\w*)");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%(\\w*)");
    private static final Pattern TIME = Pattern.compile("^\\s*(?:%%time[ \\t]*(?:\\R|$)|%time[ \\t]+)", Pattern.DOTALL);

    static MagicParser parser() {
        return new MagicParser(LINE_MAGIC_START, CELL_MAGIC_START, new MagicTranspiler());
    }

    static MagicsRegistry registry() {
        MagicsRegistry r = new MagicsRegistry();
        r.registerLineMagic("classpath", (SnakKernel k, List<String> args) -> addAll(k, resolve(args, false)));
        r.registerLineMagic("jars", (SnakKernel k, List<String> args) -> addAll(k, resolve(args, true)));
        return r;
    }

    /** The cell without its leading {@code %time}/{@code %%time}, or null when it is not timed. */
    static String untimed(String code) {
        Matcher m = TIME.matcher(code);
        return m.lookingAt() ? code.substring(m.end()) : null;
    }

    /** Refuses a cell that uses a magic this kernel does not have; says which ones it has. */
    static void checkKnown(String code, MagicsRegistry registry) {
        Matcher cell = CELL_MAGIC.matcher(code);
        if (cell.lookingAt() && !registry.getCellMagicNames().contains(cell.group(1))) {
            throw unknown("%%" + cell.group(1), registry);
        }
        Matcher line = LINE_MAGIC.matcher(code);
        while (line.find()) {
            if (!registry.getLineMagicNames().contains(line.group(1))) {
                throw unknown("%" + line.group(1), registry);
            }
        }
    }

    private static CellError unknown(String magic, MagicsRegistry registry) {
        List<String> known = new ArrayList<>();
        new TreeSet<>(registry.getLineMagicNames()).forEach(n -> known.add("%" + n));
        known.add("%time");
        new TreeSet<>(registry.getCellMagicNames()).forEach(n -> known.add("%%" + n));
        known.add("%%time");
        String msg = "unknown magic " + magic + "; this kernel has " + String.join(", ", known)
                + " (%time and %%time only as a cell's first line)";
        return new CellError("UnknownMagic", msg, List.of("UnknownMagic: " + msg));
    }

    /** Glob arguments to paths; for %jars a directory stands for the jars directly inside it. */
    static List<Path> resolve(List<String> args, boolean jarsOnly) throws Exception {
        List<Path> paths = new ArrayList<>();
        for (String arg : args) {
            List<Path> hits;
            try {
                hits = PathsHandler.resolveGlobs(arg);
            } catch (RuntimeException e) {
                hits = List.of(); // a missing directory in the glob: same answer as no match
            }
            if (hits.isEmpty()) {
                throw new IllegalArgumentException("no file matches " + arg);
            }
            for (Path p : hits) {
                if (jarsOnly && Files.isDirectory(p)) {
                    try (Stream<Path> in = Files.list(p)) {
                        in.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(paths::add);
                    }
                } else {
                    paths.add(p.toAbsolutePath());
                }
            }
        }
        return paths;
    }

    private static List<String> addAll(SnakKernel kernel, List<Path> paths) {
        List<String> added = paths.stream().map(Path::toString).toList();
        added.forEach(kernel::addToClasspath);
        return added;
    }
}
