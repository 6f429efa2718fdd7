package dk.snaklib.corpus.pipeline;

/**
 * A 128-bit fingerprint of a text: MurmurHash3 x64_128 (Appleby's mixing and constants) over the text's UTF-16
 * chars, eight per block. For exact dedup, where MD5 over UTF-8 bytes cost an encoded copy of every text and a
 * cryptographic digest we do not need; 128 bits keep accidental collisions out of reach at any corpus size.
 * Reuses a buffer, so one per thread.
 */
final class TextFingerprint {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private char[] chars = new char[1024];
    private long hi;
    private long lo;

    /** Fingerprints {@code text}; read the result with {@link #hi()} and {@link #lo()}. */
    void of(String text) {
        int n = text.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        text.getChars(0, n, chars, 0);
        long h1 = 0;
        long h2 = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            h1 ^= mixK1(pack(i, 4));
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(pack(i + 4, 4));
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int rest = n - i; // 0-7 chars left: up to four in k1, the others in k2
        if (rest > 4) {
            h2 ^= mixK2(pack(i + 4, rest - 4));
        }
        if (rest > 0) {
            h1 ^= mixK1(pack(i, Math.min(rest, 4)));
        }
        h1 ^= n;
        h2 ^= n;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        hi = h1;
        lo = h2;
    }

    long hi() {
        return hi;
    }

    long lo() {
        return lo;
    }

    /** {@code count} (1-4) chars from {@code from} as one little-endian long. */
    private long pack(int from, int count) {
        long k = 0;
        for (int j = count - 1; j >= 0; j--) {
            k = (k << 16) | chars[from + j];
        }
        return k;
    }

    private static long mixK1(long k) {
        return Long.rotateLeft(k * C1, 31) * C2;
    }

    private static long mixK2(long k) {
        return Long.rotateLeft(k * C2, 33) * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
