package dk.snaklib.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dk.snaklib.util.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code .safetensors} file, opened for reading: the header is parsed and validated on open, tensor data is
 * memory-mapped per tensor on demand (so files above 2 GB work: no single mapping spans the file).
 *
 * <pre>{@code
 * try (var st = SafeTensorsFile.open(path); var nd = NDManager.newBaseManager("PyTorch")) {
 *     NDArray wq = st.loadF32(nd, "model.layers.0.self_attn.q_proj.weight"); // [heads*headDim, hidden]
 * }
 * }</pre>
 */
public final class SafeTensorsFile implements TensorReader {
    /** Elements widened per step on the chunked path (64 MB of float32). */
    static final int CHUNK_ELEMENTS = 1 << 24;

    private final Path file;
    private final FileChannel channel;
    private final SafeTensorsHeader header;
    private final Map<String, TensorInfo> byName = new LinkedHashMap<>();

    private SafeTensorsFile(Path file, FileChannel channel, SafeTensorsHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        header.tensors().forEach(t -> byName.put(t.name(), t));
    }

    /** Opens and validates {@code file}; any defect is a BadInputException naming the file and the tensor. */
    public static SafeTensorsFile open(Path file) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "safetensors file is missing");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot open safetensors file: " + e, e);
        }
        try {
            long size = ch.size();
            ByteBuffer first8 = ByteBuffer.allocate(8);
            if (size >= 8) {
                readFully(ch, first8, 0);
            }
            long n = SafeTensorsHeader.headerLength(first8, size, file);
            ByteBuffer json = ByteBuffer.allocate((int) n);
            readFully(ch, json, 8);
            SafeTensorsHeader header = SafeTensorsHeader.parse(json.array(), size - 8 - n, file);
            return new SafeTensorsFile(file, ch, header);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new BadInputException(file, "cannot read safetensors file: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    public Path path() {
        return file;
    }

    public SafeTensorsHeader header() {
        return header;
    }

    @Override
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    @Override
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException(file + ": no tensor \"" + name + "\"");
        }
        return t;
    }

    @Override
    public Map<String, String> metadata() {
        return header.metadata();
    }

    @Override
    public NDArray loadF32(NDManager manager, String name) {
        return loadF32(manager, name, CHUNK_ELEMENTS);
    }

    /**
     * F32 and F16 go from the mapped bytes straight into the engine: a tensor aliasing the mapping, then one
     * copy (duplicate / toType) into memory the engine owns, so the result outlives the mapping and frees on
     * close. Everything else (BF16 above all: the engine aborts on bf16) is widened in Java, chunk by chunk.
     */
    NDArray loadF32(NDManager manager, String name, int chunkElements) {
        TensorInfo t = info(name);
        long n = t.elementCount();
        if (n == 0) {
            return manager.zeros(t.shape(), DataType.FLOAT32);
        }
        boolean engineCanRead = t.dtype() == DType.F32 || t.dtype() == DType.F16;
        if (engineCanRead && t.byteLength() <= Integer.MAX_VALUE - 8) {
            ByteBuffer mapped = map(t.begin(), t.byteLength());
            DataType stored = t.dtype() == DType.F32 ? DataType.FLOAT32 : DataType.FLOAT16;
            try (NDArray alias = manager.create(mapped, t.shape(), stored)) {
                return t.dtype() == DType.F32 ? alias.duplicate() : alias.toType(DataType.FLOAT32, true);
            }
        }
        return loadChunked(manager, t, chunkElements);
    }

    /** Widens in Java into a reused direct buffer and copies each chunk into a flat engine tensor. */
    private NDArray loadChunked(NDManager manager, TensorInfo t, int chunkElements) {
        long n = t.elementCount();
        int chunk = (int) Math.min(n, chunkElements);
        ByteBuffer scratch = ByteBuffer.allocateDirect(chunk * 4).order(ByteOrder.nativeOrder());
        NDArray flat = manager.create(new Shape(n), DataType.FLOAT32); // [n], filled below
        try {
            for (long from = 0; from < n; from += chunk) {
                int count = (int) Math.min(chunk, n - from);
                scratch.clear();
                decodeRange(t, from, count, scratch.asFloatBuffer());
                scratch.limit(count * 4);
                try (NDManager step = manager.newSubManager()) { // frees the chunk's array every step
                    NDArray part = step.create(scratch, new Shape(count), DataType.FLOAT32);
                    flat.set(new NDIndex().addSliceDim(from, from + count), part);
                }
            }
            NDArray shaped = flat.reshape(t.shape());
            flat.close(); // the reshaped view keeps the storage alive
            return shaped;
        } catch (RuntimeException e) {
            flat.close();
            throw e;
        }
    }

    @Override
    public float[] readFloats(String name) {
        TensorInfo t = info(name);
        if (t.elementCount() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(file + ": tensor \"" + name + "\" has " + t.elementCount()
                    + " elements, too many for a Java array; use loadF32");
        }
        float[] out = new float[(int) t.elementCount()];
        FloatBuffer dst = FloatBuffer.wrap(out);
        for (long from = 0; from < out.length; from += CHUNK_ELEMENTS) {
            int count = (int) Math.min(CHUNK_ELEMENTS, out.length - from);
            decodeRange(t, from, count, dst);
        }
        return out;
    }

    /** Decodes elements [from, from+count) of {@code t} into {@code dst} at its position. */
    private void decodeRange(TensorInfo t, long from, int count, FloatBuffer dst) {
        int size = t.dtype().byteSize();
        ByteBuffer src = map(t.begin() + from * size, (long) count * size);
        TensorCodec.decode(t.dtype(), src, dst, count);
    }

    /** Maps {@code length} bytes at {@code offset} within the data section, little-endian. */
    private ByteBuffer map(long offset, long length) {
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + offset, length)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file, e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        while (dst.hasRemaining()) {
            int r = ch.read(dst, position + dst.position());
            if (r < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing with a better message
        }
    }

    @Override
    public void close() {
        try {
            channel.close(); // mappings stay valid until collected; arrays we returned own their memory
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    @Override
    public String toString() {
        return "SafeTensorsFile[" + file + ", " + byName.size() + " tensors]";
    }
}
