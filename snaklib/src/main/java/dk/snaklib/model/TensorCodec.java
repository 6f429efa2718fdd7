package dk.snaklib.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Element conversions between safetensors bytes (little-endian) and float32, done in Java.
 *
 * <p>Why in Java: DJL's PyTorch engine aborts the process on any bfloat16 cast, so BF16 never reaches the engine;
 * integer and F64 tensors are rare in checkpoints and simplest to widen here. F32 and F16 go through the engine.
 */
final class TensorCodec {
    private TensorCodec() {}

    /** bfloat16 bits -> float32: bf16 is the top half of a float32, so this is exact. */
    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** float32 -> bfloat16 bits, rounding to nearest, ties to even; every NaN becomes 0x7fc0 (both as torch does). */
    static short floatToBf16(float f) {
        int x = Float.floatToRawIntBits(f);
        if ((x & 0x7fffffff) > 0x7f800000) {
            return (short) 0x7fc0;
        }
        int lsb = (x >>> 16) & 1;
        return (short) ((x + 0x7fff + lsb) >>> 16);
    }

    /** float32 -> float16 bits, ties to even (Java's Float.floatToFloat16 follows IEEE 754 rounding). */
    static short floatToF16(float f) {
        return Float.floatToFloat16(f);
    }

    static float f16ToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    /**
     * Widens {@code count} elements of {@code dtype} read from {@code src} (at its position, advanced) into
     * {@code dst} (at its position, advanced). Integers and booleans become their float value.
     */
    static void decode(DType dtype, ByteBuffer src, FloatBuffer dst, int count) {
        ByteBuffer in = src.order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> {
                FloatBuffer f = in.asFloatBuffer();
                f.limit(count);
                dst.put(f);
                in.position(in.position() + 4 * count);
            }
            case F16 -> { for (int i = 0; i < count; i++) dst.put(f16ToFloat(in.getShort())); }
            case BF16 -> { for (int i = 0; i < count; i++) dst.put(bf16ToFloat(in.getShort())); }
            case F64 -> { for (int i = 0; i < count; i++) dst.put((float) in.getDouble()); }
            case I64 -> { for (int i = 0; i < count; i++) dst.put((float) in.getLong()); }
            case I32 -> { for (int i = 0; i < count; i++) dst.put((float) in.getInt()); }
            case I16 -> { for (int i = 0; i < count; i++) dst.put(in.getShort()); }
            case I8 -> { for (int i = 0; i < count; i++) dst.put(in.get()); }
            case U8 -> { for (int i = 0; i < count; i++) dst.put(in.get() & 0xff); }
            case BOOL -> { for (int i = 0; i < count; i++) dst.put(in.get() != 0 ? 1f : 0f); }
        }
    }

    /**
     * Narrows {@code count} floats from {@code src} into {@code dtype} bytes in {@code dst} (little-endian).
     * Only the float types are writable: a checkpoint of ours holds nothing else.
     */
    static void encode(DType dtype, FloatBuffer src, ByteBuffer dst, int count) {
        ByteBuffer out = dst.order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> { for (int i = 0; i < count; i++) out.putFloat(src.get()); }
            case F16 -> { for (int i = 0; i < count; i++) out.putShort(floatToF16(src.get())); }
            case BF16 -> { for (int i = 0; i < count; i++) out.putShort(floatToBf16(src.get())); }
            case F64 -> { for (int i = 0; i < count; i++) out.putDouble(src.get()); }
            default -> throw new IllegalArgumentException("cannot write " + dtype + " tensors from floats; use F32, F16, BF16 or F64");
        }
    }
}
