package dk.snaklib.tune;

/** Which label positions of a packed chunk carry loss; the others get {@link PackedChunk#IGNORE} (-100). */
public enum LossMask {
    /**
     * The study's effective behaviour: loss on the whole packed sequence, but every EOS label masked, because
     * {@code DataCollatorForLanguageModeling} masks pad positions and the study set {@code pad_token = eos_token}.
     */
    WHOLE_SEQUENCE_EOS_MASKED,
    /** Loss on every token, EOS included (what the study meant if pad had been a token of its own). */
    WHOLE_SEQUENCE,
    /**
     * Loss only on the answer's tokens and on the EOS that closes each example (so the model learns to stop);
     * prompt, template text and BOS are masked. A token that straddles the answer's edge counts as answer.
     */
    ANSWER_ONLY;

    /** The study's default. */
    public static LossMask study() {
        return WHOLE_SEQUENCE_EOS_MASKED;
    }
}
