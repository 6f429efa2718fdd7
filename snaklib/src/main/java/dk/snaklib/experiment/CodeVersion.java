package dk.snaklib.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which code made a run: the git commit of the checkout snaklib runs from (null outside a git checkout or without
 * git) and snaklib's version (from the jar, or from the pom.xml beside target/classes).
 *
 * <p>The artifact store keys results by {@link #fingerprint()}, the SHA-256 of snaklib's compiled classes and
 * resources: it changes when the code that computes changes, and not when a notebook, a doc or a spec file is
 * edited (which the git commit's "-dirty" would count).
 *
 * @param gitCommit      40 hex digits, with "-dirty" when tracked files have uncommitted changes; null if unknown
 * @param snaklibVersion the Maven version, e.g. 0.1.0-SNAPSHOT; "unknown" if it cannot be found
 */
public record CodeVersion(String gitCommit, String snaklibVersion) {
    private static CodeVersion current;
    private static String fingerprint;

    /** The version of the running code, found once per JVM. */
    public static synchronized CodeVersion current() {
        if (current == null) {
            Path home = codeLocation();
            current = new CodeVersion(home == null ? null : gitCommit(home), version(home));
        }
        return current;
    }

    /**
     * SHA-256 over snaklib's class files and resources (relative name and bytes of each, sorted by name) when it runs
     * from a classes folder, or over the jar's bytes; computed once per JVM (a few milliseconds for ~3 MB).
     */
    public static synchronized String fingerprint() {
        if (fingerprint == null) {
            fingerprint = CodeFingerprint.of(codeLocation());
        }
        return fingerprint;
    }

    /** The folder or jar snaklib's classes come from. */
    private static Path codeLocation() {
        try {
            var src = CodeVersion.class.getProtectionDomain().getCodeSource();
            return src == null ? null : Path.of(src.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static String gitCommit(Path location) {
        Path dir = Files.isDirectory(location) ? location : location.getParent();
        String head = git(dir, "rev-parse", "HEAD");
        if (head == null || !head.matches("[0-9a-f]{40}")) {
            return null;
        }
        String status = git(dir, "status", "--porcelain", "--untracked-files=no");
        return status == null || status.isEmpty() ? head : head + "-dirty";
    }

    private static String git(Path dir, String... args) {
        try {
            String[] cmd = new String[args.length + 3];
            cmd[0] = "git";
            cmd[1] = "-C";
            cmd[2] = dir.toString();
            System.arraycopy(args, 0, cmd, 3, args.length);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null; // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String version(Path location) {
        String fromJar = CodeVersion.class.getPackage().getImplementationVersion();
        if (fromJar != null) {
            return fromJar;
        }
        try (InputStream in = CodeVersion.class.getResourceAsStream("/META-INF/maven/dk.snaklab/snaklib/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through to the pom
        }
        // running from snaklib/target/classes: the module's pom.xml is two folders up
        Path pom = location == null || location.getParent() == null || location.getParent().getParent() == null ? null
                : location.getParent().getParent().resolve("pom.xml");
        if (pom != null && Files.isRegularFile(pom)) {
            try {
                Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(Files.readString(pom));
                if (m.find()) {
                    return m.group(1).trim();
                }
            } catch (IOException ignored) {
                // unknown
            }
        }
        return "unknown";
    }
}
