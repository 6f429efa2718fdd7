package dk.snaklib.experiment.megatron;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.LlamaConfig;
import dk.snaklib.model.LlamaTensorNames;
import dk.snaklib.model.TensorReader;
import dk.snaklib.train.CheckpointStore;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Hugging Face folders megatron_to_hf.py wrote, one per saved iteration, as an ordered list of checkpoints the
 * notebooks read like a run of our own: {@link #scan} finds and checks them (config.json, every tensor's name and
 * shape from the safetensors headers, tokenizer.json, one architecture across all of them and the base model);
 * {@link #link} lays them out as {@code RUN/checkpoints/step-NNNNNNNN/} (symbolic links, nothing copied), which is
 * what {@link CheckpointStore#list()} and the tuning-after-N and divergence notebooks read.
 */
public final class MegatronImport {
    private MegatronImport() {}

    /** The manifest {@link #link} writes beside the checkpoints. */
    public static final String MANIFEST = "megatron-import.json";

    /** Folder names that carry an iteration: the plan's checkpoint_N, Megatron's iter_NNNNNNN, HF's checkpoint-N, ours. */
    private static final Pattern ITERATION = Pattern.compile("(?:checkpoint[_-]|iter_|step-)(\\d+)");
    private static final Pattern EXPLICIT = Pattern.compile("(\\d+)=(.+)");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One checkpoint of the list.
     *
     * @param iteration training iteration (0 for the base model)
     * @param dir       the Hugging Face folder
     * @param config    its config.json
     */
    public record Checkpoint(long iteration, Path dir, LlamaConfig config) {}

    /**
     * Finds the checkpoints in {@code sources}, oldest first, the base model (if given) as iteration 0. A source is
     * an HF folder named with its iteration (checkpoint_500, iter_0000500, step-00000500), {@code N=DIR}, or a
     * folder whose subfolders are such HF folders (the plan's hf_model_exports/).
     */
    public static List<Checkpoint> scan(List<String> sources, Path base) {
        Map<Long, Checkpoint> byIteration = new TreeMap<>();
        LlamaConfig reference = null;
        Path referenceDir = null;
        List<Map.Entry<Long, Path>> found = new ArrayList<>();
        if (base != null) {
            found.add(Map.entry(0L, base));
        }
        for (String s : sources) {
            found.addAll(expand(s));
        }
        if (found.isEmpty() || (base != null && found.size() == 1)) {
            throw new IllegalArgumentException("no checkpoints found in " + sources);
        }
        for (var e : found) {
            Checkpoint c = check(e.getKey(), e.getValue());
            if (reference == null) {
                reference = c.config();
                referenceDir = c.dir();
            } else {
                sameArchitecture(reference, referenceDir, c);
            }
            Checkpoint before = byIteration.putIfAbsent(c.iteration(), c);
            if (before != null) {
                throw new IllegalArgumentException("iteration " + c.iteration() + " twice: " + before.dir() + " and " + c.dir());
            }
        }
        return List.copyOf(byIteration.values());
    }

    /**
     * Links each checkpoint as {@code runDir/checkpoints/step-NNNNNNNN} and writes {@link #MANIFEST}. Re-running with
     * the same folders changes nothing; a name already taken by another folder is an error, nothing changed.
     *
     * @return the linked checkpoint paths, oldest first (what {@code new CheckpointStore(runDir, log).list()} gives)
     */
    public static List<Path> link(List<Checkpoint> checkpoints, Path runDir) {
        Path dir = runDir.resolve("checkpoints");
        List<Path> links = new ArrayList<>();
        try {
            for (Checkpoint c : checkpoints) {
                Path link = dir.resolve(CheckpointStore.name(c.iteration()));
                if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Path target = Files.isSymbolicLink(link) ? Files.readSymbolicLink(link) : null;
                    if (target == null || !target.equals(c.dir().toAbsolutePath().normalize())) {
                        throw new BadInputException(link, "exists and is not a link to " + c.dir()
                                + ": import into another --run folder, or remove it");
                    }
                }
                links.add(link);
            }
            Files.createDirectories(dir);
            List<Map<String, Object>> manifest = new ArrayList<>();
            for (int i = 0; i < checkpoints.size(); i++) {
                Checkpoint c = checkpoints.get(i);
                Path link = links.get(i);
                if (!Files.isSymbolicLink(link)) {
                    Files.createSymbolicLink(link, c.dir().toAbsolutePath().normalize());
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("iteration", c.iteration());
                row.put("checkpoint", link.getFileName().toString());
                row.put("source", c.dir().toAbsolutePath().normalize().toString());
                manifest.add(row);
            }
            AtomicFiles.writeString(runDir.resolve(MANIFEST), JSON.writeValueAsString(manifest) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link checkpoints into " + dir + ": " + e.getMessage(), e);
        }
        return List.copyOf(links);
    }

    private static List<Map.Entry<Long, Path>> expand(String source) {
        Matcher explicit = EXPLICIT.matcher(source);
        if (explicit.matches()) {
            return List.of(Map.entry(Long.parseLong(explicit.group(1)), Path.of(explicit.group(2))));
        }
        Path p = Path.of(source);
        if (!Files.isDirectory(p)) {
            throw new BadInputException(p, "no such folder");
        }
        if (Files.isRegularFile(p.resolve(HfCheckpoint.CONFIG))) {
            return List.of(Map.entry(iterationOf(p), p));
        }
        try (Stream<Path> children = Files.list(p)) {
            List<Map.Entry<Long, Path>> out = children
                    .filter(c -> Files.isDirectory(c) && ITERATION.matcher(c.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(Path::toString))
                    .map(c -> Map.entry(iterationOf(c), c)).toList();
            if (out.isEmpty()) {
                throw new BadInputException(p, "neither a Hugging Face folder (no config.json) nor a folder of "
                        + "checkpoint_N / iter_NNNNNNN / step-NNNNNNNN folders");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + p, e);
        }
    }

    static long iterationOf(Path dir) {
        Matcher m = ITERATION.matcher(dir.getFileName().toString());
        if (!m.matches()) {
            throw new BadInputException(dir, "cannot tell its iteration from the name: call it checkpoint_N (as the "
                    + "plan's megatron_to_hf.py step does) or pass N=" + dir);
        }
        return Long.parseLong(m.group(1));
    }

    private static Checkpoint check(long iteration, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, "no such folder");
        }
        LlamaConfig config = LlamaConfig.read(dir.resolve(HfCheckpoint.CONFIG));
        Map<String, Shape> stored = new LinkedHashMap<>();
        try (TensorReader r = HfCheckpoint.openWeights(dir)) {
            for (String name : r.names()) {
                stored.put(name, r.info(name).shape());
            }
        }
        LlamaTensorNames.check(config, stored, dir);
        if (!Files.isRegularFile(dir.resolve(HfCheckpoint.TOKENIZER))) {
            throw new BadInputException(dir, "no tokenizer.json: the notebooks tokenize with it (megatron_to_hf.py "
                    + "writes one when given --vocab_file tokenizer.model, as the plan's step does)");
        }
        return new Checkpoint(iteration, dir, config);
    }

    /** The divergence notebook compares tensors by name and shape: every checkpoint must be the same model. */
    private static void sameArchitecture(LlamaConfig a, Path aDir, Checkpoint c) {
        LlamaConfig b = c.config();
        List<String> diff = new ArrayList<>();
        compare(diff, "hidden_size", a.hiddenSize(), b.hiddenSize());
        compare(diff, "intermediate_size", a.intermediateSize(), b.intermediateSize());
        compare(diff, "num_hidden_layers", a.numHiddenLayers(), b.numHiddenLayers());
        compare(diff, "num_attention_heads", a.numAttentionHeads(), b.numAttentionHeads());
        compare(diff, "num_key_value_heads", a.numKeyValueHeads(), b.numKeyValueHeads());
        compare(diff, "vocab_size", a.vocabSize(), b.vocabSize());
        compare(diff, "tie_word_embeddings", a.tieWordEmbeddings(), b.tieWordEmbeddings());
        if (!diff.isEmpty()) {
            throw new BadInputException(c.dir(), "is not the same model as " + aDir + ": " + String.join("; ", diff)
                    + (diff.stream().anyMatch(d -> d.startsWith("vocab_size")) ? " (a vocabulary padded for tensor "
                    + "parallelism was not cut back: merge with checkpoint_util.py --true_vocab_size 32000)" : ""));
        }
    }

    private static void compare(List<String> diff, String key, Object a, Object b) {
        if (!a.equals(b)) {
            diff.add(key + " " + b + " vs " + a);
        }
    }
}
