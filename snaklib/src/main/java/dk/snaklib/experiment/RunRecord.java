package dk.snaklib.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;
import dk.snaklib.util.JsonFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code run.json}: the resolved spec of a pre-training run, written into the run folder when it starts. Every
 * hyper-parameter by name (the preset with its overrides), the data (kind, mixture weights, every input file with
 * its SHA-256), the tokenizer, the checkpoint it continues, the model config, the token shards' hashes, and the
 * code version. The sections known only after tokenizing ({@link #PREPARED}) are added when the data is ready. A later run into the same folder is compared with it: {@link #compare} lists each value that
 * differs (old -> new); resume allows only extending {@code steps} and changing where and how often checkpoints are
 * written.
 *
 * <p>Hashing big inputs takes time, so a file whose absolute path, size and modification time match the previous
 * record keeps its recorded hash (as git's index does).
 */
public final class RunRecord {
    public static final String FILE = "run.json";
    public static final String FORMAT = "snaklab-run";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Keys that say where or when, not what: never compared (nor "overrides", which the preset values already hold). */
    private static final List<String> INFORMATIONAL_SUFFIXES = List.of(".path", ".bytes", ".modified");
    private static final List<String> INFORMATIONAL = List.of("created", "data.description", "preset.description", "shards.dir");
    /** Sections known only once the data is prepared (tuning: "packed"): compared only when both records have them. */
    static final List<String> PREPARED = List.of("tokenizer", "model", "shards", "packed");
    /** Keys that may change on resume (said, not refused): they change neither the weights nor the data. */
    private static final List<String> ALLOWED = List.of("device", "preset.train.checkpoint_every",
            "preset.train.checkpoint_minutes", "preset.train.keep_checkpoints");

    private final ObjectNode root;

    private RunRecord(ObjectNode root) {
        this.root = root;
    }

    /** The record of a run folder, if it has one. */
    public static Optional<RunRecord> read(Path runDir) {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        ObjectNode o = JsonFiles.readObject(f);
        if (!FORMAT.equals(o.path("format").asText())) {
            throw new BadInputException(f, "format is \"" + o.path("format").asText() + "\", expected " + FORMAT);
        }
        return Optional.of(new RunRecord(o));
    }

    /** A new record with the format, the time and the running code's version. */
    static RunRecord start() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", 1);
        o.put("created", Instant.now().toString());
        CodeVersion code = CodeVersion.current();
        ObjectNode c = o.putObject("code");
        c.put("git_commit", code.gitCommit());
        c.put("snaklib_version", code.snaklibVersion());
        return new RunRecord(o);
    }

    public ObjectNode json() {
        return root;
    }

    /** The section {@code name}, created if absent. */
    ObjectNode section(String name) {
        return root.has(name) ? (ObjectNode) root.get(name) : root.putObject(name);
    }

    void put(String name, JsonNode value) {
        root.set(name, value);
    }

    /**
     * Each file under its name: absolute path, size, modification time and SHA-256; hashes are reused from
     * {@code previous}'s {@code section} where path, size and time match.
     */
    static ObjectNode files(List<Path> files, RunRecord previous, String section) {
        ObjectNode out = JSON.createObjectNode();
        JsonNode old = previous == null ? null : previous.root.at("/" + section.replace('.', '/') + "/files");
        for (Path f : files) {
            String name = f.getFileName().toString();
            for (int i = 2; out.has(name); i++) {
                name = f.getFileName() + "#" + i;
            }
            Path abs = f.toAbsolutePath().normalize();
            ObjectNode e = out.putObject(name);
            try {
                long bytes = Files.size(abs);
                String modified = Files.getLastModifiedTime(abs).toInstant().toString();
                JsonNode was = old == null ? null : old.get(name);
                boolean same = was != null && was.path("path").asText().equals(abs.toString())
                        && was.path("bytes").asLong(-1) == bytes && was.path("modified").asText().equals(modified);
                e.put("path", abs.toString());
                e.put("bytes", bytes);
                e.put("modified", modified);
                e.put("sha256", same ? was.path("sha256").asText() : AtomicFiles.sha256(abs));
            } catch (IOException ex) {
                throw new BadInputException(abs, "cannot read: " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    /** Every value of {@code old} and {@code now} that differs, by dotted key, as "key: old -> new", sorted by key. */
    public static Map<String, String> compare(RunRecord old, RunRecord now) {
        Map<String, String> a = new TreeMap<>();
        Map<String, String> b = new TreeMap<>();
        flatten(old.root, "", a);
        flatten(now.root, "", b);
        Map<String, String> out = new TreeMap<>();
        for (String k : union(a, b)) {
            String section = k.contains(".") ? k.substring(0, k.indexOf('.')) : k;
            boolean unprepared = PREPARED.contains(section) && !(old.root.has(section) && now.root.has(section));
            if (informational(k) || unprepared) {
                continue;
            }
            String x = a.getOrDefault(k, "(absent)");
            String y = b.getOrDefault(k, "(absent)");
            if (!x.equals(y)) {
                out.put(k, k + ": " + x + " -> " + y);
            }
        }
        return out;
    }

    /**
     * Refuses {@code now} if {@code old} (the run folder's record; null: a new folder) differs in more than a resume may
     * change, naming each difference; says the allowed ones on {@code log}.
     */
    static void refuseOtherRun(RunRecord old, RunRecord now, Path runDir, java.io.PrintStream log) {
        if (old == null) {
            return;
        }
        List<String> notes = new ArrayList<>();
        List<String> refused = refusals(old, now, notes);
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("run folder " + runDir + " holds another run: its " + FILE
                    + " differs (recorded -> now):\n  " + String.join("\n  ", refused)
                    + "\nUse another run folder, or the recorded values to resume this one.");
        }
        notes.forEach(n -> log.println("snak: " + n));
    }

    /** The *.safetensors files of a model folder, sorted: the weights whose hashes a record holds. */
    static List<Path> weightFiles(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot list: " + e.getMessage(), e);
        }
    }

    /**
     * Why {@code now} cannot go on in a folder that holds {@code old}: the differences a resume may not make
     * (empty: it may). Notes on allowed changes (steps extended, checkpoint settings, device, code) go to {@code notes}.
     */
    public static List<String> refusals(RunRecord old, RunRecord now, List<String> notes) {
        List<String> refused = new ArrayList<>();
        for (var e : compare(old, now).entrySet()) {
            String k = e.getKey();
            if (ALLOWED.contains(k) || k.startsWith("code.")) {
                notes.add(e.getValue() + (k.startsWith("code.") ? " (the code changed since the run started)" : ""));
            } else if (k.equals("preset.train.steps") && steps(now) > steps(old)) {
                notes.add(e.getValue() + ": extending the run (the cosine schedule is now " + steps(now)
                        + " steps long, so the learning rate after the resumed step differs from the shorter run's)");
            } else {
                refused.add(e.getValue() + (k.equals("preset.train.steps") ? " (a run cannot be shortened)" : ""));
            }
        }
        return refused;
    }

    private static long steps(RunRecord r) {
        return r.root.at("/preset/train/steps").asLong();
    }

    private static boolean informational(String key) {
        return INFORMATIONAL.contains(key) || key.startsWith("overrides.") || key.equals("overrides")
                || INFORMATIONAL_SUFFIXES.stream().anyMatch(key::endsWith);
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        TreeMap<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return new ArrayList<>(all.keySet());
    }

    private static void flatten(JsonNode node, String prefix, Map<String, String> out) {
        if (node.isObject()) { // an empty object adds no key: {} and absent compare equal
            node.fields().forEachRemaining(f -> flatten(f.getValue(), prefix + f.getKey() + ".", out));
        } else {
            out.put(prefix.substring(0, prefix.length() - 1), node.isTextual() ? node.asText() : node.toString());
        }
    }

    /** Writes {@code run.json} atomically. */
    public void write(Path runDir) {
        try {
            Files.createDirectories(runDir);
            AtomicFiles.writeString(runDir.resolve(FILE), JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(FILE), e);
        }
    }
}
