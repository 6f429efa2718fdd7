package dk.snaklib.tokenizer;

import dk.snaklib.corpus.Document;
import dk.snaklib.util.AtomicFiles;
import dk.snaklib.util.BadInputException;
import dk.snaklib.util.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Packs documents into fixed-length training sequences and writes a {@link TokenShards} directory.
 *
 * <ol>
 *   <li>Encode each document (no special tokens), append EOS, and concatenate everything.
 *   <li>Cut the stream into consecutive, non-overlapping sequences of {@code seqLen + 1} tokens; a last partial
 *       sequence is dropped (its size is recorded as {@code dropped_tokens}).
 *   <li>Shuffle the sequences with {@code new Random(seed)} (its algorithm is fixed by the JDK spec, so every
 *       JVM gives the same order), put the first {@code valCount} in {@code val.bin}, the rest in
 *       {@code train.bin}. Validation is made of whole <em>sequences</em>, not whole documents: a long document
 *       may contribute to both splits, but even a corpus of one document gets a validation set.
 * </ol>
 * Tokens go to a scratch file first, so memory holds only one int per sequence, not the corpus. Everything is
 * written into a temporary sibling directory that is renamed into place at the end.
 */
public final class TokenShardWriter {
    private final HfTokenizer tokenizer;
    private int seqLen = 256;
    private double valFraction = 0.05;
    private long valSequences = -1;
    private long seed = 1234;
    private boolean showProgress = true;
    private Map<String, Long> tokenBudgets = Map.of();

    TokenShardWriter(HfTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Tokens the model sees per sequence (default 256); each stored sequence has one more, for the targets. */
    public TokenShardWriter seqLen(int seqLen) {
        if (seqLen < 1) {
            throw new IllegalArgumentException("seqLen must be >= 1, got " + seqLen);
        }
        this.seqLen = seqLen;
        return this;
    }

    /** Share of sequences held out for validation (default 0.05); at least one when there are two or more. */
    public TokenShardWriter valFraction(double valFraction) {
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new IllegalArgumentException("valFraction must be in [0, 1), got " + valFraction);
        }
        this.valFraction = valFraction;
        return this;
    }

    /** Exact number of validation sequences instead of a fraction (capped so one training sequence remains). */
    public TokenShardWriter valSequences(long count) {
        this.valSequences = count;
        return this;
    }

    /** Seed of the sequence shuffle (default 1234). */
    public TokenShardWriter seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Per source, the tokens (EOS included) to pack at most: once a source has reached its budget, its further
     * documents are skipped and counted ({@link ShardMeta.SourceTokens#skippedDocuments}); the document that crosses
     * the budget is kept whole. Sources not named have no budget.
     */
    public TokenShardWriter tokenBudgets(Map<String, Long> budgets) {
        budgets.forEach((source, n) -> {
            if (n == null || n < 1) {
                throw new IllegalArgumentException("token budget of source " + source + " must be >= 1, got " + n);
            }
        });
        this.tokenBudgets = Map.copyOf(budgets);
        return this;
    }

    public TokenShardWriter showProgress(boolean showProgress) {
        this.showProgress = showProgress;
        return this;
    }

    /** Packs the documents of text files (see {@link TextDocuments}) into {@code dir}; each file is a source. */
    public ShardMeta write(List<Path> files, Path dir) {
        String name = files.size() == 1 ? files.get(0).toString() : files.size() + " files " + files;
        try (Stream<Document> docs = TextDocuments.documents(files)) {
            return writeDocuments(docs.iterator(), name, dir);
        }
    }

    /** Packs texts into {@code dir} as one source named {@code corpusName} (which also appears in errors). */
    public ShardMeta write(Iterator<String> documents, String corpusName, Path dir) {
        long[] n = {0};
        Iterator<Document> docs = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return documents.hasNext();
            }

            @Override
            public Document next() {
                return new Document(Long.toString(++n[0]), corpusName, documents.next());
            }
        };
        return writeDocuments(docs, corpusName, dir);
    }

    /**
     * Packs documents into {@code dir}, replacing what is there, counting tokens per {@link Document#source()};
     * {@code corpusName} appears in errors.
     */
    public ShardMeta writeDocuments(Iterator<Document> documents, String corpusName, Path dir) {
        Path target = dir.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + System.nanoTime());
        try {
            Files.createDirectories(tmp);
            ShardMeta meta = writeInto(documents, corpusName, tmp);
            replaceDirectory(tmp, target);
            return meta;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write token shards to " + target, e);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }

    private ShardMeta writeInto(Iterator<Document> documents, String corpusName, Path tmp) throws IOException {
        int eos = tokenizer.requireEosId();
        int vocabSize = tokenizer.vocabSize();
        String dtype = ShardMeta.dtypeFor(vocabSize);
        int bytesPerToken = "uint16".equals(dtype) ? 2 : 4;
        int perSeq = seqLen + 1;
        long seqBytes = (long) perSeq * bytesPerToken;

        // 1-2: encode, append EOS, cut into sequences in the order they come.
        Path all = tmp.resolve("all.tmp");
        long documentCount = 0;
        long totalTokens = 0;
        long sequences;
        int[] pending = new int[perSeq];
        int filled = 0;
        Map<String, long[]> perSource = new TreeMap<>(); // source -> {documents, tokens, skipped}
        try (TokenOut out = new TokenOut(all, bytesPerToken)) {
            while (documents.hasNext()) {
                Document doc = documents.next();
                long[] counts = perSource.computeIfAbsent(doc.source(), s -> new long[3]);
                long budget = tokenBudgets.getOrDefault(doc.source(), 0L);
                if (budget > 0 && counts[1] >= budget) {
                    counts[2]++;
                    continue;
                }
                int[] ids = tokenizer.encode(doc.text());
                documentCount++;
                totalTokens += ids.length + 1;
                counts[0]++;
                counts[1] += ids.length + 1;
                for (int i = 0; i <= ids.length; i++) {
                    pending[filled++] = i < ids.length ? ids[i] : eos;
                    if (filled == perSeq) {
                        out.write(pending);
                        filled = 0;
                    }
                }
            }
            sequences = out.sequences;
        }
        if (sequences == 0) {
            throw new BadInputException(null, "corpus " + corpusName + ": too small for one sequence: its "
                    + documentCount + " documents give " + totalTokens + " tokens (EOS included), but one sequence"
                    + " needs seq_len + 1 = " + perSeq + ". Add text or lower seqLen.");
        }

        // 3: shuffle, split, write.
        int[] order = shuffled(sequences, seed);
        long val = valCount(sequences);
        Progress progress = showProgress ? new Progress("token shards", sequences, "seqs") : null;
        try (FileChannel in = FileChannel.open(all, StandardOpenOption.READ)) {
            ByteBuffer seq = ByteBuffer.allocate((int) seqBytes);
            copy(in, seq, order, 0, val, tmp.resolve(TokenShards.VAL), progress, 0);
            copy(in, seq, order, val, sequences, tmp.resolve(TokenShards.TRAIN), progress, val);
        }
        Files.delete(all);
        ShardMeta meta = new ShardMeta(ShardMeta.FORMAT, 1, dtype, seqLen, perSeq, sequences - val, val, vocabSize,
                eos, tokenizer.sha256(), documentCount, totalTokens, filled, seed,
                valSequences >= 0 ? (double) val / sequences : valFraction, "sequences", sources(perSource, totalTokens));
        AtomicFiles.writeString(tmp.resolve(ShardMeta.FILE), meta.toJson());
        return meta;
    }

    private Map<String, ShardMeta.SourceTokens> sources(Map<String, long[]> perSource, long totalTokens) {
        Map<String, ShardMeta.SourceTokens> out = new TreeMap<>();
        perSource.forEach((source, c) -> out.put(source, new ShardMeta.SourceTokens(c[0], c[1],
                totalTokens == 0 ? 0 : (double) c[1] / totalTokens, c[2], tokenBudgets.getOrDefault(source, 0L))));
        for (String budgeted : tokenBudgets.keySet()) {
            if (!out.containsKey(budgeted)) {
                throw new IllegalArgumentException("token budget for source " + budgeted + ", but no document came from it"
                        + " (sources: " + out.keySet() + ")");
            }
        }
        return out;
    }

    /** How many sequences go to validation: requested count or fraction, >= 1 if possible, leaving >= 1 to train. */
    long valCount(long sequences) {
        long wanted = valSequences >= 0 ? valSequences : Math.round(valFraction * sequences);
        if (valSequences < 0 && valFraction > 0) {
            wanted = Math.max(1, wanted);
        }
        return Math.max(0, Math.min(wanted, sequences - 1));
    }

    /** Fisher-Yates shuffle of 0..n-1 with java.util.Random, whose sequence is specified by the JDK. */
    static int[] shuffled(long n, long seed) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many sequences for one shard directory: " + n);
        }
        int[] order = new int[(int) n];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static void copy(FileChannel in, ByteBuffer seq, int[] order, long from, long to, Path file,
                             Progress progress, long doneBefore) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long k = from; k < to; k++) {
                seq.clear();
                long pos = (long) order[(int) k] * seq.capacity();
                while (seq.hasRemaining()) {
                    if (in.read(seq, pos + seq.position()) < 0) {
                        throw new IOException("scratch file ended early");
                    }
                }
                seq.flip();
                while (seq.hasRemaining()) {
                    out.write(seq);
                }
                if (progress != null) {
                    progress.update(doneBefore + k - from + 1, "");
                }
            }
            out.force(true);
        }
    }

    /** Puts {@code from} where {@code to} is: renames an old {@code to} aside first, then deletes it. */
    private static void replaceDirectory(Path from, Path to) throws IOException {
        Path old = null;
        if (Files.exists(to)) {
            old = to.resolveSibling("." + to.getFileName() + ".old-" + System.nanoTime());
            Files.move(to, old);
        }
        AtomicFiles.moveAtomically(from, to);
        if (old != null) {
            AtomicFiles.deleteTree(old);
        }
    }

    /** Appends whole sequences to a file as little-endian uint16 or uint32. */
    private static final class TokenOut implements AutoCloseable {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final int bytesPerToken;
        long sequences;

        TokenOut(Path file, int bytesPerToken) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.bytesPerToken = bytesPerToken;
        }

        void write(int[] tokens) throws IOException {
            for (int t : tokens) {
                if (buffer.remaining() < bytesPerToken) {
                    flush();
                }
                if (bytesPerToken == 2) {
                    buffer.putShort((short) t);
                } else {
                    buffer.putInt(t);
                }
            }
            sequences++;
        }

        private void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        @Override
        public void close() throws IOException {
            flush();
            channel.close();
        }
    }
}
