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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

    private final Path dir;
    private final PrintStream log;

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

    /** Writes the checkpoint of {@code step} atomically and returns its folder. */
    public Path save(LlamaModel model, AdamW optimizer, Path tokenizerJson, TrainingState state) {
        Path target = dir.resolve(name(state.step()));
        Path tmp = dir.resolve("." + name(state.step()) + ".tmp");
        try {
            AtomicFiles.deleteTree(tmp);
            HfCheckpoint.save(tmp, model.config(), new LinkedHashMap<>(model.weights()), tokenizerJson, null);
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
            return s.filter(p -> p.getFileName().toString().matches("step-\\d{8}"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The newest checkpoint that verifies, saying which newer ones were skipped and why. */
    public Optional<Path> latestGood() {
        List<Path> all = new ArrayList<>(list());
        for (int i = all.size() - 1; i >= 0; i--) {
            Path p = all.get(i);
            Optional<String> problem = verify(p);
            if (problem.isEmpty()) {
                return Optional.of(p);
            }
            log.println("snak: checkpoint " + p + " is unusable (" + problem.get() + "); trying the previous one");
        }
        return Optional.empty();
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

    /** Deletes all but the newest {@code keep} checkpoints (keep 0: delete none). */
    public void prune(int keep) {
        List<Path> all = list();
        for (int i = 0; keep > 0 && i < all.size() - keep; i++) {
            AtomicFiles.deleteTree(all.get(i));
        }
    }
}
