package dk.snaklib.corpus.pipeline;

import dk.snaklib.corpus.Document;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.Set;

/**
 * Drops documents whose text (after normalisation) equals an earlier one's, across all sources; the first seen
 * is kept. Holds one 128-bit digest per distinct text (16 bytes of payload).
 */
public final class ExactDeduplicator implements Step {
    private record Digest(long hi, long lo) {}

    private final Set<Digest> seen = new HashSet<>();
    private final MessageDigest md5;

    public ExactDeduplicator() {
        try {
            md5 = MessageDigest.getInstance("MD5"); // a fingerprint, not security: fast and 128 bits
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "exact-dedup";
    }

    @Override
    public void apply(Document d, Output out) {
        byte[] h = md5.digest(d.text().getBytes(StandardCharsets.UTF_8));
        var buf = java.nio.ByteBuffer.wrap(h);
        if (seen.add(new Digest(buf.getLong(), buf.getLong()))) {
            out.keep(d);
        } else {
            out.drop(d, "exact duplicate");
        }
    }

    /** Distinct texts seen so far. */
    public int distinct() {
        return seen.size();
    }
}
