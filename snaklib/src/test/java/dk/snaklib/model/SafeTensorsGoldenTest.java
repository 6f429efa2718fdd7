package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files written by torch 1.13 and a from-the-spec Python writer (see golden/safetensors/README.md) load to exactly
 * the values torch sees, and our narrowing to BF16/F16 rounds exactly as torch does.
 */
class SafeTensorsGoldenTest {
    static NDManager nd;
    static Path golden;
    static JsonNode expected;
    @TempDir Path tmp;

    @BeforeAll
    static void setUp() throws Exception {
        nd = NDManager.newBaseManager("PyTorch");
        golden = Path.of(SafeTensorsGoldenTest.class.getResource("/golden/safetensors/expected.json").toURI()).getParent();
        expected = new ObjectMapper().readTree(golden.resolve("expected.json").toFile());
    }

    @AfterAll
    static void release() {
        nd.close();
    }

    static String sha256(float[] values) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    }

    /** Compares one tensor's values with torch's summary of them. */
    static void assertMatchesTorch(String name, JsonNode want, DType dtype, Shape shape, float[] values) throws Exception {
        assertEquals(want.get("dtype").asText(), dtype.hfName(), name);
        List<Long> dims = new ArrayList<>();
        want.get("shape").forEach(d -> dims.add(d.asLong()));
        assertEquals(new Shape(dims.stream().mapToLong(Long::longValue).toArray()), shape, name);
        assertEquals(want.get("sha256_f32").asText(), sha256(values), name + ": every value bit for bit");
        double sum = 0, abs = 0, sq = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                continue; // torch's summary sums the finite values only
            }
            sum += v;
            abs += Math.abs(v);
            sq += (double) v * v;
        }
        // torch sums in another order, so float64 sums agree to rounding, not to the bit
        assertEquals(want.get("sum").asDouble(), sum, 1e-12 * abs + 1e-300, name + " sum");
        assertEquals(want.get("abs_sum").asDouble(), abs, 1e-12 * abs, name + " abs_sum");
        assertEquals(want.get("square_sum").asDouble(), sq, 1e-12 * sq, name + " square_sum");
        for (int i = 0; i < want.get("first").size(); i++) {
            assertEquals(want.get("first").get(i).asDouble(), values[i], 0.0, name + "[" + i + "]");
        }
    }

    void checkCheckpoint(String folder) throws Exception {
        JsonNode tensors = expected.get("tensors");
        try (NDManager m = nd.newSubManager(); HfCheckpoint ckpt = HfCheckpoint.load(golden.resolve(folder), m);
             TensorReader reader = HfCheckpoint.openWeights(golden.resolve(folder))) {
            List<String> names = new ArrayList<>();
            tensors.fieldNames().forEachRemaining(names::add);
            assertEquals(names, List.copyOf(ckpt.weights().keySet()), "HF state_dict order");
            for (String name : names) {
                NDArray w = ckpt.weights().get(name);
                DType stored = reader.info(name).dtype();
                assertMatchesTorch(name, tensors.get(name), stored, w.getShape(), w.toFloatArray());
                assertArrayEquals(w.toFloatArray(), reader.readFloats(name), name + ": readFloats agrees with loadF32");
            }
            LlamaConfig c = ckpt.config();
            assertEquals(new LlamaConfig.RopeScaling(8.0, 1.0, 4.0, 64), c.ropeScaling());
            assertEquals(List.of(2, 3), c.eosTokenIds());
            assertEquals(4, c.headDim());
        }
    }

    @Test
    void singleFileCheckpointMatchesTorch() throws Exception {
        checkCheckpoint("tiny-llama");
        try (NDManager m = nd.newSubManager(); HfCheckpoint ckpt = HfCheckpoint.load(golden.resolve("tiny-llama"), m)) {
            assertEquals(0.6, ckpt.generationConfig().extra().get("temperature").asDouble());
            assertEquals(List.of(2, 3), ckpt.generationConfig().eosTokenIds());
        }
        try (var st = SafeTensorsFile.open(golden.resolve("tiny-llama/model.safetensors"))) {
            assertEquals(Map.of("format", "pt"), st.metadata());
            assertEquals("lm_head.weight", st.names().get(0), "header order (by name) is kept");
        }
    }

    @Test
    void shardedCheckpointMatchesTorch() throws Exception {
        checkCheckpoint("tiny-llama-sharded");
        SafeTensorsIndex index = SafeTensorsIndex.read(golden.resolve("tiny-llama-sharded/model.safetensors.index.json"));
        assertEquals(3, index.shardFiles().size());
        assertEquals(15168, index.totalSize());
    }

    /** Re-saving torch's checkpoint in the same dtypes reproduces torch's values exactly, then loads the same. */
    @Test
    void resavedInTheSameDtypesStaysExact() throws Exception {
        Path out = tmp.resolve("resaved");
        try (NDManager m = nd.newSubManager(); HfCheckpoint ckpt = HfCheckpoint.load(golden.resolve("tiny-llama"), m);
             TensorReader source = HfCheckpoint.openWeights(golden.resolve("tiny-llama"))) {
            var options = HfCheckpoint.SaveOptions.defaults();
            options = new HfCheckpoint.SaveOptions(n -> source.info(n).dtype(), options.maxShardBytes());
            HfCheckpoint.save(out, ckpt.config(), ckpt.weights(), null, ckpt.generationConfig(), options);
        }
        checkCheckpointAt(out);
    }

    void checkCheckpointAt(Path dir) throws Exception {
        JsonNode tensors = expected.get("tensors");
        try (TensorReader reader = HfCheckpoint.openWeights(dir)) {
            for (var it = tensors.fields(); it.hasNext(); ) {
                var e = it.next();
                TensorInfo info = reader.info(e.getKey());
                assertMatchesTorch(e.getKey(), e.getValue(), info.dtype(), info.shape(), reader.readFloats(e.getKey()));
            }
        }
    }

    /** Our float32 -> BF16 / F16 narrowing (Java and through the writer) gives torch's bits, ties and edge cases included. */
    @Test
    void narrowingRoundsLikeTorch() throws Exception {
        try (var st = SafeTensorsFile.open(golden.resolve("rounding.safetensors")); NDManager m = nd.newSubManager()) {
            float[] x = st.readFloats("x");
            JsonNode r = expected.get("rounding");
            assertMatchesTorch("x", r.get("x"), st.info("x").dtype(), st.info("x").shape(), x);
            float[] torchBf16 = st.readFloats("x_bf16");
            float[] torchF16 = st.readFloats("x_f16");
            float[] javaBf16 = new float[x.length];
            float[] javaF16 = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                javaBf16[i] = TensorCodec.bf16ToFloat(TensorCodec.floatToBf16(x[i]));
                javaF16[i] = TensorCodec.f16ToFloat(TensorCodec.floatToF16(x[i]));
            }
            assertArrayEquals(torchBf16, javaBf16, "bf16");
            assertArrayEquals(torchF16, javaF16, "f16");
            assertTrue(Float.isInfinite(torchF16[8]), "65520 rounds up to infinity in f16");

            Path mine = tmp.resolve("mine.safetensors");
            NDArray xs = st.loadF32(m, "x");
            new SafeTensorsWriter().add("x_bf16", xs, DType.BF16).add("x_f16", xs, DType.F16).write(mine);
            try (var back = SafeTensorsFile.open(mine)) {
                assertArrayEquals(torchBf16, back.readFloats("x_bf16"));
                assertArrayEquals(torchF16, back.readFloats("x_f16"));
                assertArrayEquals(torchBf16, back.loadF32(m, "x_bf16").toFloatArray());
                assertArrayEquals(torchF16, back.loadF32(m, "x_f16").toFloatArray());
            }
        }
    }
}
