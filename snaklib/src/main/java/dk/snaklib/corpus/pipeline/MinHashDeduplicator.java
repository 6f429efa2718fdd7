package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;

/**
 * Near-duplicate removal with MinHash LSH, over all sources together like the study (text-dedup: Jaccard 0.85,
 * seed 42, 64 permutations; the dataset card says 128). Like text-dedup, datatrove and BigCode: documents that
 * share a band are candidates, candidates are linked into clusters (connected components, so A~B and B~C put A
 * and C in one cluster even when A and C share no band), and one document per cluster survives, the earliest
 * ({@link NearDuplicateClusters#keeps}). Which one survives is known only when every document is in, so this
 * step decides in two moves: {@link #apply} adds a document to the clusters and passes it on provisionally;
 * {@link #keeps(int)} then says, for the n-th document applied, whether it survives. {@link CorpusPipeline}
 * does the second move after the last source; the Spark engine uses {@link #bandKeys} and its own components.
 */
public final class MinHashDeduplicator implements Step {
    /** The reason in the rejects file. */
    public static final String REASON = "near duplicate";

    /** @param numPerm permutations; @param threshold Jaccard; @param ngram words per shingle; @param seed generator seed */
    public record Config(int numPerm, double threshold, int ngram, long seed) implements java.io.Serializable {
        /** The study's values. */
        public static Config study() {
            return new Config(64, 0.85, 5, 42);
        }
    }

    private final Config config;
    private final MinHasher hasher;
    private final LshParameters lsh;
    private final NearDuplicateClusters clusters;
    private final long[] keys; // the current document's band keys

    public MinHashDeduplicator() {
        this(Config.study());
    }

    public MinHashDeduplicator(Config config) {
        this.config = config;
        this.hasher = new MinHasher(config.numPerm(), config.ngram(), config.seed());
        this.lsh = LshParameters.optimal(config.threshold(), config.numPerm());
        this.clusters = new NearDuplicateClusters(lsh.bands());
        this.keys = new long[lsh.bands()];
    }

    @Override
    public String name() {
        return "minhash";
    }

    public LshParameters parameters() {
        return lsh;
    }

    /** The line the pipeline prints: parameters and the derived bands and rows. */
    public String describe() {
        return String.format("MinHash LSH: %d permutations, Jaccard %.2f, %d-word shingles, seed %d -> %s",
                config.numPerm(), config.threshold(), config.ngram(), config.seed(), lsh);
    }

    /** Adds {@code d} to the clusters and passes it on: provisional, see {@link #keeps(int)}. */
    @Override
    public void apply(Document d, Output out) {
        add(d.text());
        out.keep(d);
    }

    /** Adds a text to the clusters; returns its number (0, 1, 2, ... in the order added). */
    public int add(String text) {
        bandKeys(text, keys);
        return clusters.add(keys);
    }

    /** Whether the {@code n}-th text added survives: the earliest of its cluster. Valid once all are added. */
    public boolean keeps(int n) {
        return clusters.keeps(n);
    }

    /** Texts added so far. */
    public int added() {
        return clusters.size();
    }

    /** The text's band keys: one 64-bit key per band, from its MinHash signature's rows of that band. */
    public long[] bandKeys(String text) {
        long[] out = new long[lsh.bands()];
        bandKeys(text, out);
        return out;
    }

    private void bandKeys(String text, long[] out) {
        int[] sig = hasher.reusedSignature(text);
        for (int band = 0; band < out.length; band++) {
            out[band] = bandKey(sig, band * lsh.rows(), lsh.rows());
        }
    }

    /**
     * A 64-bit fingerprint of {@code sig[from, from + rows)}: two values per step through a multiply-xorshift chain
     * (each step a bijection of the state, so two bands differing in one value differ in their key), half the
     * dependent multiplications of hashing value by value.
     */
    static long bandKey(int[] sig, int from, int rows) {
        long h = rows;
        int i = from;
        int end = from + rows;
        for (; i + 1 < end; i += 2) {
            h = (h ^ (((long) sig[i] << 32) | (sig[i + 1] & 0xFFFF_FFFFL))) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        if (i < end) {
            h = (h ^ (sig[i] & 0xFFFF_FFFFL)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        return h;
    }
}
