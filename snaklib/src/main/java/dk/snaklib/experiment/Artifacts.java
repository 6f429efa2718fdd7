package dk.snaklib.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;
import dk.snaklib.util.IoErrors;
import dk.snaklib.util.JsonFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The content-addressed artifact store (DESIGN.md, "Data flow"): every step of the replay is an artifact whose key
 * is the SHA-256 of its kind, its spec's canonical form, its inputs' keys and the code's fingerprint
 * ({@link CodeVersion#fingerprint()}), so a second run recomputes nothing and a changed value recomputes only what
 * depends on it.
 * <pre>
 * artifacts/KIND/KEY16/            the artifact's files, plus artifact.json (its lineage and content hash)
 * artifacts/KIND/.KEY16.partial/   a step being computed (resumable steps continue in it after a crash)
 * artifacts/KIND/.KEY16.lock       one writer at a time (an OS file lock naming its holder)
 * artifacts/roots/NAME.json        what a replay used: gc keeps these and everything they were made from
 * </pre>
 * {@link #get} returns the artifact, computing it if it is absent: under the lock, into the partial folder, which is
 * renamed into place only when the producer succeeded and the lineage is written. A step that is not resumable
 * restarts from an empty folder. An artifact whose files no longer match their recorded hashes is said to be
 * corrupted, removed and recomputed.
 */
public final class Artifacts {
    public static final String LINEAGE = "artifact.json";
    public static final String FORMAT = "snaklab-artifact";
    static final String ROOTS = "roots";
    private static final int DIR_KEY_CHARS = 16;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Computes an artifact's files into {@link Work#dir()}; returns its key numbers for the lineage (or null). */
    @FunctionalInterface
    public interface Producer {
        Object produce(Work work) throws Exception;
    }

    /**
     * What a producer gets: the folder to write into, its inputs by name, where to log, and whether the folder holds
     * an earlier attempt to continue (resumable steps only; otherwise it is always empty).
     */
    public record Work(Path dir, Map<String, Artifact> inputs, PrintStream log, boolean resumed) {
        public Artifact input(String name) {
            Artifact a = inputs.get(name);
            if (a == null) {
                throw new IllegalArgumentException("no input \"" + name + "\" (inputs: " + inputs.keySet() + ")");
            }
            return a;
        }
    }

    /**
     * One step: its kind, spec (any value Jackson turns into JSON: a record, a map, a tree), inputs by name, whether
     * a half-done attempt continues (training) or restarts, and the producer.
     */
    public record Step(String kind, JsonNode spec, Map<String, Artifact> inputs, boolean resumable, Producer producer) {
        public Step {
            if (kind == null || !kind.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("artifact kind must be lower-case letters, digits and '-': " + kind);
            }
            inputs = java.util.Collections.unmodifiableMap(new TreeMap<>(inputs));
        }

        public static Step of(String kind, Object spec) {
            return new Step(kind, canonical(spec), Map.of(), false, null);
        }

        public Step input(String name, Artifact a) {
            Map<String, Artifact> m = new TreeMap<>(inputs);
            m.put(name, a);
            return new Step(kind, spec, m, resumable, producer);
        }

        public Step resumable(boolean r) {
            return new Step(kind, spec, inputs, r, producer);
        }

        public Step producer(Producer p) {
            return new Step(kind, spec, inputs, resumable, p);
        }
    }

    /** What {@link #gc} removed (or would remove, on a dry run) and how many bytes that frees. */
    public record Gc(List<String> removed, long bytes, int kept, boolean rootsKnown) {}

    private final Path dir;
    private final PrintStream log;
    private final Duration lockWait;
    /** Folders verified by this store object, with the stamp they had then: not re-hashed while unchanged. */
    private final Map<Path, String> verified = new ConcurrentHashMap<>();

    private Artifacts(Path dir, PrintStream log, Duration lockWait) {
        this.dir = dir.toAbsolutePath().normalize();
        this.log = log;
        this.lockWait = lockWait;
    }

    /** The project's store ({@link Project#artifactsDir()}). */
    public static Artifacts open(Project project) {
        return open(project.artifactsDir());
    }

    /** The store in {@code dir} (made on first write). */
    public static Artifacts open(Path dir) {
        return new Artifacts(dir, System.err, null);
    }

    /** This store logging to {@code l}. */
    public Artifacts log(PrintStream l) {
        return new Artifacts(dir, l, lockWait);
    }

    /** This store waiting at most {@code wait} for another writer of the same artifact (null: as long as it takes). */
    public Artifacts waitForLock(Duration wait) {
        return new Artifacts(dir, log, wait);
    }

    public Path dir() {
        return dir;
    }

    /** {@code store.get(kind, spec, inputs, producer)}: the artifact, computed if absent. */
    public Artifact get(String kind, Object spec, Map<String, Artifact> inputs, Producer producer) {
        return get(new Step(kind, canonical(spec), inputs, false, producer));
    }

    /** The step's artifact: found and verified, or computed now. */
    public Artifact get(Step step) {
        if (step.producer() == null) {
            throw new IllegalArgumentException("step " + step.kind() + " has no producer");
        }
        String key = key(step);
        Path finalDir = dir.resolve(step.kind()).resolve(key.substring(0, DIR_KEY_CHARS));
        String what = "artifact " + step.kind() + "/" + key.substring(0, 12);
        Optional<Artifact> ready = verifiedOrNull(finalDir, key, what, false);
        if (ready.isPresent()) {
            return used(ready.get());
        }
        try (ArtifactLock lock = ArtifactLock.acquire(dir.resolve(step.kind()).resolve("." + key.substring(0, DIR_KEY_CHARS) + ".lock"),
                what, lockWait, log)) {
            ready = verifiedOrNull(finalDir, key, what, true); // another writer may have made it while we waited
            if (ready.isPresent()) {
                return used(ready.get());
            }
            return used(compute(step, key, finalDir, what));
        }
    }

    /** The artifact of {@code step} if it is in the store and intact, without computing anything. */
    public Optional<Artifact> lookup(Step step) {
        String key = key(step);
        return verifiedOrNull(dir.resolve(step.kind()).resolve(key.substring(0, DIR_KEY_CHARS)), key,
                "artifact " + step.kind() + "/" + key.substring(0, 12), false);
    }

    private static Artifact used(Artifact a) {
        ArtifactSession.record(a);
        return a;
    }

    /**
     * The artifact in {@code finalDir} if it is there and matches its lineage; if its files changed, says so and
     * (holding the lock) removes it so that it is recomputed.
     */
    private Optional<Artifact> verifiedOrNull(Path finalDir, String key, String what, boolean locked) {
        Path lineageFile = finalDir.resolve(LINEAGE);
        if (!Files.isRegularFile(lineageFile)) {
            return Optional.empty();
        }
        ObjectNode lineage;
        try {
            lineage = JsonFiles.readObject(lineageFile);
        } catch (BadInputException e) {
            return corrupted(finalDir, what, List.of(LINEAGE + ": " + e.getMessage()), locked);
        }
        if (!key.equals(lineage.path("key").asText())) {
            return corrupted(finalDir, what, List.of(LINEAGE + ": records key " + lineage.path("key").asText()
                    + ", expected " + key), locked);
        }
        String stamp = ArtifactContent.stamp(finalDir);
        if (!stamp.equals(verified.get(finalDir))) {
            List<String> diff = ArtifactContent.differences(finalDir, lineage.path("content"));
            if (!diff.isEmpty()) {
                return corrupted(finalDir, what, diff, locked);
            }
            verified.put(finalDir, stamp);
        }
        return Optional.of(new Artifact(lineage.path("kind").asText(), key, finalDir, lineage));
    }

    private Optional<Artifact> corrupted(Path finalDir, String what, List<String> why, boolean locked) {
        verified.remove(finalDir);
        if (!locked) {
            return Optional.empty(); // said and removed once the lock is held
        }
        log.println("snak: " + what + " in " + finalDir + " is corrupted, its files no longer match their recorded hashes ("
                + String.join("; ", why.subList(0, Math.min(5, why.size()))) + (why.size() > 5 ? "; " + (why.size() - 5) + " more" : "")
                + "); recomputing it");
        AtomicFiles.deleteTree(finalDir);
        return Optional.empty();
    }

    private Artifact compute(Step step, String key, Path finalDir, String what) {
        Path partial = finalDir.resolveSibling("." + finalDir.getFileName() + ".partial");
        boolean resumed = false;
        if (Files.exists(partial)) {
            if (step.resumable()) {
                resumed = true;
                log.println("snak: " + what + ": continuing the attempt that stopped in " + partial);
            } else {
                log.println("snak: " + what + ": an earlier attempt stopped before it finished; starting again");
                AtomicFiles.deleteTree(partial);
            }
        }
        try {
            Files.createDirectories(partial);
        } catch (IOException e) {
            throw IoErrors.cannot("make", partial, e);
        }
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Object summary;
        try {
            summary = step.producer().produce(new Work(partial, step.inputs(), log, resumed));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(what + " could not be computed: " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ObjectNode lineage = lineage(step, key, started, seconds, resumed, summary, partial);
        try {
            AtomicFiles.writeString(partial.resolve(LINEAGE), JSON.writeValueAsString(lineage) + "\n");
            AtomicFiles.deleteTree(finalDir);
            AtomicFiles.moveAtomically(partial, finalDir);
        } catch (IOException e) {
            throw IoErrors.cannot("store", finalDir, e);
        }
        verified.put(finalDir, ArtifactContent.stamp(finalDir));
        log.printf("snak: %s computed in %.1f s -> %s%n", what, seconds, finalDir);
        return new Artifact(step.kind(), key, finalDir, lineage);
    }

    private ObjectNode lineage(Step step, String key, Instant started, double seconds, boolean resumed, Object summary, Path files) {
        ObjectNode l = JSON.createObjectNode();
        l.put("format", FORMAT);
        l.put("version", 1);
        l.put("kind", step.kind());
        l.put("key", key);
        l.set("spec", step.spec());
        ObjectNode in = l.putObject("inputs");
        step.inputs().forEach((name, a) -> {
            ObjectNode i = in.putObject(name);
            i.put("kind", a.kind());
            i.put("key", a.key());
            i.put("content_sha256", a.lineage().path("content").path("sha256").asText());
        });
        ObjectNode code = l.putObject("code");
        CodeVersion cv = CodeVersion.current();
        code.put("fingerprint", CodeVersion.fingerprint());
        code.put("git_commit", cv.gitCommit());
        code.put("snaklib_version", cv.snaklibVersion());
        ObjectNode t = l.putObject("timings");
        t.put("started", started.toString());
        t.put("finished", Instant.now().toString());
        t.put("seconds", Math.round(seconds * 1000) / 1000.0);
        t.put("resumed_an_earlier_attempt", resumed);
        l.set("machine", Machine.describe());
        l.set("summary", summary == null ? JSON.createObjectNode() : JSON.valueToTree(summary));
        l.set("content", ArtifactContent.hash(files));
        return l;
    }

    /** The key of a step: SHA-256 of the canonical JSON of kind, spec, inputs' keys and the code fingerprint. */
    public static String key(Step step) {
        ObjectNode k = CANONICAL.createObjectNode();
        k.put("kind", step.kind());
        k.set("spec", step.spec());
        ObjectNode in = k.putObject("inputs");
        step.inputs().forEach((name, a) -> in.put(name, a.key()));
        k.put("code", CodeVersion.fingerprint());
        try {
            byte[] bytes = CANONICAL.writeValueAsString(sorted(k)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A spec as canonical JSON: object keys sorted at every level; non-finite numbers are refused. */
    public static JsonNode canonical(Object spec) {
        JsonNode tree = spec instanceof JsonNode j ? j.deepCopy() : CANONICAL.valueToTree(spec);
        return sorted(tree == null ? CANONICAL.nullNode() : tree);
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = CANONICAL.createObjectNode();
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(name -> out.set(name, sorted(n.get(name))));
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = CANONICAL.createArrayNode();
            n.forEach(x -> out.add(sorted(x)));
            return out;
        }
        if (n.isNumber() && (n.isDouble() || n.isFloat()) && !Double.isFinite(n.asDouble())) {
            throw new IllegalArgumentException("a spec value is " + n.asDouble() + ": specs must hold finite numbers");
        }
        return n;
    }

    // ---- listing, roots, gc: what `snak artifacts` shows and cleans ----

    /** Every finished artifact in the store, by kind then time made (nothing is verified here). */
    public List<Artifact> list() {
        List<Artifact> out = new ArrayList<>();
        for (Path kindDir : children(dir)) {
            if (!Files.isDirectory(kindDir) || kindDir.getFileName().toString().equals(ROOTS) || hidden(kindDir)) {
                continue;
            }
            for (Path a : children(kindDir)) {
                Path l = a.resolve(LINEAGE);
                if (!hidden(a) && Files.isRegularFile(l)) {
                    try {
                        ObjectNode lineage = JsonFiles.readObject(l);
                        out.add(new Artifact(lineage.path("kind").asText(), lineage.path("key").asText(), a, lineage));
                    } catch (BadInputException e) {
                        log.println("snak: skipping " + a + ": " + e.getMessage());
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Artifact::kind)
                .thenComparing(a -> a.lineage().path("timings").path("finished").asText()));
        return out;
    }

    /** One kind's share of the compute time: how many artifacts, and the seconds their making took in all. */
    public record KindTime(String kind, int count, double seconds) {}

    /**
     * Where the compute time of {@code artifacts} went, per kind, largest first: each artifact's own making time from
     * its lineage (a resumed artifact counts its last attempt only). What a replay spends on training, tuning,
     * evaluation and analysis (docs/benchmarks.md).
     */
    public static List<KindTime> timeByKind(Collection<Artifact> artifacts) {
        Map<String, java.util.DoubleSummaryStatistics> byKind = artifacts.stream().collect(java.util.stream.Collectors
                .groupingBy(Artifact::kind, java.util.TreeMap::new, java.util.stream.Collectors.summarizingDouble(Artifact::seconds)));
        return byKind.entrySet().stream().map(e -> new KindTime(e.getKey(), (int) e.getValue().getCount(), e.getValue().getSum()))
                .sorted(java.util.Comparator.comparingDouble(KindTime::seconds).reversed()).toList();
    }

    /** The artifact whose key starts with {@code prefix} (also "kind/prefix"); refused when none or several match. */
    public Artifact find(String prefix) {
        String p = prefix.contains("/") ? prefix.substring(prefix.indexOf('/') + 1) : prefix;
        String kind = prefix.contains("/") ? prefix.substring(0, prefix.indexOf('/')) : null;
        List<Artifact> hits = list().stream().filter(a -> a.key().startsWith(p) && (kind == null || a.kind().equals(kind))).toList();
        if (hits.isEmpty()) {
            throw new BadInputException(dir, "no artifact with key " + prefix + " (`snak artifacts ls` lists them)");
        }
        if (hits.size() > 1) {
            throw new BadInputException(dir, "key " + prefix + " matches " + hits.size() + " artifacts " + hits + ": give more digits");
        }
        return hits.getFirst();
    }

    /** The artifact and everything it was made from, each once, inputs after what uses them. */
    public List<Artifact> closure(Collection<Artifact> from) {
        Map<String, Artifact> byKey = new LinkedHashMap<>();
        list().forEach(a -> byKey.put(a.key(), a));
        Set<String> seen = new LinkedHashSet<>();
        Deque<Artifact> todo = new ArrayDeque<>(from);
        List<Artifact> out = new ArrayList<>();
        while (!todo.isEmpty()) {
            Artifact a = todo.poll();
            if (!seen.add(a.key())) {
                continue;
            }
            out.add(a);
            a.lineage().path("inputs").forEach(i -> {
                Artifact in = byKey.get(i.path("key").asText());
                if (in != null) {
                    todo.add(in);
                }
            });
        }
        return out;
    }

    /** Records the artifacts with these keys (and what they were made from) as root {@code name}; unknown keys are skipped. */
    public void recordRootKeys(String name, Collection<String> keys) {
        Map<String, Artifact> byKey = new LinkedHashMap<>();
        list().forEach(a -> byKey.put(a.key(), a));
        recordRoot(name, keys.stream().map(byKey::get).filter(java.util.Objects::nonNull).toList());
    }

    /** Records {@code used} (and what they were made from) as root {@code name}: gc keeps them. */
    public void recordRoot(String name, Collection<Artifact> used) {
        ObjectNode r = JSON.createObjectNode();
        r.put("name", name);
        r.put("recorded", Instant.now().toString());
        ArrayNode list = r.putArray("artifacts");
        closure(used).forEach(a -> list.add(a.kind() + "/" + a.key()));
        try {
            AtomicFiles.writeString(dir.resolve(ROOTS).resolve(name + ".json"), JSON.writeValueAsString(r) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Removes what no root needs: artifacts outside every root's closure (only when some root exists: a store
     * without roots keeps its artifacts), and leftovers no writer holds (partial folders of stopped attempts,
     * temporary files); lock files stay. With {@code dryRun}, only says what it would remove.
     */
    public Gc gc(boolean dryRun) {
        Set<String> keep = new LinkedHashSet<>();
        List<Path> roots = children(dir.resolve(ROOTS)).stream().filter(p -> p.toString().endsWith(".json")).toList();
        for (Path r : roots) {
            JsonFiles.readObject(r).path("artifacts").forEach(a -> keep.add(a.asText().substring(a.asText().indexOf('/') + 1)));
        }
        List<String> removed = new ArrayList<>();
        long bytes = 0;
        int kept = 0;
        for (Artifact a : list()) {
            if (roots.isEmpty() || keep.contains(a.key())) {
                kept++;
                continue;
            }
            bytes += size(a.dir());
            removed.add(a + " (" + a.dir() + ")");
            if (!dryRun) {
                AtomicFiles.deleteTree(a.dir());
            }
        }
        for (Path kindDir : children(dir)) {
            if (!Files.isDirectory(kindDir) || kindDir.getFileName().toString().equals(ROOTS)) {
                continue;
            }
            for (Path p : children(kindDir)) {
                String n = p.getFileName().toString();
                if (!hidden(p)) {
                    continue;
                }
                if (!n.endsWith(".partial") && !AtomicFiles.isTempName(p)) {
                    continue; // lock files stay: removing one races with a writer about to open it
                }
                if (n.endsWith(".partial") && ArtifactLock.isHeld(kindDir.resolve(n.replaceFirst("\\.partial$", ".lock")))) {
                    continue; // a writer is at work
                }
                bytes += size(p);
                removed.add("leftover " + p);
                if (!dryRun) {
                    AtomicFiles.deleteTree(p);
                }
            }
        }
        return new Gc(removed, bytes, kept, !roots.isEmpty());
    }

    static long size(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static List<Path> children(Path d) {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw IoErrors.cannot("list", d, e);
        }
    }
}
