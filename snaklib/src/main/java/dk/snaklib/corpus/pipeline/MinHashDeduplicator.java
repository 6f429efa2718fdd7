package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;

/**
 * Near-duplicate removal with MinHash LSH, over all sources together like the study (text-dedup: Jaccard 0.85,
 * seed 42, 64 permutations; the dataset card says 128). Streaming: a document that shares any band with an
 * earlier kept document is dropped, so the first of each near-duplicate group is kept (text-dedup clusters all
 * candidates with union-find and keeps one per cluster; the two differ only on chains of partial overlaps).
 */
public final class MinHashDeduplicator implements Step {

    /** @param numPerm permutations; @param threshold Jaccard; @param ngram words per shingle; @param seed generator seed */
    public record Config(int numPerm, double threshold, int ngram, long seed) {
        /** The study's values. */
        public static Config study() {
            return new Config(64, 0.85, 5, 42);
        }
    }

    private final Config config;
    private final MinHasher hasher;
    private final LshParameters lsh;
    private final LongSet[] bands; // per band, the keys of the kept documents
    private final long[] keys; // the current document's band keys

    public MinHashDeduplicator() {
        this(Config.study());
    }

    public MinHashDeduplicator(Config config) {
        this.config = config;
        this.hasher = new MinHasher(config.numPerm(), config.ngram(), config.seed());
        this.lsh = LshParameters.optimal(config.threshold(), config.numPerm());
        this.bands = new LongSet[lsh.bands()];
        for (int i = 0; i < bands.length; i++) {
            bands[i] = new LongSet();
        }
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

    @Override
    public void apply(Document d, Output out) {
        int[] sig = hasher.reusedSignature(d.text());
        boolean duplicate = false;
        for (int band = 0; band < keys.length; band++) {
            keys[band] = bandKey(sig, band * lsh.rows(), lsh.rows());
            duplicate |= bands[band].contains(keys[band]);
        }
        if (duplicate) {
            out.drop(d, "near duplicate");
            return;
        }
        for (int band = 0; band < keys.length; band++) {
            bands[band].add(keys[band]);
        }
        out.keep(d);
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
