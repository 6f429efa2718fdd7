package dk.snaklib.tune;

/**
 * Settings of {@link ConstantLengthPacker}, named after TRL's {@code ConstantLengthDataset} / {@code SFTConfig}.
 *
 * @param seqLength          tokens per packed chunk ({@code max_seq_length}; the study: 4,096)
 * @param numOfSequences     chunks' worth of text per buffer ({@code num_of_sequences}, TRL's default 1,024)
 * @param charsPerToken      the buffer-size estimate ({@code chars_per_token}, TRL's default 3.6): a buffer is
 *                           filled until its texts hold {@code seqLength * charsPerToken * numOfSequences} characters
 * @param shuffle            shuffle the chunks of each buffer (TRL's {@code shuffle=True})
 * @param shuffleBufferTexts also shuffle each buffer's texts before tokenizing, as TRL 0.11-0.13 do (0.9 and 0.10
 *                           shuffle only the chunks; the study left TRL unpinned)
 * @param seed               seed of the Python-compatible generator both shuffles draw from in turn
 * @param lossMask           which labels carry loss
 */
public record PackingConfig(int seqLength, int numOfSequences, double charsPerToken, boolean shuffle,
        boolean shuffleBufferTexts, long seed, LossMask lossMask) {

    public PackingConfig {
        if (seqLength < 2) {
            throw new IllegalArgumentException("seqLength must be at least 2, not " + seqLength);
        }
        if (numOfSequences < 1 || !(charsPerToken > 0) || Double.isInfinite(charsPerToken)) {
            throw new IllegalArgumentException("numOfSequences must be >= 1 and charsPerToken finite and > 0, not "
                    + numOfSequences + " and " + charsPerToken);
        }
    }

    /** The study's packing: 4,096 tokens, TRL's defaults, seed 42, whole-sequence loss with EOS masked. */
    public static PackingConfig study() {
        return of(4096);
    }

    /** TRL's defaults at another sequence length (seed 42, the study's loss mask). */
    public static PackingConfig of(int seqLength) {
        return new PackingConfig(seqLength, 1024, 3.6, true, false, 42, LossMask.study());
    }

    public PackingConfig withLossMask(LossMask mask) {
        return new PackingConfig(seqLength, numOfSequences, charsPerToken, shuffle, shuffleBufferTexts, seed, mask);
    }

    public PackingConfig withSeed(long newSeed) {
        return new PackingConfig(seqLength, numOfSequences, charsPerToken, shuffle, shuffleBufferTexts, newSeed, lossMask);
    }

    public PackingConfig withBuffer(int sequences, double chars) {
        return new PackingConfig(seqLength, sequences, chars, shuffle, shuffleBufferTexts, seed, lossMask);
    }

    public PackingConfig withShuffle(boolean chunks, boolean bufferTexts) {
        return new PackingConfig(seqLength, numOfSequences, charsPerToken, chunks, bufferTexts, seed, lossMask);
    }

    /** TRL's {@code max_buffer_size}, in Python characters (code points). */
    public double maxBufferChars() {
        return seqLength * charsPerToken * numOfSequences;
    }
}
