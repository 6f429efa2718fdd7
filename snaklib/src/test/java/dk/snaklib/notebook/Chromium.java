package dk.snaklib.notebook;

import org.junit.jupiter.api.Assumptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's chromium, headless and cut off from the network, loading a local page and returning the DOM after its
 * scripts ran. Skips when chromium is missing unless SNAK_REQUIRE_CHROMIUM is set (CI sets it).
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {}

    static void require() {
        boolean ok = Files.isExecutable(BINARY);
        if (!ok && System.getenv("SNAK_REQUIRE_CHROMIUM") != null) {
            throw new AssertionError("SNAK_REQUIRE_CHROMIUM is set but " + BINARY + " is missing (apt-get install chromium)");
        }
        Assumptions.assumeTrue(ok, "chromium not installed");
    }

    /** The page's DOM once its scripts (and up to 20 s of timers) have run; no network at all. */
    static String dom(Path page, Path scratch) throws Exception {
        return dom(page.toUri().toString(), scratch, false);
    }

    /** As {@link #dom(Path, Path)} for a URL; {@code loopback} lets it reach a server on 127.0.0.1 only. */
    static String dom(String url, Path scratch, boolean loopback) throws Exception {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile");
        Path out = scratch.resolve("dom-" + System.nanoTime() + ".html");
        Process p = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--proxy-server=127.0.0.1:9", // no network, even by mistake; loopback only when asked
                "--proxy-bypass-list=" + (loopback ? "127.0.0.1" : "<-loopback>"),
                "--user-data-dir=" + profile, "--virtual-time-budget=20000", "--dump-dom", url))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish loading " + url + " within 120 s");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
