package dk.snaklib.tune;

/**
 * One instruction pair rendered by a {@link PromptTemplate}: the text the model trains on, and where the answer
 * ({@code targets}) sits in it, so answer-only loss can find its tokens.
 *
 * @param text        the formatted text (no BOS or EOS: tokenization and packing add those)
 * @param answerStart UTF-16 index of the first character of the answer in {@code text}
 * @param answerEnd   UTF-16 index just past the answer
 */
public record FormattedExample(String text, int answerStart, int answerEnd) {
    public FormattedExample {
        if (answerStart < 0 || answerEnd < answerStart || answerEnd > text.length()) {
            throw new IllegalArgumentException("answer span [" + answerStart + ", " + answerEnd + ") outside a text of "
                    + text.length() + " chars");
        }
    }

    /** The answer as it appears in the text. */
    public String answer() {
        return text.substring(answerStart, answerEnd);
    }

    /** Length as Python's {@code len(text)} counts it (code points): what TRL's packing buffer adds up. */
    public int pythonLength() {
        return text.codePointCount(0, text.length());
    }
}
