package dk.snaklib.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dk.snaklib.util.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code meta.json} of a {@link TokenShards} directory: how to read {@code train.bin} and {@code val.bin}, and
 * where their tokens came from. Written with snake_case keys.
 *
 * @param format            always {@value #FORMAT}
 * @param version           layout version, 1
 * @param dtype             "uint16" (vocab_size <= 65536) or "uint32", little-endian
 * @param seqLen            model context: inputs and targets are each seq_len tokens
 * @param tokensPerSequence seq_len + 1 tokens stored per sequence (inputs = first seq_len, targets = last seq_len)
 * @param trainSequences    sequences in train.bin
 * @param valSequences      sequences in val.bin
 * @param vocabSize         tokenizer vocabulary size (largest id + 1)
 * @param eosId             the id appended after every document
 * @param tokenizerSha256   SHA-256 of the tokenizer.json that encoded the text
 * @param documents         documents read
 * @param totalTokens       tokens produced, EOS included
 * @param droppedTokens     tokens at the end too few to fill one more sequence
 * @param seed              seed of the sequence shuffle
 * @param valFraction       requested share of sequences for validation (the actual share when a count was given)
 * @param valSplit          "sequences": val holds whole packed sequences taken after the shuffle
 * @param sources           per source (a corpus file's source, or a text file's name): documents and tokens packed,
 *                          their share of all tokens, documents skipped past the source's token budget; sorted by
 *                          name. Absent (null) in shards written before sources were recorded.
 */
public record ShardMeta(String format, int version, String dtype, int seqLen, int tokensPerSequence,
                        long trainSequences, long valSequences, int vocabSize, int eosId, String tokenizerSha256,
                        long documents, long totalTokens, long droppedTokens, long seed, double valFraction,
                        String valSplit, Map<String, SourceTokens> sources) {
    /**
     * What one source put into the shards.
     *
     * @param documents        documents packed
     * @param tokens           their tokens, EOS included
     * @param share            tokens / total_tokens of the shards
     * @param skippedDocuments documents left out because the source had reached its token budget
     * @param tokenBudget      the source's token budget (0: none)
     */
    public record SourceTokens(long documents, long tokens, double share, long skippedDocuments, long tokenBudget) {}

    public static final String FORMAT = "snaklab-token-shards";
    public static final String FILE = "meta.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The dtype that holds every id of a vocabulary of this size. */
    static String dtypeFor(int vocabSize) {
        return vocabSize <= 65536 ? "uint16" : "uint32";
    }

    /** Bytes per stored token. */
    public int bytesPerToken() {
        return "uint16".equals(dtype) ? 2 : 4;
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads and checks {@code dir/meta.json}; every problem names the file. */
    static ShardMeta read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "missing: " + dir + " is not a token shard directory");
        }
        ShardMeta meta;
        try {
            meta = JSON.readValue(file.toFile(), ShardMeta.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "not a valid meta.json: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e, e);
        }
        if (!FORMAT.equals(meta.format)) {
            throw new BadInputException(file, "format is " + meta.format + ", expected " + FORMAT);
        }
        if (!"uint16".equals(meta.dtype) && !"uint32".equals(meta.dtype)) {
            throw new BadInputException(file, "dtype is " + meta.dtype + ", expected uint16 or uint32");
        }
        if (meta.seqLen < 1 || meta.tokensPerSequence != meta.seqLen + 1) {
            throw new BadInputException(file, "seq_len " + meta.seqLen + " and tokens_per_sequence "
                    + meta.tokensPerSequence + " disagree: expected tokens_per_sequence = seq_len + 1 >= 2");
        }
        if (meta.trainSequences < 0 || meta.valSequences < 0) {
            throw new BadInputException(file, "negative sequence count");
        }
        return meta;
    }
}
