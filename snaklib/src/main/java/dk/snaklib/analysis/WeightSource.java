package dk.snaklib.analysis;

import ai.djl.ndarray.NDArray;
import dk.snaklib.model.HfCheckpoint;
import dk.snaklib.model.TensorReader;
import dk.snaklib.util.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The weights of one side of a comparison: a Hugging Face folder (read tensor by tensor from its safetensors, any
 * stored dtype widened to float32, as {@code from_pretrained} without a dtype gives) or a map of loaded arrays.
 * Reads may come from several threads.
 */
abstract class WeightSource implements AutoCloseable {

    /** What to call this side in messages and tables: the folder, or the name given. */
    abstract String describe();

    /** The tokenizer.json beside the weights, or null. */
    abstract Path tokenizer();

    /** Tensor name -> shape, in storage order. */
    abstract SequencedMap<String, long[]> shapes();

    /** The tensor's values, row-major, widened to float. */
    abstract float[] floats(String name);

    /** The error for a defect in {@code tensor}: a BadInputException naming the folder when there is one. */
    abstract RuntimeException problem(String tensor, String what);

    @Override
    public void close() {}

    static WeightSource folder(Path dir) {
        return new Folder(dir);
    }

    static WeightSource arrays(String name, Map<String, NDArray> weights, Path tokenizer) {
        return new Arrays(name, weights, tokenizer);
    }

    private static final class Folder extends WeightSource {
        private final Path dir;
        private final TensorReader reader;
        private final SequencedMap<String, long[]> shapes = new LinkedHashMap<>();

        Folder(Path dir) {
            if (!Files.isDirectory(dir)) {
                throw new BadInputException(dir, "checkpoint folder does not exist");
            }
            this.dir = dir;
            this.reader = HfCheckpoint.openWeights(dir);
            for (String n : reader.names()) {
                shapes.put(n, reader.info(n).shape().getShape());
            }
        }

        @Override
        String describe() {
            return dir.toString();
        }

        @Override
        Path tokenizer() {
            Path t = dir.resolve(HfCheckpoint.TOKENIZER);
            return Files.isRegularFile(t) ? t : null;
        }

        @Override
        SequencedMap<String, long[]> shapes() {
            return shapes;
        }

        @Override
        float[] floats(String name) {
            return reader.readFloats(name);
        }

        @Override
        RuntimeException problem(String tensor, String what) {
            return new BadInputException(dir, "tensor \"" + tensor + "\" " + what);
        }

        @Override
        public void close() {
            reader.close();
        }
    }

    private static final class Arrays extends WeightSource {
        private final String name;
        private final Map<String, NDArray> weights;
        private final Path tokenizer;
        private final SequencedMap<String, long[]> shapes = new LinkedHashMap<>();

        Arrays(String name, Map<String, NDArray> weights, Path tokenizer) {
            this.name = name;
            this.weights = weights;
            this.tokenizer = tokenizer;
            weights.forEach((n, a) -> shapes.put(n, a.getShape().getShape()));
        }

        @Override
        String describe() {
            return name;
        }

        @Override
        Path tokenizer() {
            return tokenizer;
        }

        @Override
        SequencedMap<String, long[]> shapes() {
            return shapes;
        }

        @Override
        synchronized float[] floats(String n) { // one engine copy at a time: the arrays may live on another thread's manager
            NDArray a = weights.get(n);
            return a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32 ? a.toFloatArray()
                    : a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        }

        @Override
        RuntimeException problem(String tensor, String what) {
            return new IllegalArgumentException(name + ": tensor \"" + tensor + "\" " + what);
        }
    }

    /** Both sides' tensor sets and shapes must be equal (the study asserts it); names the first difference. */
    static void checkSameTensors(WeightSource a, WeightSource b) {
        var sa = a.shapes();
        var sb = b.shapes();
        List<String> onlyA = sa.keySet().stream().filter(n -> !sb.containsKey(n)).toList();
        List<String> onlyB = sb.keySet().stream().filter(n -> !sa.containsKey(n)).toList();
        if (!onlyA.isEmpty() || !onlyB.isEmpty()) {
            throw new IllegalArgumentException("the checkpoints hold different tensors: " + describe(onlyA, a) + describe(onlyB, b)
                    + "(" + a.describe() + " vs " + b.describe() + ")");
        }
        for (var e : sa.entrySet()) {
            long[] other = sb.get(e.getKey());
            if (!java.util.Arrays.equals(e.getValue(), other)) {
                throw new IllegalArgumentException("tensor \"" + e.getKey() + "\" has shape " + java.util.Arrays.toString(e.getValue())
                        + " in " + a.describe() + " but " + java.util.Arrays.toString(other) + " in " + b.describe());
            }
        }
    }

    private static String describe(List<String> only, WeightSource in) {
        if (only.isEmpty()) {
            return "";
        }
        String shown = String.join(", ", only.subList(0, Math.min(5, only.size())));
        return (only.size() > 5 ? only.size() + " tensors, e.g. " : "") + shown + " only in " + in.describe() + "; ";
    }
}
