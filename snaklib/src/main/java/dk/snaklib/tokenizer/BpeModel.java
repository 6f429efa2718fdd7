package dk.snaklib.tokenizer;

import dk.snaklib.util.AtomicFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link BpeTrainer} learns: a byte-level BPE vocabulary and its merges in rank order.
 *
 * <p>Id layout: special tokens first ({@code 0..k-1}, in the order given to the trainer), then the 256 byte
 * tokens in byte order (byte {@code b} has id {@code k + b}), then one token per learned merge.
 *
 * @param specialTokens the special tokens, which are also {@code vocab.subList(0, k)}
 * @param vocab         token spelling by id; byte tokens use the {@link ByteLevel} alphabet
 * @param merges        merge rules, rank 0 first; each joins two vocabulary tokens into a third
 */
public record BpeModel(List<String> specialTokens, List<String> vocab, List<Merge> merges) {

    /** One merge rule: {@code left + right} becomes a single token. */
    public record Merge(String left, String right) {}

    public BpeModel {
        specialTokens = List.copyOf(specialTokens);
        vocab = List.copyOf(vocab);
        merges = List.copyOf(merges);
    }

    public int vocabSize() {
        return vocab.size();
    }

    /** The Hugging Face {@code tokenizer.json} text for this model. */
    public String toTokenizerJson() {
        return TokenizerJson.write(this);
    }

    /** Writes {@code tokenizer.json} atomically; a file name is used as given, a directory gets tokenizer.json. */
    public Path save(Path fileOrDir) {
        Path file = fileOrDir.toString().endsWith(".json") ? fileOrDir : fileOrDir.resolve("tokenizer.json");
        AtomicFiles.writeString(file, toTokenizerJson());
        return file;
    }
}
