package dk.snaklib.tune;

/**
 * One packed training sequence, laid out as Hugging Face's {@code input_ids} and {@code labels}: same length,
 * same positions (the model shifts them itself), {@link #IGNORE} where no loss is taken.
 */
public record PackedChunk(int[] inputIds, int[] labels) {
    /** The label of a masked position, PyTorch's {@code CrossEntropyLoss(ignore_index=-100)} default. */
    public static final int IGNORE = -100;

    public PackedChunk {
        if (inputIds.length != labels.length) {
            throw new IllegalArgumentException(inputIds.length + " input ids but " + labels.length + " labels");
        }
    }

    /**
     * Targets for next-token prediction at each input position, as HF's loss pairs them
     * ({@code logits[:, :-1]} with {@code labels[:, 1:]}): {@code labels[t + 1]}, and IGNORE at the last position.
     */
    public int[] nextTokenTargets() {
        int[] out = new int[labels.length];
        System.arraycopy(labels, 1, out, 0, labels.length - 1);
        out[labels.length - 1] = IGNORE;
        return out;
    }

    /** Number of positions that carry loss. */
    public int lossTokens() {
        int n = 0;
        for (int l : labels) {
            n += l == IGNORE ? 0 : 1;
        }
        return n;
    }
}
