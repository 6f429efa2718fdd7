package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing then reading safetensors gives back the same bits, for every dtype and both load paths. */
class SafeTensorsRoundTripTest {
    static NDManager nd;
    @TempDir Path tmp;

    @BeforeAll
    static void engine() {
        nd = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void release() {
        nd.close();
    }

    static float[] randoms(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian() * 3f;
        }
        return v;
    }

    /** What a value becomes after storage as {@code dtype}. */
    static float[] rounded(float[] v, DType dtype) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = switch (dtype) {
                case F32 -> v[i];
                case F16 -> TensorCodec.f16ToFloat(TensorCodec.floatToF16(v[i]));
                case BF16 -> TensorCodec.bf16ToFloat(TensorCodec.floatToBf16(v[i]));
                default -> throw new IllegalArgumentException();
            };
        }
        return out;
    }

    @Test
    void floatArraysRoundTripInEveryFloatDtype() throws Exception {
        Path file = tmp.resolve("a.safetensors");
        float[] a = randoms(35, 1), b = randoms(12, 2), c = randoms(7, 3);
        new SafeTensorsWriter()
                .add("half", a, new Shape(5, 7), DType.F16)
                .add("full", b, new Shape(3, 4))
                .add("brain", c, new Shape(7), DType.BF16)
                .add("scalar", new float[] {2.5f}, new Shape())
                .write(file);
        assertEquals(0, (Files.size(file) - 8 - 35 * 2 - 12 * 4 - 7 * 2 - 4) % 8, "header padded to a multiple of 8");
        try (SafeTensorsFile st = SafeTensorsFile.open(file)) {
            assertEquals(List.of("half", "full", "brain", "scalar"), st.names());
            assertEquals(Map.of("format", "pt"), st.metadata());
            assertEquals(new Shape(5, 7), st.info("half").shape());
            assertEquals(DType.BF16, st.info("brain").dtype());
            assertEquals(0, st.info("full").begin(), "wider dtypes first in the data section");
            assertArrayEquals(rounded(a, DType.F16), st.readFloats("half"));
            assertArrayEquals(b, st.readFloats("full"));
            assertArrayEquals(rounded(c, DType.BF16), st.readFloats("brain"));
            assertArrayEquals(new float[] {2.5f}, st.readFloats("scalar"));
            for (String name : st.names()) {
                try (NDArray x = st.loadF32(nd, name)) {
                    assertEquals(DataType.FLOAT32, x.getDataType());
                    assertEquals(st.info(name).shape(), x.getShape());
                    assertArrayEquals(st.readFloats(name), x.toFloatArray(), name);
                }
            }
        }
    }

    @Test
    void arraysRoundTripBitForBitThroughTwoSaves() {
        float[] v = randoms(6 * 10, 7);
        for (DType dtype : List.of(DType.F32, DType.F16, DType.BF16)) {
            Path first = tmp.resolve("1-" + dtype + ".safetensors");
            Path second = tmp.resolve("2-" + dtype + ".safetensors");
            try (NDManager scope = nd.newSubManager()) {
                NDArray x = scope.create(v, new Shape(6, 10));
                new SafeTensorsWriter().add("w", x, dtype).write(first);
                try (SafeTensorsFile st = SafeTensorsFile.open(first)) {
                    NDArray y = st.loadF32(scope, "w");
                    assertArrayEquals(rounded(v, dtype), y.toFloatArray(), dtype.toString());
                    new SafeTensorsWriter().add("w", y, dtype).write(second);
                }
                assertArrayEquals(bytes(first), bytes(second), dtype + ": second save identical to the first");
            }
        }
    }

    @Test
    void chunkedPathsAgreeWithTheDirectOnes() {
        Path file = tmp.resolve("c.safetensors");
        float[] v = randoms(1000, 11);
        try (NDManager scope = nd.newSubManager()) {
            NDArray x = scope.create(v, new Shape(10, 100));
            new SafeTensorsWriter().chunkElements(3)
                    .add("f32", x).add("f16", x, DType.F16).add("bf16", x, DType.BF16).write(file);
            try (SafeTensorsFile st = SafeTensorsFile.open(file)) {
                for (String name : st.names()) {
                    float[] expected = st.readFloats(name);
                    assertArrayEquals(expected, st.loadF32(scope, name, 7).toFloatArray(), name + " in chunks of 7");
                    assertArrayEquals(expected, st.loadF32(scope, name).toFloatArray(), name);
                }
                assertArrayEquals(v, st.readFloats("f32"));
            }
        }
    }

    /** A sparse file whose second tensor starts past 2 GB: each tensor is mapped on its own, so it still reads. */
    @Test
    void readsTensorsBeyondTwoGigabytes() throws Exception {
        long big = (1L << 31) + 16;
        String header = "{\"big\":{\"dtype\":\"U8\",\"shape\":[" + big + "],\"data_offsets\":[0," + big + "]},"
                + "\"small\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + big + "," + (big + 16) + "]}}";
        byte[] json = (header + " ".repeat((8 - header.length() % 8) % 8)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path file = tmp.resolve("sparse.safetensors");
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            var prefix = java.nio.ByteBuffer.allocate(8 + json.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(json.length).put(json).flip();
            ch.write(prefix, 0);
            var small = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            small.putFloat(1.5f).putFloat(-2f).putFloat(0.25f).putFloat(1e30f).flip();
            ch.write(small, 8 + json.length + big); // the gap stays a hole: no disk used
        }
        try (SafeTensorsFile st = SafeTensorsFile.open(file)) {
            assertEquals(big, st.info("big").byteLength());
            float[] expected = {1.5f, -2f, 0.25f, 1e30f};
            assertArrayEquals(expected, st.readFloats("small"));
            try (NDArray x = st.loadF32(nd, "small")) {
                assertArrayEquals(expected, x.toFloatArray());
                assertEquals(new Shape(2, 2), x.getShape());
            }
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> st.readFloats("big"));
            assertTrue(e.getMessage().contains("too many for a Java array"), e.getMessage());
        }
    }

    @Test
    void bf16RoundsToNearestEven() {
        // 1 + 2^-8 lies exactly halfway between bf16 neighbours 1 and 1 + 2^-7: ties go to the even one (1).
        assertEquals(1f, TensorCodec.bf16ToFloat(TensorCodec.floatToBf16(1f + 0x1p-8f)));
        // 1 + 3*2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even).
        assertEquals(1f + 0x1p-6f, TensorCodec.bf16ToFloat(TensorCodec.floatToBf16(1f + 3 * 0x1p-8f)));
        assertEquals(1f + 0x1p-7f, TensorCodec.bf16ToFloat(TensorCodec.floatToBf16(1f + 0x1p-8f + 0x1p-20f)));
        assertTrue(Float.isNaN(TensorCodec.bf16ToFloat(TensorCodec.floatToBf16(Float.NaN))));
        assertEquals(Float.NEGATIVE_INFINITY, TensorCodec.bf16ToFloat(TensorCodec.floatToBf16(Float.NEGATIVE_INFINITY)));
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
