package dk.snaklib.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dk.snaklib.model.DType;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaModel;
import dk.snaklib.model.SafeTensorsFile;
import dk.snaklib.model.SafeTensorsWriter;
import dk.snaklib.util.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one run: {@code <run>/checkpoints/step-00000500/} is a Hugging Face model folder plus
 * {@code training/optimizer.safetensors} and {@code training/state.json}. Each is written whole into a hidden
 * temporary folder and renamed into place, so a crash never leaves a half checkpoint under a real name; on
 * resume, a checkpoint whose files do not match the checksums in its state file is skipped, and the
 * previous good one is used.
 */
public final class CheckpointStore {
    static final String STATE = "training/state.json";
    static final String OPTIMIZER = "training/optimizer.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final Pattern CHECKPOINT = Pattern.compile("step-(\\d{8,})");
    /** Leftovers of an interrupted save: ".step-N.tmp", and HfCheckpoint.save's "..step-N.tmp.tmp-*" beside it. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.+step-\\d{8,}\\.tmp.*");

    private final Path dir;
    private final PrintStream log;
    /** Checkpoints this store wrote or verified: good without hashing them again. */
    private final Set<Path> knownGood = new HashSet<>();

    public CheckpointStore(Path runDir, PrintStream log) {
        this.dir = runDir.resolve("checkpoints");
        this.log = log;
    }

    public Path directory() {
        return dir;
    }

    public static String name(long step) {
        return String.format("step-%08d", step);
    }

    /** What a checkpoint holds besides the optimizer and state: writes it into {@code dir} (creating the folder). */
    @FunctionalInterface
    public interface Contents {
        void writeInto(Path dir) throws IOException;
    }

    /** Writes the checkpoint of {@code step} atomically, the model as a Hugging Face folder, and returns its folder. */
    public Path save(LlamaModel model, AdamW optimizer, Path tokenizerJson, TrainingState state) {
        return save(dir -> HfCheckpoint.save(dir, model.config(), new LinkedHashMap<>(model.weights()), tokenizerJson, null),
                optimizer, state);
    }

    /**
     * Writes the checkpoint of {@code step} atomically: {@code contents} (a model folder, or a PEFT adapter folder
     * when only an adapter trains), then the optimizer and the state with every file's checksum; returns its folder.
     */
    public Path save(Contents contents, AdamW optimizer, TrainingState state) {
        Path target = dir.resolve(name(state.step()));
        Path tmp = dir.resolve("." + name(state.step()) + ".tmp");
        try {
            AtomicFiles.deleteTree(tmp);
            contents.writeInto(tmp);
            Files.createDirectories(tmp.resolve("training"));
            SafeTensorsWriter.write(tmp.resolve(OPTIMIZER), optimizer.state(), DType.F32);
            Map<String, String> sums = new TreeMap<>();
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    sums.put(tmp.relativize(f).toString(), AtomicFiles.sha256(f));
                }
            }
            TrainingState complete = new TrainingState(state.step(), state.dataPosition(), state.tokensSeen(),
                    state.seed(), state.optimizerStep(), sums);
            AtomicFiles.writeString(tmp.resolve(STATE), JSON.writeValueAsString(complete) + "\n");
            AtomicFiles.deleteTree(target);
            AtomicFiles.moveAtomically(tmp, target);
            knownGood.add(target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    /** Checkpoint folders by step, oldest first (hidden temporary folders are not checkpoints). */
    public List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted(Comparator.comparingLong(CheckpointStore::stepOf)).toList(); // by number: 9 digits after 8
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static long stepOf(Path checkpoint) {
        var m = CHECKPOINT.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * The newest checkpoint that verifies, saying which newer ones were skipped and why. This is the resume path:
     * leftovers of a save that a crash interrupted are removed first (a run folder has one writer at a time).
     */
    public Optional<Path> latestGood() {
        removeInterruptedSaves();
        List<Path> all = new ArrayList<>(list());
        for (int i = all.size() - 1; i >= 0; i--) {
            Path p = all.get(i);
            if (isGood(p)) {
                return Optional.of(p);
            }
            log.println("snak: checkpoint " + p + " is unusable (" + verify(p).orElse("?") + "); trying the previous one");
        }
        return Optional.empty();
    }

    private boolean isGood(Path checkpoint) {
        if (knownGood.contains(checkpoint)) {
            return true;
        }
        boolean good = verify(checkpoint).isEmpty();
        if (good) {
            knownGood.add(checkpoint);
        }
        return good;
    }

    private void removeInterruptedSaves() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches()).toList()) {
                log.println("snak: removing " + p + ", left by a checkpoint save that did not finish");
                AtomicFiles.deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Why a checkpoint cannot be used, or empty when every file matches its checksum. */
    public static Optional<String> verify(Path checkpoint) {
        Path stateFile = checkpoint.resolve(STATE);
        if (!Files.isRegularFile(stateFile)) {
            return Optional.of("no " + STATE);
        }
        TrainingState state;
        try {
            state = readState(checkpoint);
        } catch (RuntimeException e) {
            return Optional.of(STATE + " unreadable: " + e.getMessage());
        }
        for (var e : state.files().entrySet()) {
            Path f = checkpoint.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                return Optional.of("missing " + e.getKey());
            }
            if (!AtomicFiles.sha256(f).equals(e.getValue())) {
                return Optional.of("checksum mismatch in " + e.getKey());
            }
        }
        return Optional.empty();
    }

    public static TrainingState readState(Path checkpoint) {
        try {
            return JSON.readValue(checkpoint.resolve(STATE).toFile(), TrainingState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + checkpoint.resolve(STATE), e);
        }
    }

    /** Loads the optimizer moments of a checkpoint into {@code optimizer}. */
    public static void restoreOptimizer(Path checkpoint, AdamW optimizer, long optimizerStep, NDManager manager) {
        try (NDManager tmp = manager.newSubManager();
             SafeTensorsFile file = SafeTensorsFile.open(checkpoint.resolve(OPTIMIZER))) {
            Map<String, NDArray> saved = new LinkedHashMap<>();
            for (String name : file.names()) {
                saved.put(name, file.loadF32(tmp, name));
            }
            optimizer.restore(saved, optimizerStep);
        }
    }

    /**
     * Keeps the newest {@code keep} good checkpoints and deletes the ones older than them (keep 0: delete none).
     * A checkpoint that does not verify is not counted, so a damaged newer folder never pushes the last good ones
     * out (and the one a run resumed from stays until {@code keep} newer good ones exist); a damaged one newer than
     * the kept ones stays for the user to see ({@link #latestGood} names it, a later save of its step replaces it).
     * Hidden temporary folders and anything not named like a checkpoint are never touched.
     *
     * @return the folders deleted, oldest first
     */
    public List<Path> prune(int keep) {
        List<Path> all = list();
        List<Path> deleted = new ArrayList<>();
        int good = 0;
        for (int i = all.size() - 1; i >= 0 && keep > 0; i--) {
            Path p = all.get(i);
            if (good < keep) {
                good += isGood(p) ? 1 : 0;
            } else {
                AtomicFiles.deleteTree(p);
                knownGood.remove(p);
                deleted.addFirst(p);
            }
        }
        return deleted;
    }
}
