package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;

/**
 * Drops documents whose text (after normalisation) equals an earlier one's, across all sources; the first seen
 * is kept. Holds one 128-bit fingerprint per distinct text ({@link TextFingerprint}; 16 bytes of payload).
 */
public final class ExactDeduplicator implements Step {
    /** The reason in the rejects file. */
    public static final String REASON = "exact duplicate";
    private final LongPairSet seen = new LongPairSet();
    private final TextFingerprint fingerprint = new TextFingerprint();

    @Override
    public String name() {
        return "exact-dedup";
    }

    @Override
    public void apply(Document d, Output out) {
        fingerprint.of(d.text());
        if (seen.add(fingerprint.hi(), fingerprint.lo())) {
            out.keep(d);
        } else {
            out.drop(d, REASON);
        }
    }

    /**
     * The 128-bit fingerprint this step compares texts by, as {hi, lo}: equal texts, equal keys. For the Spark
     * engine, which groups documents by it and keeps the earliest of each group.
     */
    public static long[] key(String text) {
        TextFingerprint f = new TextFingerprint();
        f.of(text);
        return new long[] {f.hi(), f.lo()};
    }

    /** Distinct texts seen so far. */
    public int distinct() {
        return seen.size();
    }
}
