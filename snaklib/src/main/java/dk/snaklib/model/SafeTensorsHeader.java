package dk.snaklib.model;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.snaklib.util.BadInputException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated header of a safetensors file.
 *
 * <p>Layout: {@code [u64 LE header length N][N bytes of JSON][data section]}. The JSON maps each tensor name to
 * {@code {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}} (offsets relative to the data section),
 * plus an optional {@code "__metadata__"} object of string to string. The data section must be covered exactly:
 * no overlaps, no holes, nothing after the last tensor.
 *
 * @param tensors    entries in header (file) order
 * @param metadata   the {@code __metadata__} map, empty if absent
 * @param dataStart  absolute file offset of the data section: 8 + N
 */
public record SafeTensorsHeader(List<TensorInfo> tensors, Map<String, String> metadata, long dataStart) {

    /** The Rust reference implementation refuses headers above 100 MB; so do we (a sign of a corrupt length). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public SafeTensorsHeader {
        tensors = List.copyOf(tensors);
        metadata = Map.copyOf(metadata);
    }

    /** Reads the 8-byte length prefix; {@code fileSize} lets us reject a length that runs past the end. */
    static long headerLength(ByteBuffer first8, long fileSize, Path file) {
        if (fileSize < 8) {
            throw new BadInputException(file, "not a safetensors file: " + fileSize
                    + " bytes, shorter than the 8-byte header length (truncated?)");
        }
        long n = first8.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 2 || n > MAX_HEADER_BYTES) {
            throw new BadInputException(file, "safetensors header length " + Long.toUnsignedString(n)
                    + " is not plausible (expected 2.." + MAX_HEADER_BYTES + " bytes)");
        }
        if (8 + n > fileSize) {
            throw new BadInputException(file, "safetensors header length " + n + " runs past the end of the file ("
                    + fileSize + " bytes; truncated?)");
        }
        return n;
    }

    /** Parses and validates the JSON header; {@code dataSize} is the file size minus 8 minus the header. */
    static SafeTensorsHeader parse(byte[] json, long dataSize, Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "safetensors header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file, "safetensors header must be a JSON object");
        }
        List<TensorInfo> tensors = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (var it = root.fields(); it.hasNext(); ) {
            var field = it.next();
            if (field.getKey().equals("__metadata__")) {
                readMetadata(field.getValue(), metadata, file);
            } else {
                tensors.add(entry(field.getKey(), field.getValue(), dataSize, file));
            }
        }
        checkContiguous(tensors, dataSize, file);
        return new SafeTensorsHeader(tensors, metadata, 8 + json.length);
    }

    private static void readMetadata(JsonNode node, Map<String, String> out, Path file) {
        if (!node.isObject()) {
            throw new BadInputException(file, "safetensors \"__metadata__\" must be an object of strings, got " + node.getNodeType());
        }
        node.fields().forEachRemaining(f -> {
            if (!f.getValue().isTextual()) {
                throw new BadInputException(file, "safetensors \"__metadata__\" key \"" + f.getKey()
                        + "\": expected a string, got " + f.getValue());
            }
            out.put(f.getKey(), f.getValue().textValue());
        });
    }

    private static TensorInfo entry(String name, JsonNode node, long dataSize, Path file) {
        String where = "tensor \"" + name + "\": ";
        if (!node.isObject()) {
            throw new BadInputException(file, where + "expected an object with dtype, shape, data_offsets");
        }
        JsonNode dt = node.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw new BadInputException(file, where + "missing or non-string \"dtype\"");
        }
        DType dtype = DType.fromHfName(dt.textValue());
        if (dtype == null) {
            throw new BadInputException(file, where + "unknown dtype \"" + dt.textValue()
                    + "\" (known: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        }
        JsonNode sh = node.get("shape");
        if (sh == null || !sh.isArray()) {
            throw new BadInputException(file, where + "missing or non-array \"shape\"");
        }
        long[] dims = new long[sh.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw new BadInputException(file, where + "shape " + sh + " has a dimension that is not a non-negative integer");
            }
            dims[i] = d.longValue();
            try {
                count = Math.multiplyExact(count, dims[i]);
            } catch (ArithmeticException e) {
                throw new BadInputException(file, where + "shape " + sh + " has too many elements");
            }
        }
        JsonNode off = node.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2
                || !off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()
                || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw new BadInputException(file, where + "\"data_offsets\" must be [begin, end] integers, got " + off);
        }
        long begin = off.get(0).longValue();
        long end = off.get(1).longValue();
        if (begin < 0 || end < begin) {
            throw new BadInputException(file, where + "data_offsets [" + begin + ", " + end + "] are not 0 <= begin <= end");
        }
        if (end > dataSize) {
            throw new BadInputException(file, where + "data_offsets [" + begin + ", " + end
                    + "] run past the end of the data section (" + dataSize + " bytes; truncated file?)");
        }
        long expected;
        try {
            expected = Math.multiplyExact(count, dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new BadInputException(file, where + "shape " + sh + " has too many elements");
        }
        if (end - begin != expected) {
            throw new BadInputException(file, where + "shape " + sh + " of " + dtype + " needs " + expected
                    + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        return new TensorInfo(name, dtype, new Shape(dims), begin, end);
    }

    /** The data section must be one run of tensors: sorted by offset, each begins where the previous ended. */
    private static void checkContiguous(List<TensorInfo> tensors, long dataSize, Path file) {
        List<TensorInfo> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expectedBegin = 0;
        TensorInfo previous = null;
        for (TensorInfo t : byOffset) {
            if (t.begin() < expectedBegin) {
                throw new BadInputException(file, "tensor \"" + t.name() + "\": data_offsets [" + t.begin() + ", "
                        + t.end() + "] overlap tensor \"" + previous.name() + "\" [" + previous.begin() + ", "
                        + previous.end() + "]");
            }
            if (t.begin() > expectedBegin) {
                throw new BadInputException(file, "tensor \"" + t.name() + "\": data_offsets begin at " + t.begin()
                        + " but the previous tensor ends at " + expectedBegin + " (a hole of "
                        + (t.begin() - expectedBegin) + " bytes; data must be contiguous)");
            }
            expectedBegin = t.end();
            previous = t;
        }
        if (expectedBegin != dataSize) {
            throw new BadInputException(file, "the data section has " + dataSize + " bytes but the tensors cover only "
                    + expectedBegin + " (" + (dataSize - expectedBegin) + " bytes unaccounted for after "
                    + (previous == null ? "the header" : "tensor \"" + previous.name() + "\"") + ")");
        }
    }
}
