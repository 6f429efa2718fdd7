package dk.snaklib.corpus.megatron;

/** Token element types of a Megatron-LM indexed dataset, with the codes its .idx header uses. */
public enum MegatronDtype {
    UINT8(1, 1), INT8(2, 1), INT16(3, 2), INT32(4, 4), INT64(5, 8), UINT16(8, 2);

    /** The code in the .idx header. */
    public final int code;
    /** Bytes per token. */
    public final int bytes;

    MegatronDtype(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** uint16 for vocabularies up to 65,536 tokens (Llama-2: 32,000), else int32, as Megatron chooses. */
    public static MegatronDtype forVocabulary(int vocabSize) {
        return vocabSize <= 65_536 ? UINT16 : INT32;
    }

    public static MegatronDtype ofCode(int code) {
        for (MegatronDtype d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown Megatron dtype code " + code);
    }
}
