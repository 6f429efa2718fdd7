package dk.snaklib.model;

import dk.snaklib.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every defect of a safetensors file is one BadInputException that names the file, the tensor and the problem. */
class SafeTensorsBadInputTest {
    @TempDir Path tmp;

    /** [u64 LE length][header][dataBytes zero bytes], byte by byte. */
    static byte[] file(long declaredLength, String header, int dataBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(declaredLength).array());
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    static byte[] file(String header, int dataBytes) {
        return file(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    /** Writes {@code bytes} as bad.safetensors, opens it, and checks the message names the file and each fragment. */
    BadInputException rejects(byte[] bytes, String... fragments) throws Exception {
        Path p = tmp.resolve("bad.safetensors");
        Files.write(p, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> SafeTensorsFile.open(p).close());
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "expected \"" + f + "\" in: " + e.getMessage());
        }
        return e;
    }

    static String t(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test
    void wellFormedFileOpens() throws Exception {
        Path p = tmp.resolve("ok.safetensors");
        Files.write(p, file("{" + t("a", "F32", "[2]", 0, 8) + "," + t("b", "BF16", "[2,2]", 8, 16) + "}", 16));
        try (var st = SafeTensorsFile.open(p)) {
            assertEquals(java.util.List.of("a", "b"), st.names());
            assertEquals(java.util.Map.of(), st.metadata());
        }
    }

    @Test
    void fileShorterThanTheLengthPrefix() throws Exception {
        rejects(new byte[] {1, 2, 3}, "3 bytes", "truncated");
    }

    @Test
    void headerLengthPastEndOfFile() throws Exception {
        rejects(file(1000, "{}", 0), "header length 1000", "past the end of the file");
    }

    @Test
    void absurdHeaderLength() throws Exception {
        rejects(file(-1, "{}", 0), "not plausible");
    }

    @Test
    void headerNotJson() throws Exception {
        rejects(file("{\"a\":{\"dtype\":", 0), "not valid JSON");
        rejects(file("[1,2]   ", 0), "must be a JSON object");
    }

    @Test
    void duplicateTensorName() throws Exception {
        rejects(file("{" + t("a", "F32", "[1]", 0, 4) + "," + t("a", "F32", "[1]", 4, 8) + "}", 8), "Duplicate field 'a'");
    }

    @Test
    void unknownDtype() throws Exception {
        rejects(file("{" + t("w", "F8_E4M3", "[4]", 0, 4) + "}", 4), "tensor \"w\"", "unknown dtype \"F8_E4M3\"");
    }

    @Test
    void shapeDisagreesWithByteSpan() throws Exception {
        rejects(file("{" + t("w", "F32", "[2,3]", 0, 20) + "}", 20), "tensor \"w\"", "needs 24 bytes", "span 20");
    }

    @Test
    void badShapeAndOffsets() throws Exception {
        rejects(file("{" + t("w", "F32", "[-1]", 0, 4) + "}", 4), "tensor \"w\"", "non-negative");
        rejects(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}}", 4), "tensor \"w\"", "[begin, end]");
        rejects(file("{" + t("w", "F32", "[0]", 4, 0) + "}", 4), "tensor \"w\"", "0 <= begin <= end");
        rejects(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor \"w\"", "\"dtype\"");
    }

    @Test
    void offsetsOutOfRange() throws Exception {
        rejects(file("{" + t("w", "F32", "[6]", 0, 24) + "}", 16), "tensor \"w\"", "past the end of the data section (16 bytes");
    }

    @Test
    void overlappingTensors() throws Exception {
        rejects(file("{" + t("a", "F32", "[2]", 0, 8) + "," + t("b", "F32", "[2]", 4, 12) + "}", 12),
                "tensor \"b\"", "overlap tensor \"a\"");
    }

    @Test
    void holeBetweenTensors() throws Exception {
        rejects(file("{" + t("a", "F32", "[2]", 0, 8) + "," + t("b", "F32", "[2]", 12, 20) + "}", 20),
                "tensor \"b\"", "hole of 4 bytes");
        rejects(file("{" + t("a", "F32", "[2]", 4, 12) + "}", 12), "tensor \"a\"", "hole of 4 bytes");
    }

    @Test
    void bytesAfterTheLastTensor() throws Exception {
        rejects(file("{" + t("a", "F32", "[2]", 0, 8) + "}", 12), "4 bytes unaccounted for after tensor \"a\"");
    }

    @Test
    void metadataMustBeStrings() throws Exception {
        rejects(file("{\"__metadata__\":{\"format\":1}}", 0), "__metadata__", "\"format\"");
    }

    @Test
    void truncatedWrittenFile() throws Exception {
        Path p = tmp.resolve("good.safetensors");
        new SafeTensorsWriter().add("a", new float[8], new ai.djl.ndarray.types.Shape(8))
                .add("b", new float[4], new ai.djl.ndarray.types.Shape(4)).write(p);
        byte[] whole = Files.readAllBytes(p);
        rejects(java.util.Arrays.copyOf(whole, whole.length - 4), "tensor \"b\"", "truncated file?");
    }

    @Test
    void missingFile() {
        Path p = tmp.resolve("nowhere.safetensors");
        BadInputException e = assertThrows(BadInputException.class, () -> SafeTensorsFile.open(p));
        assertTrue(e.getMessage().contains(p + ": safetensors file is missing"), e.getMessage());
    }
}
