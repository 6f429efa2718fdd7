package dk.snaklib.tune;

import java.util.List;

/** Turns formatted examples into token ids the way TRL's packing calls the tokenizer ({@code add_special_tokens=True}). */
@FunctionalInterface
public interface ExampleTokenizer {
    /** One {@link TokenizedExample} per example, in order. */
    List<TokenizedExample> tokenize(List<FormattedExample> examples);
}
