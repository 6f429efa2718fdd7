package dk.snaklib.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.snaklib.util.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Writes one {@code .safetensors} file: header with {@code __metadata__ {"format":"pt"}}, padded with spaces to a
 * multiple of 8, then the tensors' bytes back to back. Data is streamed to the channel tensor by tensor (never the
 * whole file in memory), into a temporary sibling that is renamed onto the target only when complete.
 *
 * <pre>{@code
 * new SafeTensorsWriter().add("model.norm.weight", norm).add("model.embed_tokens.weight", embed, DType.BF16).write(path);
 * }</pre>
 *
 * <p>Header order is the order of {@code add}. In the data section wider dtypes come first (then {@code add} order),
 * as the reference writer also puts them, so every tensor starts at a multiple of its element size.
 */
public final class SafeTensorsWriter {
    /** Elements converted per step: bounds the scratch buffer for F16/BF16 and the piece of a huge tensor. */
    static final int CHUNK_ELEMENTS = 1 << 22;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> metadata = new LinkedHashMap<>(Map.of("format", "pt"));
    private final SequencedMap<String, Entry> entries = new LinkedHashMap<>();
    private int chunkElements = CHUNK_ELEMENTS;

    /** A tensor to write: where its float32 values come from, and the dtype to store them as. */
    private record Entry(String name, Shape shape, DType dtype, NDArray array, float[] values) {
        long byteLength() {
            return shape.size() * dtype.byteSize();
        }
    }

    /** Adds or replaces a {@code __metadata__} string; {@code "format": "pt"} is there from the start. */
    public SafeTensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds {@code array} (any float dtype, any device) stored as F32. */
    public SafeTensorsWriter add(String name, NDArray array) {
        return add(name, array, DType.F32);
    }

    /** Adds {@code array} stored as {@code dtype} (F32, F16, BF16 or F64). */
    public SafeTensorsWriter add(String name, NDArray array, DType dtype) {
        if (array.getDataType() == DataType.BFLOAT16) {
            // any cast of a bf16 array aborts DJL's PyTorch engine, so refuse here rather than crash the JVM
            throw new IllegalArgumentException("tensor \"" + name + "\": BFLOAT16 arrays are not supported; keep weights"
                    + " in FLOAT32 and choose DType.BF16 for storage");
        }
        return put(new Entry(name, array.getShape(), checkWritable(dtype), array, null));
    }

    /** Adds row-major {@code values} of {@code shape}, stored as F32. */
    public SafeTensorsWriter add(String name, float[] values, Shape shape) {
        return add(name, values, shape, DType.F32);
    }

    /** Adds row-major {@code values} of {@code shape}, stored as {@code dtype}. */
    public SafeTensorsWriter add(String name, float[] values, Shape shape, DType dtype) {
        if (shape.size() != values.length) {
            throw new IllegalArgumentException("tensor \"" + name + "\": shape " + shape + " needs " + shape.size()
                    + " values, got " + values.length);
        }
        return put(new Entry(name, shape, checkWritable(dtype), null, values));
    }

    private SafeTensorsWriter put(Entry e) {
        if (e.name().equals("__metadata__") || e.name().isEmpty()) {
            throw new IllegalArgumentException("\"" + e.name() + "\" cannot be a tensor name");
        }
        entries.put(e.name(), e);
        return this;
    }

    private static DType checkWritable(DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("can only write float tensors (F32, F16, BF16, F64), not " + dtype);
        }
        return dtype;
    }

    /** Names in header order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The dtype {@code name} will be stored as. */
    public DType dtypeOf(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no tensor \"" + name + "\" added");
        }
        return e.dtype();
    }

    /** Bytes of tensor data (what an HF index calls total_size), header excluded. */
    public long dataBytes() {
        return entries.values().stream().mapToLong(Entry::byteLength).sum();
    }

    /**
     * Splits into writers of consecutive tensors whose data stays within {@code maxBytes} each (a bigger tensor
     * alone in its own); they share this writer's metadata.
     */
    List<SafeTensorsWriter> split(long maxBytes) {
        List<SafeTensorsWriter> parts = new ArrayList<>();
        SafeTensorsWriter current = null;
        long size = 0;
        for (Entry e : entries.values()) {
            if (current == null || (size > 0 && size + e.byteLength() > maxBytes)) {
                current = new SafeTensorsWriter();
                current.metadata.putAll(metadata);
                current.chunkElements = chunkElements;
                parts.add(current);
                size = 0;
            }
            current.put(e);
            size += e.byteLength();
        }
        return parts;
    }

    /** For tests: a smaller conversion step exercises the chunked paths on small tensors. */
    SafeTensorsWriter chunkElements(int n) {
        this.chunkElements = n;
        return this;
    }

    /** Writes everything added so far to {@code file}, atomically (temp sibling, fsync, rename). */
    public void write(Path file) {
        List<Entry> dataOrder = new ArrayList<>(entries.values());
        dataOrder.sort(Comparator.comparingInt((Entry e) -> -e.dtype().byteSize()));
        Map<String, long[]> offsets = new LinkedHashMap<>();
        long at = 0;
        for (Entry e : dataOrder) {
            offsets.put(e.name(), new long[] {at, at + e.byteLength()});
            at += e.byteLength();
        }
        byte[] header = headerBytes(offsets);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = AtomicFiles.tempSibling(file);   // the umask's mode, not createTempFile's 0600
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
                    prefix.putLong(header.length).put(header).flip();
                    writeFully(ch, prefix);
                    for (Entry e : dataOrder) {
                        writeData(ch, e);
                    }
                    ch.force(true);
                }
                AtomicFiles.moveAtomically(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write safetensors file " + file, e);
        }
    }

    /** Convenience: writes {@code tensors} in map order, all as {@code dtype}. */
    public static void write(Path file, SequencedMap<String, NDArray> tensors, DType dtype) {
        SafeTensorsWriter w = new SafeTensorsWriter();
        tensors.forEach((name, array) -> w.add(name, array, dtype));
        w.write(file);
    }

    /** Compact JSON, {@code __metadata__} first, padded with spaces so the data section starts 8-aligned. */
    private byte[] headerBytes(Map<String, long[]> offsets) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode meta = root.putObject("__metadata__");
        metadata.forEach(meta::put);
        for (Entry e : entries.values()) {
            ObjectNode t = root.putObject(e.name());
            t.put("dtype", e.dtype().hfName());
            var shape = t.putArray("shape");
            for (long d : e.shape().getShape()) {
                shape.add(d);
            }
            long[] o = offsets.get(e.name());
            t.putArray("data_offsets").add(o[0]).add(o[1]);
        }
        String json;
        try {
            json = JSON.writeValueAsString(root);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        int padded = (raw.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(raw, 0, out, 0, raw.length);
        java.util.Arrays.fill(out, raw.length, padded, (byte) ' ');
        return out;
    }

    private void writeData(FileChannel ch, Entry e) throws IOException {
        if (e.values() != null) {
            writeFloats(ch, FloatBuffer.wrap(e.values()), e.dtype());
            return;
        }
        NDArray array = e.array();
        try (NDManager scope = array.getManager().newSubManager()) {
            scope.tempAttachAll(array); // every intermediate below lands in scope and is freed with it
            NDArray f32 = array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
            NDArray flat = f32.toDevice(Device.cpu(), false).reshape(-1); // [n]
            long n = flat.size();
            // A Java buffer holds at most 2 GB, so a huge tensor goes out in pieces of a flat view.
            long piece = (long) chunkElements * 64;
            for (long from = 0; from < n; from += piece) {
                NDArray part = n <= piece ? flat : flat.get(new NDIndex().addSliceDim(from, Math.min(n, from + piece)));
                ByteBuffer bytes = part.toByteBuffer(true).order(ByteOrder.nativeOrder());
                if (e.dtype() == DType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
                    writeFully(ch, bytes); // already the on-disk layout
                } else {
                    writeFloats(ch, bytes.asFloatBuffer(), e.dtype());
                }
            }
        }
    }

    /** Converts and writes the remaining floats of {@code src} through a bounded scratch buffer. */
    private void writeFloats(FileChannel ch, FloatBuffer src, DType dtype) throws IOException {
        int chunk = Math.max(1, Math.min(chunkElements, src.remaining()));
        ByteBuffer scratch = ByteBuffer.allocate(chunk * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        while (src.hasRemaining()) {
            int count = Math.min(chunk, src.remaining());
            scratch.clear();
            TensorCodec.encode(dtype, src, scratch, count);
            scratch.flip();
            writeFully(ch, scratch);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
