package dk.snaklib.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dk.snaklib.model.LlamaGoldenTest.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RoPE at long positions (500 to 131071) against the float64 reference of golden/rope/make_golden.py, and a
 * 600-token Llama through its KV cache with start positions past 512 (see golden/rope/README.md).
 */
class RopeGoldenTest {
    static Path golden(String name) throws Exception {
        return Path.of(RopeGoldenTest.class.getResource("/golden/rope/" + name).toURI());
    }

    /** The tables' settings: head_dim 64, as make_golden.py's ROPES. */
    static LlamaConfig config(String rope) {
        LlamaConfig base = LlamaConfig.of(8, 64, 8, 1, 1, 1, 131072);
        return rope.equals("plain") ? base.withRope(10000.0, null)
                : base.withRope(500000.0, new LlamaConfig.RopeScaling(8.0, 1.0, 4.0, 8192));
    }

    /** The folder through HfCheckpoint.load, so its checks run too; the model takes the weights over. */
    static LlamaModel fromCheckpoint(Path dir, NDManager tmp) {
        HfCheckpoint ckpt = HfCheckpoint.load(dir, tmp);
        return LlamaModel.fromWeights(ckpt.config(), ckpt.weights(), Device.cpu());
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(b.length, a.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "llama3"})
    void tablesAndRotationMatchTheReferenceAtLongPositions(String rope) throws Exception {
        LlamaConfig c = config(rope);
        RotaryEmbedding embedding = new RotaryEmbedding(c);
        int hd = c.headDim();
        try (SafeTensorsFile ref = SafeTensorsFile.open(golden("tables.safetensors"));
             NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] inv = ref.readFloats(rope + ".inv_freq");
            double[] ours = RotaryEmbedding.inverseFrequencies(c);
            for (int i = 0; i < inv.length; i++) {
                assertEquals(inv[i], ours[i], 1e-6 * inv[i], rope + " inv_freq[" + i + "]");
            }
            float[] positions = ref.readFloats("positions");
            int n = positions.length;
            float[] cos = new float[n * hd];
            float[] sin = new float[n * hd];
            // positions 500..779 in one table (one call, as a prompt past 512 asks for), the far ones one by one
            int run = 0;
            while (run < n && positions[run] == positions[0] + run) {
                run++;
            }
            NDList first = embedding.tables(m, (int) positions[0], run);
            System.arraycopy(first.get(0).toFloatArray(), 0, cos, 0, run * hd);
            System.arraycopy(first.get(1).toFloatArray(), 0, sin, 0, run * hd);
            for (int p = run; p < n; p++) {
                NDList one = embedding.tables(m, (int) positions[p], 1);
                System.arraycopy(one.get(0).toFloatArray(), 0, cos, p * hd, hd);
                System.arraycopy(one.get(1).toFloatArray(), 0, sin, p * hd, hd);
            }
            assertTrue(maxAbsDiff(cos, ref.readFloats(rope + ".cos")) < 1e-6, rope + " cos");
            assertTrue(maxAbsDiff(sin, ref.readFloats(rope + ".sin")) < 1e-6, rope + " sin");

            // transformers computes these tables in float32: up to 1e-3 off at 131071, but within 1e-4 below 1024
            float[] hfCos = ref.readFloats(rope + ".hf_fp32.cos");
            float[] hfSin = ref.readFloats(rope + ".hf_fp32.sin");
            int near = run * hd;
            assertTrue(maxAbsDiff(Arrays.copyOf(cos, near), Arrays.copyOf(hfCos, near)) < 1e-4, rope + " vs HF fp32 cos");
            assertTrue(maxAbsDiff(Arrays.copyOf(sin, near), Arrays.copyOf(hfSin, near)) < 1e-4, rope + " vs HF fp32 sin");

            Shape shape = new Shape(1, n, hd);
            NDArray x = m.create(ref.readFloats(rope + ".x"), shape);                          // [1, P, hd]
            NDArray rotated = RotaryEmbedding.apply(x, m.create(cos, new Shape(n, hd)), m.create(sin, new Shape(n, hd)));
            assertTrue(maxAbsDiff(rotated.toFloatArray(), ref.readFloats(rope + ".rotated")) < 1e-5, rope + " rotate_half");
        }
    }

    /**
     * The model's logits for 600 tokens, once without a cache and once through the KV cache fed as a 515-token
     * prompt, single tokens at 515..524, a 40-token chunk starting at 525, and single tokens at 565..579.
     */
    @ParameterizedTest
    @ValueSource(strings = {"plain-600", "llama3-600"})
    void logitsPast512MatchWithAndWithoutTheKvCache(String name) throws Exception {
        Path dir = golden(name);
        long[] ids = new ObjectMapper().convertValue(
                new ObjectMapper().readTree(Files.readString(dir.resolve("inputs.json"))).get("input_ids"), long[].class);
        try (NDManager tmp = NDManager.newBaseManager("PyTorch");
             LlamaModel model = fromCheckpoint(dir, tmp);
             SafeTensorsFile ref = SafeTensorsFile.open(dir.resolve("expected.safetensors"));
             NoGrad off = NoGrad.enter();
             NDManager m = model.manager().newSubManager();
             KvCache cache = new KvCache(m, model.config().numHiddenLayers())) {
            int vocab = model.config().vocabSize();
            float[] expected = ref.readFloats("logits"); // [600, V]
            assertEquals(ids.length * vocab, expected.length);

            float[] full = model.logits(m.create(ids, new Shape(1, ids.length))).toFloatArray(); // [1, 600, V]
            double err = relativeError(full, expected);
            assertTrue(err < 1e-4, name + " without cache: relative error " + err);

            int[][] chunks = {{0, 515}, {515, 1}, {516, 1}, {517, 1}, {518, 1}, {519, 1}, {520, 1}, {521, 1}, {522, 1},
                    {523, 1}, {524, 1}, {525, 40}, {565, 1}, {566, 1}, {567, 1}, {568, 1}, {569, 1}, {570, 1}, {571, 1},
                    {572, 1}, {573, 1}, {574, 1}, {575, 1}, {576, 1}, {577, 1}, {578, 1}, {579, 1}};
            for (int[] chunk : chunks) {
                int start = chunk[0];
                int length = chunk[1];
                assertEquals(start, cache.length());
                long[] feed = Arrays.copyOfRange(ids, start, start + length);
                float[] got = model.forward(m.create(feed, new Shape(1, length)), cache).toFloatArray(); // [1, len, V]
                float[] want = Arrays.copyOfRange(expected, start * vocab, (start + length) * vocab);
                double e = relativeError(got, want);
                assertTrue(e < 1e-4, name + " cached positions " + start + ".." + (start + length - 1)
                        + ": relative error " + e);
            }
        }
    }
}
