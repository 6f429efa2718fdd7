package dk.snaklib.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.model.Libtorch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this machine gives SnakLab, and what is missing with the exact fix: {@code snak doctor}, or
 * {@code Doctor.run(Doctor.Options.defaults())} from a notebook cell. Engine, libtorch (version, flavour, where from),
 * devices, threads and the OpenMP/MKL variables, memory, JDK, Maven, Jupyter and our kernel, Chromium, the Spark module.
 */
public final class Doctor {
    private Doctor() {}

    /**
     * @param project    the SnakLab checkout (SNAK_HOME), for the Spark module and the environments
     * @param needGpu    {@code --device gpu}: a CUDA device is required
     * @param kernelName the kernel name `snak kernel install` used
     */
    public record Options(Path project, boolean needGpu, String kernelName) {
        public static Options defaults() {
            String home = System.getenv("SNAK_HOME");
            Path project = home != null ? Path.of(home)
                    : Files.isDirectory(Path.of("snaklib")) || !Files.isDirectory(Path.of("../snaklib")) ? Path.of(".") : Path.of("..");
            return new Options(project, false, "snaklib");
        }

        public Options withGpu(boolean gpu) {
            return new Options(project, gpu, kernelName);
        }
    }

    public record Report(List<Check> checks) {
        public boolean ok() {
            return checks.stream().noneMatch(Check::blocks);
        }

        /** One line per check, then the fixes. */
        public String render() {
            StringBuilder b = new StringBuilder();
            for (Check c : checks) {
                b.append(String.format("%-8s %-18s %s%n", c.status(), c.name(), c.value()));
            }
            List<Check> todo = checks.stream().filter(c -> c.fix() != null).toList();
            if (!todo.isEmpty()) {
                b.append("\nTo fix:\n");
                for (Check c : todo) {
                    b.append("  ").append(c.name()).append(c.required() ? " (required)" : "").append(": ")
                            .append(c.fix()).append('\n');
                }
            }
            b.append(ok() ? "\nSnakLab can run here.\n" : "\nSnakLab cannot run here until the required fixes are made.\n");
            return b.toString();
        }
    }

    public static Report run(Options o) {
        List<Check> checks = new ArrayList<>();
        checks.add(jdk());
        checks.addAll(engine(o));
        checks.addAll(threads());
        checks.add(memory());
        checks.add(maven());
        checks.addAll(jupyter(o));
        checks.add(chromium());
        checks.add(spark(o));
        return new Report(List.copyOf(checks));
    }

    private static Check jdk() {
        Runtime.Version v = Runtime.version();
        String value = v + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")";
        return v.feature() >= 21 ? Check.ok("JDK", value)
                : Check.missing("JDK", value, "install a JDK >= 21 (apt-get install openjdk-21-jdk-headless) and set JAVA_HOME", true);
    }

    private static List<Check> engine(Options o) {
        List<Check> out = new ArrayList<>();
        Libtorch lib;
        try {
            lib = Libtorch.probe();
        } catch (RuntimeException | LinkageError e) {
            out.add(Check.missing("engine", "DJL's PyTorch engine did not load: " + e.getMessage(),
                    "build with ./snak (Maven puts pytorch-native-cpu 2.7.1 on the class path), or set "
                            + "PYTORCH_LIBRARY_PATH to a libtorch 2.7.1 lib folder (environments/cpu, environments/cuda)", true));
            return out;
        }
        out.add(Check.ok("engine", "DJL PyTorch (libtorch " + lib.version() + ")"));
        String where = lib.dir() + (lib.libraryPath() != null ? " (PYTORCH_LIBRARY_PATH)" : " (pytorch-native jar, DJL cache)");
        out.add(Check.ok("libtorch", lib.version() + ", flavour " + lib.flavour() + ", from " + where));
        if (!"2.7.1".equals(lib.version())) {
            out.add(Check.warn("libtorch version", lib.version() + " (snaklib is built and tested on 2.7.1)",
                    "unset PYTORCH_VERSION / point PYTORCH_LIBRARY_PATH at libtorch 2.7.1 (DJL 0.36's JNI matches it)"));
        }
        String devices = "cpu" + (lib.gpus() > 0 ? ", " + lib.gpus() + " CUDA GPU(s)" : "")
                + "; CUDA runtime " + (lib.cudaRuntime() == null ? "not found" : lib.cudaRuntime());
        if (lib.gpus() > 0) {
            out.add(Check.ok("devices", devices + " (DJL holds fp16 and fp32, not bf16)"));
        } else if (o.needGpu()) {
            out.add(Check.missing("devices", devices + ". DJL looked: " + lib.whereDjlLooked(), Libtorch.cudaFix(), true));
        } else if (lib.cudaRuntime() != null && !lib.flavour().startsWith("cu")) {
            out.add(Check.warn("devices", devices + ": a CUDA runtime is here but the CPU libtorch is loaded",
                    "for --device gpu: " + Libtorch.cudaFix()));
        } else {
            out.add(Check.ok("devices", devices));
        }
        return out;
    }

    private static List<Check> threads() {
        List<Check> out = new ArrayList<>();
        Map<String, String> env = System.getenv();
        out.add(Check.info("threads", Runtime.getRuntime().availableProcessors() + " processors available to the JVM; OMP_NUM_THREADS "
                + env.getOrDefault("OMP_NUM_THREADS", "not set (libtorch uses one thread per core)")));
        Map<String, String> want = Map.of("OMP_WAIT_POLICY", "PASSIVE", "MKL_DYNAMIC", "FALSE", "OMP_DYNAMIC", "FALSE");
        for (String k : List.of("OMP_WAIT_POLICY", "MKL_DYNAMIC", "OMP_DYNAMIC")) {
            String v = env.get(k);
            if (want.get(k).equalsIgnoreCase(v)) {
                out.add(Check.ok(k, v));
            } else {
                out.add(Check.warn(k, v == null ? "not set" : v, "run through ./snak (it sets it), or export " + k + "="
                        + want.get(k) + (k.equals("OMP_WAIT_POLICY") ? " (spinning threads made steps ~16x slower on a busy machine)"
                        : " (else results depend on machine load)")));
            }
        }
        return out;
    }

    private static Check memory() {
        long max = Runtime.getRuntime().maxMemory() >> 20;
        String value = "JVM heap up to " + max + " MB";
        try {
            long total = -1;
            long available = -1;
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    total = kb(line) >> 10;
                } else if (line.startsWith("MemAvailable:")) {
                    available = kb(line) >> 10;
                }
            }
            value += "; machine " + total + " MB, " + available + " MB available";
            if (available >= 0 && available < 1024) {
                return Check.warn("memory", value, "free memory: the tiny preset needs about 1 GB (heap + libtorch)");
            }
        } catch (IOException | RuntimeException e) {
            value += "; /proc/meminfo unreadable";
        }
        return Check.info("memory", value);
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static Check maven() {
        Optional<Path> mvn = ExternalTool.find("mvn");
        if (mvn.isEmpty()) {
            return Check.missing("Maven", "mvn not on PATH", "apt-get install maven (./snak builds snaklib with it)", true);
        }
        String v = ExternalTool.output(30, List.of(mvn.get().toString(), "-v")).map(s -> s.lines().findFirst().orElse(""))
                .orElse("(mvn -v failed)").replaceAll("\u001b\\[[0-9;]*m", "");
        return Check.ok("Maven", v + " (" + mvn.get() + ")");
    }

    private static List<Check> jupyter(Options o) {
        List<Check> out = new ArrayList<>();
        Optional<Path> jupyter = ExternalTool.find("jupyter");
        if (jupyter.isEmpty()) {
            out.add(Check.missing("Jupyter", "jupyter not on PATH", "apt-get install jupyter-notebook jupyter-nbconvert "
                    + "python3-nbclient (or pip install notebook nbconvert); then ./snak kernel install --user", false));
            return out;
        }
        out.add(Check.ok("Jupyter", jupyter.get().toString()));
        // `jupyter --paths` is in jupyter_core (always there); jupyter-kernelspec may not be (Debian's jupyter-client).
        Optional<String> paths = ExternalTool.output(60, List.of(jupyter.get().toString(), "--paths", "--json"));
        if (paths.isEmpty()) {
            out.add(Check.warn("jupyter kernel", "`jupyter --paths --json` failed", "./snak kernel install --user"));
            return out;
        }
        try {
            List<String> searched = new ArrayList<>();
            for (JsonNode d : new ObjectMapper().readTree(paths.get()).path("data")) {
                Path spec = Path.of(d.asText(), "kernels", o.kernelName(), "kernel.json");
                searched.add(spec.getParent().toString());
                if (Files.isRegularFile(spec)) {
                    out.add(Check.ok("jupyter kernel", o.kernelName() + " in " + spec.getParent()));
                    return out;
                }
            }
            out.add(Check.missing("jupyter kernel", "no kernel " + o.kernelName() + " (looked in " + String.join(", ", searched) + ")",
                    "./snak kernel install --user (or --prefix \"$NB_PYTHON_PREFIX\" on Binder)", false));
        } catch (IOException e) {
            out.add(Check.warn("jupyter kernel", "unreadable `jupyter --paths --json`: " + e.getMessage(), "./snak kernel install --user"));
        }
        return out;
    }

    private static Check chromium() {
        Optional<Path> c = ExternalTool.find("chromium", "chromium-browser", "google-chrome");
        return c.map(p -> Check.ok("Chromium", p + " (figure tests draw in it, headless)"))
                .orElseGet(() -> Check.missing("Chromium", "not on PATH (only the figure tests need it)",
                        "apt-get install chromium", false));
    }

    /** The optional Spark engine module (snaklib-spark): present in the checkout, and built? */
    private static Check spark(Options o) {
        Path module = o.project().resolve("snaklib-spark");
        if (!Files.isDirectory(module)) {
            return Check.info("Spark module", "not in this checkout (" + module.toAbsolutePath().normalize()
                    + "); the local corpus engine is used");
        }
        Path target = module.resolve("target");
        boolean built = Files.isDirectory(target.resolve("classes"));
        return built ? Check.ok("Spark module", module + " (built)")
                : Check.missing("Spark module", module + " present but not built",
                "mvn -B -q -DskipTests -pl snaklib-spark -am install (needed for --engine spark)", false);
    }
}
