package dk.snaklib.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds a program on PATH and runs it briefly (version queries), with a time limit so a hung tool cannot hang doctor. */
final class ExternalTool {
    private ExternalTool() {}

    /** The first of {@code names} found on PATH, as an absolute path. */
    static Optional<Path> find(String... names) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String n : names) {
            for (String d : path.split(":")) {
                if (d.isEmpty()) {
                    continue;
                }
                Path p = Path.of(d, n);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** stdout+stderr of {@code argv}, or empty if it could not run, failed, or took over {@code seconds}. */
    static Optional<String> output(int seconds, List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
