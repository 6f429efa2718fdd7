package dk.snaklib.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes and removes the Jupyter kernelspec ({@code kernels/<name>/kernel.json}) that starts {@link KernelMain}.
 * Every path in it is absolute: the java of the JDK running this (chosen by ./snak like any snak command) and
 * snaklib's classes plus their dependencies, so the kernel starts the same from any working directory.
 */
public final class KernelSpec {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** Flags every snaklib JVM needs (as in ./snak), plus quiet logging so stderr stays the user's. */
    static final List<String> JVM_ARGS = List.of("-Dai.djl.offline=true", "-Xss8m", "--enable-native-access=ALL-UNNAMED",
            "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private KernelSpec() {}

    /** Jupyter's data directory: {@code <prefix>/share/jupyter}, the user's, or the system-wide one. */
    public static Path dataDir(boolean user, Path prefix) {
        if (prefix != null) {
            return prefix.toAbsolutePath().resolve("share/jupyter");
        }
        if (user) {
            String env = System.getenv("JUPYTER_DATA_DIR");
            if (env != null && !env.isBlank()) {
                return Path.of(env).toAbsolutePath();
            }
            String xdg = System.getenv("XDG_DATA_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local/share");
            return base.resolve("jupyter");
        }
        return Path.of("/usr/local/share/jupyter");
    }

    /**
     * How the kernel JVM finds snaklib: either a fixed class path, or the build's classes directory plus its
     * {@code runtime-classpath.txt} read at every kernel start, so a rebuild with new dependencies needs no reinstall.
     */
    public record ClassPath(String fixed, Path classes, Path listFile) {
        public static ClassPath fixed(String classpath) {
            return new ClassPath(classpath, null, null);
        }

        public static ClassPath ofBuild(Path classes, Path listFile) {
            return new ClassPath(null, classes.toAbsolutePath(), listFile.toAbsolutePath());
        }
    }

    /** Installs (or replaces) kernelspec {@code name} under {@code dataDir}; returns its directory. */
    public static Path install(Path dataDir, String name, String displayName, ClassPath classpath) {
        checkName(name);
        Path dir = dataDir.resolve("kernels").resolve(name);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv(classpath));
        spec.put("display_name", displayName);
        spec.put("language", "java");
        spec.put("interrupt_mode", "message"); // a SIGINT would end the JVM; the message stops the cell
        spec.put("metadata", Map.of("debugger", false));
        try {
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(spec);
            AtomicFiles.writeString(dir.resolve("kernel.json"), json + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kernelspec in " + dir, e);
        }
        return dir;
    }

    static List<String> argv(ClassPath cp) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>();
        if (cp.fixed() != null) {
            argv.add(java);
            argv.addAll(JVM_ARGS);
            argv.addAll(List.of("-cp", cp.fixed(), KernelMain.class.getName(), "{connection_file}"));
            return argv;
        }
        // sh reads the dependency list at start; $0 is java and $1 the connection file, so neither is re-quoted.
        String script = "exec \"$0\" " + String.join(" ", JVM_ARGS) + " -cp " + shQuote(cp.classes().toString())
                + ":\"$(cat " + shQuote(cp.listFile().toString()) + ")\" " + KernelMain.class.getName() + " \"$1\"";
        argv.addAll(List.of("/bin/sh", "-c", script, java, "{connection_file}"));
        return argv;
    }

    private static String shQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Removes kernelspec {@code name}; returns false when it was not there. */
    public static boolean uninstall(Path dataDir, String name) {
        checkName(name);
        Path dir = dataDir.resolve("kernels").resolve(name);
        if (!Files.isRegularFile(dir.resolve("kernel.json"))) {
            return false;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
        return true;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadInputException(null, "kernel name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
    }

    /**
     * snaklib's class path: the build's {@code target/classes} and {@code target/runtime-classpath.txt} when running
     * from the build (as ./snak does), else this JVM's own class path as absolute paths.
     */
    public static ClassPath defaultClassPath() {
        try {
            Path here = Path.of(KernelSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            Path cpFile = here.resolveSibling("runtime-classpath.txt");
            if (Files.isDirectory(here) && Files.isRegularFile(cpFile)) {
                return ClassPath.ofBuild(here, cpFile);
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall back to the JVM's class path below
        }
        return ClassPath.fixed(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator)));
    }
}
