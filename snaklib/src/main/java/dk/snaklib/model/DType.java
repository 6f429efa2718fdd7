package dk.snaklib.model;

/**
 * Element types of the safetensors format, named as in its header ({@code "dtype": "BF16"}).
 * Only these ten are accepted; anything else in a header is bad input.
 */
public enum DType {
    F64(8, "float64"),
    F32(4, "float32"),
    F16(2, "float16"),
    BF16(2, "bfloat16"),
    I64(8, "int64"),
    I32(4, "int32"),
    I16(2, "int16"),
    I8(1, "int8"),
    U8(1, "uint8"),
    BOOL(1, "bool");

    private final int byteSize;
    private final String torchName;

    DType(int byteSize, String torchName) {
        this.byteSize = byteSize;
        this.torchName = torchName;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The name in a safetensors header ("F32", "BF16", ...). */
    public String hfName() {
        return name();
    }

    /** The name HF writes as {@code torch_dtype} in config.json ("float32", "bfloat16", ...). */
    public String torchName() {
        return torchName;
    }

    /** True for the floating-point types (F64, F32, F16, BF16). */
    public boolean isFloating() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /** The type named {@code hfName} in a safetensors header, or null if the format has no such type. */
    public static DType fromHfName(String hfName) {
        for (DType t : values()) {
            if (t.name().equals(hfName)) {
                return t;
            }
        }
        return null;
    }
}
