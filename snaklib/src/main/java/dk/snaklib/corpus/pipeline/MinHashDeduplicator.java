package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    private final List<Set<Long>> bands = new ArrayList<>();

    public MinHashDeduplicator() {
        this(Config.study());
    }

    public MinHashDeduplicator(Config config) {
        this.config = config;
        this.hasher = new MinHasher(config.numPerm(), config.ngram(), config.seed());
        this.lsh = LshParameters.optimal(config.threshold(), config.numPerm());
        for (int i = 0; i < lsh.bands(); i++) {
            bands.add(new HashSet<>());
        }
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
        int[] sig = hasher.signature(d.text());
        long[] keys = new long[lsh.bands()];
        boolean duplicate = false;
        for (int band = 0; band < keys.length; band++) {
            keys[band] = bandKey(sig, band * lsh.rows(), lsh.rows());
            duplicate |= bands.get(band).contains(keys[band]);
        }
        if (duplicate) {
            out.drop(d, "near duplicate");
            return;
        }
        for (int band = 0; band < keys.length; band++) {
            bands.get(band).add(keys[band]);
        }
        out.keep(d);
    }

    private static long bandKey(int[] sig, int from, int rows) {
        long h = 1125899906842597L;
        for (int i = from; i < from + rows; i++) {
            h = 31 * h + sig[i];
            h ^= h >>> 29;
            h *= 0xbf58476d1ce4e5b9L;
        }
        return h;
    }
}
