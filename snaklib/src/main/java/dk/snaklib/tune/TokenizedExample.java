package dk.snaklib.tune;

/**
 * One formatted example as token ids, with the special tokens the tokenizer adds (Llama's BOS) and without the
 * EOS packing appends.
 *
 * @param ids    token ids
 * @param answer per token: does it overlap the answer's characters (for {@link LossMask#ANSWER_ONLY})
 */
public record TokenizedExample(int[] ids, boolean[] answer) {
    public TokenizedExample {
        if (ids.length != answer.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + answer.length + " answer flags");
        }
    }

    /** An example whose tokens are all prompt (no answer flags): enough for the whole-sequence masks. */
    public static TokenizedExample of(int... ids) {
        return new TokenizedExample(ids, new boolean[ids.length]);
    }
}
