package dk.snaklib.analysis;

/**
 * One vocabulary row's change.
 *
 * @param id    token id (the row)
 * @param token the vocabulary entry, as {@code convert_ids_to_tokens} gives it ({@code ▁Hej}, {@code <0xC3>}); null
 *              without a tokenizer or past its vocabulary
 * @param text  the token decoded alone ({@code Hej}; a lone byte of a UTF-8 sequence decodes to U+FFFD); null as above
 * @param l1    sum over the row of |W_a - W_b|
 */
public record TokenChange(int id, String token, String text, double l1) {}
