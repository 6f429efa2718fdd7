package dk.snaklib.tokenizer;

import dk.snaklib.util.BadInputException;
import dk.snaklib.util.Progress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * Trains a byte-level BPE tokenizer (GPT-2 style) on a text corpus, in Java:
 * <ol>
 *   <li>cut special tokens out of each document and split the rest with GPT-2's regex ({@link ByteLevel#SPLIT});
 *   <li>count each distinct pre-token (word) once per occurrence;
 *   <li>starting from the 256 bytes, merge the most frequent adjacent pair until the vocabulary has
 *       {@code vocabSize} tokens ({@link MergeLearner}).
 * </ol>
 * The result is deterministic: the same corpus gives a byte-identical {@code tokenizer.json}.
 *
 * <pre>{@code
 * BpeModel bpe = BpeTrainer.builder().vocabSize(8000).build().train(List.of(corpus));
 * bpe.save(dir);   // dir/tokenizer.json, loadable by HfTokenizer (DJL) and by Hugging Face tokenizers
 * }</pre>
 */
public final class BpeTrainer {
    /** Default special tokens: BOS, EOS, padding (ids 0, 1, 2). Byte-level BPE needs no unknown token. */
    public static final List<String> DEFAULT_SPECIAL_TOKENS = List.of("<s>", "</s>", "<pad>");

    private final int vocabSize;
    private final long minFrequency;
    private final List<String> specialTokens;
    private final boolean showProgress;

    private BpeTrainer(Builder b) {
        this.vocabSize = b.vocabSize;
        this.minFrequency = b.minFrequency;
        this.specialTokens = List.copyOf(b.specialTokens);
        this.showProgress = b.showProgress;
        int base = specialTokens.size() + 256;
        if (vocabSize < base) {
            throw new IllegalArgumentException("vocabSize " + vocabSize + " is below the " + base
                    + " tokens every byte-level vocabulary has (" + specialTokens.size() + " special + 256 bytes)");
        }
        if (specialTokens.stream().distinct().count() != specialTokens.size() || specialTokens.contains("")) {
            throw new IllegalArgumentException("special tokens must be distinct and non-empty: " + specialTokens);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Trains on text files read by {@link TextDocuments} (.txt, .jsonl, optionally .gz). */
    public BpeModel train(List<Path> files) {
        String name = files.size() == 1 ? files.get(0).toString() : files.size() + " files " + files;
        try (Stream<String> docs = TextDocuments.stream(files)) {
            return train(docs.iterator(), name, files.size() == 1 ? files.get(0) : null);
        }
    }

    /** Trains on documents from any source; {@code corpusName} appears in error messages. */
    public BpeModel train(Iterator<String> documents, String corpusName) {
        return train(documents, corpusName, null);
    }

    private BpeModel train(Iterator<String> documents, String corpusName, Path file) {
        Map<String, long[]> wordCounts = new HashMap<>();
        long docs = 0;
        long chars = 0;
        while (documents.hasNext()) {
            String doc = documents.next();
            docs++;
            chars += doc.length();
            BpeEncoder.splitOnSpecials(doc, specialTokens, special -> {}, plain -> {
                Matcher m = ByteLevel.SPLIT.matcher(plain);
                while (m.find()) {
                    wordCounts.computeIfAbsent(m.group(), k -> new long[1])[0]++;
                }
            });
        }
        String where = file != null ? "" : "corpus " + corpusName + ": "; // BadInputException names a file itself
        if (wordCounts.isEmpty()) {
            throw new BadInputException(file, where + "no text to learn from (" + docs + " documents, all empty)");
        }

        if (showProgress) {
            System.err.printf("BPE: %s: %d documents, %d chars, %d distinct words%n", corpusName, docs, chars, wordCounts.size());
        }
        MergeLearner learner = new MergeLearner(wordCounts, specialTokens);
        int base = specialTokens.size() + 256;
        Progress progress = showProgress ? new Progress("BPE merges", vocabSize - base, "tokens") : null;
        int reached = learner.learn(vocabSize, minFrequency, progress);
        if (reached < vocabSize) {
            throw new BadInputException(file, where + "too little text to learn " + (vocabSize - base)
                    + " merges (vocab size " + vocabSize + "): its " + wordCounts.size() + " distinct words ("
                    + docs + " documents, " + chars + " chars) allow only " + (reached - base)
                    + " merges with pairs seen at least " + minFrequency + " times (vocab size " + reached
                    + "). Use vocabSize <= " + reached + ", a lower minFrequency, or more text.");
        }
        return new BpeModel(specialTokens, learner.vocab(), learner.merges());
    }

    /** Options with their defaults. */
    public static final class Builder {
        private int vocabSize = 8000;
        private long minFrequency = 2;
        private List<String> specialTokens = DEFAULT_SPECIAL_TOKENS;
        private boolean showProgress = true;

        /** Final vocabulary size, special and byte tokens included (default 8000). */
        public Builder vocabSize(int vocabSize) {
            this.vocabSize = vocabSize;
            return this;
        }

        /** A pair seen fewer times than this is never merged (default 2: one sighting is noise). */
        public Builder minFrequency(long minFrequency) {
            this.minFrequency = minFrequency;
            return this;
        }

        /** Special tokens, given ids 0..k-1 in this order; the first is BOS, the second EOS by convention. */
        public Builder specialTokens(List<String> specialTokens) {
            this.specialTokens = specialTokens;
            return this;
        }

        /** Print a progress bar to stderr (default true). */
        public Builder showProgress(boolean showProgress) {
            this.showProgress = showProgress;
            return this;
        }

        public BpeTrainer build() {
            return new BpeTrainer(this);
        }
    }
}
