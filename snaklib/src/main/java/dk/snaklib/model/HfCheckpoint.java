package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Function;

/**
 * A Hugging Face Llama model folder, loaded: {@code config.json}, the weights ({@code model.safetensors} or the
 * shards of {@code model.safetensors.index.json}) as FLOAT32 arrays under their HF names, and where the tokenizer is.
 *
 * <pre>{@code
 * try (var nd = NDManager.newBaseManager("PyTorch"); var ckpt = HfCheckpoint.load(dir, nd)) {
 *     NDArray embed = ckpt.weights().get(LlamaTensorNames.EMBED); // [vocab, hidden]
 *     HfCheckpoint.save(out, ckpt.config(), ckpt.weights(), ckpt.tokenizerJson(), ckpt.generationConfig());
 * }
 * }</pre>
 *
 * @param dir              the folder
 * @param config           config.json
 * @param weights          HF name -> FLOAT32 array, in HF's state_dict order (then lm_head.weight if tied and stored anyway)
 * @param tokenizerJson    the folder's tokenizer.json, or null if it has none
 * @param generationConfig generation_config.json, or null if it has none
 */
public record HfCheckpoint(Path dir, LlamaConfig config, SequencedMap<String, NDArray> weights, Path tokenizerJson,
                           GenerationConfig generationConfig) implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String TOKENIZER = "tokenizer.json";
    /** Files beside tokenizer.json that HF tokenizers also read; copied along when present. */
    private static final List<String> TOKENIZER_SIDE_FILES = List.of("tokenizer_config.json", "special_tokens_map.json");

    public HfCheckpoint {
        weights = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(weights));
    }

    /**
     * How to store the weights.
     *
     * @param dtypeOf       HF name -> storage dtype (F32, F16 or BF16)
     * @param maxShardBytes above this many bytes of tensor data, write shards plus an index
     */
    public record SaveOptions(Function<String, DType> dtypeOf, long maxShardBytes) {
        public static SaveOptions defaults() {
            return new SaveOptions(name -> DType.F32, ShardedSafeTensorsWriter.DEFAULT_MAX_SHARD_BYTES);
        }

        public SaveOptions withDType(DType dtype) {
            return new SaveOptions(name -> dtype, maxShardBytes);
        }

        public SaveOptions withMaxShardBytes(long bytes) {
            return new SaveOptions(dtypeOf, bytes);
        }
    }

    // ---- load ----

    /** Loads the folder; a half-written or foreign folder gives one BadInputException saying what is missing. */
    public static HfCheckpoint load(Path dir, NDManager manager) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, "checkpoint folder does not exist");
        }
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new BadInputException(dir, "not a complete Hugging Face checkpoint: config.json is missing");
        }
        LlamaConfig config = LlamaConfig.read(configFile);
        SequencedMap<String, NDArray> weights = new LinkedHashMap<>();
        try (TensorReader reader = openWeights(dir)) {
            Map<String, Shape> shapes = new LinkedHashMap<>();
            reader.names().forEach(n -> shapes.put(n, reader.info(n).shape()));
            LlamaTensorNames.check(config, shapes, weightsFile(dir)); // before reading any weights
            for (String name : LlamaCompatibility.tensorsToLoad(config, reader, weightsFile(dir))) {
                weights.put(name, reader.loadF32(manager, name));
            }
        } catch (RuntimeException e) {
            weights.values().forEach(NDArray::close);
            throw e;
        }
        Path tokenizer = dir.resolve(TOKENIZER);
        Path genFile = dir.resolve(GenerationConfig.FILE_NAME);
        return new HfCheckpoint(dir, config, weights, Files.isRegularFile(tokenizer) ? tokenizer : null,
                Files.isRegularFile(genFile) ? GenerationConfig.read(genFile) : null);
    }

    /**
     * Opens the weights of a folder without loading them: model.safetensors, else the index and its shards
     * (the order transformers looks for them in).
     */
    public static TensorReader openWeights(Path dir) {
        Path single = dir.resolve(ShardedSafeTensorsWriter.SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return SafeTensorsFile.open(single);
        }
        Path index = dir.resolve(SafeTensorsIndex.FILE_NAME);
        if (Files.isRegularFile(index)) {
            return ShardedSafeTensors.open(index);
        }
        String hint = Files.exists(dir.resolve("pytorch_model.bin"))
                ? " (found pytorch_model.bin: only safetensors weights are supported; convert with HF's save_pretrained)" : "";
        throw new BadInputException(dir, "not a complete Hugging Face checkpoint: no weights, neither "
                + ShardedSafeTensorsWriter.SINGLE_FILE + " nor " + SafeTensorsIndex.FILE_NAME + hint);
    }

    private static Path weightsFile(Path dir) {
        Path single = dir.resolve(ShardedSafeTensorsWriter.SINGLE_FILE);
        return Files.isRegularFile(single) ? single : dir.resolve(SafeTensorsIndex.FILE_NAME);
    }

    /** Closes every weight array. */
    @Override
    public void close() {
        weights.values().forEach(NDArray::close);
    }

    // ---- save ----

    /** Saves as F32 in one file up to 5 GB of weights (else shards); see the full overload. */
    public static void save(Path dir, LlamaConfig config, SequencedMap<String, NDArray> weights, Path tokenizerJson,
                            GenerationConfig generation) {
        save(dir, config, weights, tokenizerJson, generation, SaveOptions.defaults());
    }

    /**
     * Writes a complete folder: config.json, the weights, tokenizer.json (copied from {@code tokenizerJson} if not
     * null), generation_config.json ({@code generation}, or bos/eos from the config when null). Everything is written
     * into a temporary sibling folder that is then renamed to {@code dir}, so a crash never leaves a half-written
     * folder under the final name; an existing {@code dir} is replaced.
     */
    public static void save(Path dir, LlamaConfig config, SequencedMap<String, NDArray> weights, Path tokenizerJson,
                            GenerationConfig generation, SaveOptions options) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        weights.forEach((n, a) -> shapes.put(n, a.getShape()));
        List<String> problems = LlamaTensorNames.problems(config, shapes);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("refusing to save " + dir + ": weights do not match the config: "
                    + LlamaTensorNames.summary(problems));
        }
        if (tokenizerJson != null && !Files.isRegularFile(tokenizerJson)) {
            throw new BadInputException(tokenizerJson, "tokenizer.json to copy into the checkpoint does not exist");
        }
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = AtomicFiles.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
            SafeTensorsWriter writer = new SafeTensorsWriter();
            weights.forEach((name, array) -> writer.add(name, array, options.dtypeOf().apply(name)));
            withTorchDtype(config, writer, weights).write(tmp.resolve(CONFIG));
            ShardedSafeTensorsWriter.write(writer, tmp, options.maxShardBytes());
            if (tokenizerJson != null) {
                copyDurably(tokenizerJson, tmp.resolve(TOKENIZER));
                for (String side : TOKENIZER_SIDE_FILES) {
                    Path src = tokenizerJson.resolveSibling(side);
                    if (Files.isRegularFile(src)) {
                        copyDurably(src, tmp.resolve(side));
                    }
                }
            }
            (generation != null ? generation : GenerationConfig.fromModel(config)).write(tmp.resolve(GenerationConfig.FILE_NAME));
            swapInto(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint " + dir, e);
        } finally {
            if (tmp != null) {
                deleteRecursively(tmp);
            }
        }
    }

    /** config.json's torch_dtype names the dtype most of the weight bytes are stored in. */
    private static LlamaConfig withTorchDtype(LlamaConfig c, SafeTensorsWriter writer, Map<String, NDArray> weights) {
        Map<DType, Long> bytes = new LinkedHashMap<>();
        for (String name : writer.names()) {
            DType t = writer.dtypeOf(name);
            bytes.merge(t, weights.get(name).size() * t.byteSize(), Long::sum);
        }
        DType main = bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(DType.F32);
        Map<String, JsonNode> extra = new LinkedHashMap<>(c.extra());
        extra.put("torch_dtype", TextNode.valueOf(main.torchName()));
        if (extra.containsKey("dtype")) { // transformers 5's name for it
            extra.put("dtype", TextNode.valueOf(main.torchName()));
        }
        return new LlamaConfig(c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(), c.numAttentionHeads(),
                c.numKeyValueHeads(), c.headDim(), c.rmsNormEps(), c.ropeTheta(), c.ropeScaling(), c.vocabSize(),
                c.maxPositionEmbeddings(), c.tieWordEmbeddings(), c.bosTokenId(), c.eosTokenIds(), c.initializerRange(),
                extra);
    }

    /**
     * Renames the finished {@code tmp} folder to {@code target}. A non-empty folder cannot be replaced in one rename,
     * so an existing target is first renamed aside, then deleted: at every instant the final name holds either the
     * old complete folder, nothing, or the new complete folder.
     */
    private static void swapInto(Path tmp, Path target) throws IOException {
        fsync(tmp);
        if (!Files.exists(target)) {
            AtomicFiles.moveAtomically(tmp, target);
        } else {
            Path old = AtomicFiles.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
            Files.delete(old);
            AtomicFiles.moveAtomically(target, old);
            try {
                AtomicFiles.moveAtomically(tmp, target);
            } catch (IOException e) {
                AtomicFiles.moveAtomically(old, target); // put the old folder back
                throw e;
            }
            deleteRecursively(old);
        }
        fsync(target.getParent());
    }

    private static void copyDurably(Path from, Path to) throws IOException {
        Files.copy(from, to);
        try (FileChannel ch = FileChannel.open(to, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Flushes a directory's entries (the renames) to disk; not every file system allows it, hence best effort. */
    private static void fsync(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void deleteRecursively(Path root) {
        try {
            AtomicFiles.deleteTree(root);
        } catch (UncheckedIOException ignored) {
            // best effort while cleaning up after a failure: leftovers are hidden (dot) folders nothing reads
        }
    }
}
