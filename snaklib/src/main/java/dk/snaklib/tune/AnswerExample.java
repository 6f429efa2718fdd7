package dk.snaklib.tune;

/**
 * One held-out pair as the model scores it: {@code inputs} = BOS (if the tokenizer adds one), the formatted text,
 * EOS, without the last token; {@code targets} = the next token at each position where that token is part of the
 * answer, {@link PackedChunk#IGNORE} elsewhere (prompt, template text, BOS and the closing EOS carry no loss).
 */
public record AnswerExample(long[] inputs, long[] targets, int lossTokens) {
    public AnswerExample {
        if (inputs.length != targets.length || inputs.length == 0) {
            throw new IllegalArgumentException(inputs.length + " inputs but " + targets.length + " targets");
        }
    }
}
