package dk.snaklib.util;

import java.math.BigInteger;
import java.util.List;

/**
 * CPython's {@code random.Random}: the MT19937 generator seeded from an integer as CPython seeds it
 * ({@code init_by_array} over the seed's 32-bit words), with {@code getrandbits} and {@code shuffle} drawing
 * exactly as CPython 3 does. TRL's packing shuffles with Python's {@code random}, so the same seed gives the same
 * order here as {@code random.seed(seed)} does there; ScandEval shuffles its few-shot examples with it too (checked
 * against python3 in the packing and eval golden tests).
 */
public final class PythonRandom {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int index = N;

    public PythonRandom(long seed) {
        BigInteger magnitude = BigInteger.valueOf(seed).abs();
        int words = Math.max(1, (magnitude.bitLength() + 31) / 32);
        int[] key = new int[words];
        for (int i = 0; i < words; i++) {
            key[i] = magnitude.shiftRight(32 * i).intValue(); // little-endian 32-bit words, as CPython's random_seed
        }
        initByArray(key);
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i; // uint32 arithmetic: int wraps the same way
        }
        index = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
    }

    /** The next 32 random bits (CPython's {@code genrand_uint32}), as an unsigned value in a long. */
    public long nextUint32() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    private void twist() {
        for (int k = 0; k < N; k++) {
            int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
            mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : 0x9908b0df);
        }
        index = 0;
    }

    /** {@code random.getrandbits(k)} for 1 <= k <= 32. */
    public long getrandbits(int k) {
        if (k < 1 || k > 32) {
            throw new IllegalArgumentException("getrandbits supports 1..32 bits here, not " + k);
        }
        return nextUint32() >>> (32 - k);
    }

    /** {@code random._randbelow(n)}: uniform in [0, n) by rejection on {@code n.bit_length()} bits. */
    public int randbelow(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("randbelow needs n > 0, not " + n);
        }
        int k = 32 - Integer.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (r >= n) {
            r = getrandbits(k);
        }
        return (int) r;
    }

    /** {@code random.shuffle(list)} in place: the same permutation CPython makes from the same state. */
    public <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i >= 1; i--) {
            int j = randbelow(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
