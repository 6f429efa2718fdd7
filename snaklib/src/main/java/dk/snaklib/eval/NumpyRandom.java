package dk.snaklib.eval;

import java.math.BigInteger;

/**
 * numpy's {@code np.random.default_rng(seed)}, bit for bit: the seed goes through SeedSequence into PCG64
 * (XSL-RR 128/64), and {@link #integers} and {@link #permutation} draw as numpy 1.x/2.x Generator does. ScandEval
 * v13 bootstraps test rows with {@code rng.integers(0, N, size=(10, N))} and HF datasets shuffle with
 * {@code default_rng(seed).permutation(n)}; both must give numpy's indices for the scores to be comparable.
 */
public final class NumpyRandom {
    // PCG64's 128-bit multiplier, high and low halves.
    private static final long MULT_HI = 2549297995355413924L;
    private static final long MULT_LO = 4865540595714422341L;

    private long stateHi;
    private long stateLo;
    private final long incHi;
    private final long incLo;
    private boolean hasUint32;
    private int bufferedUint32;

    /** {@code np.random.default_rng(seed)} for a non-negative integer seed. */
    public NumpyRandom(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("numpy seeds must be non-negative, got " + seed);
        }
        long[] words = seedSequenceState(seed);                 // 4 uint64: seed hi, seed lo, inc hi, inc lo
        // pcg_setseq_128_srandom_r: state = 0, inc = (initseq << 1) | 1, step, state += initstate, step.
        BigInteger initSeq = u128(words[2], words[3]);
        BigInteger inc = initSeq.shiftLeft(1).or(BigInteger.ONE);
        this.incHi = inc.shiftRight(64).longValue();
        this.incLo = inc.longValue();
        stateHi = 0;
        stateLo = 0;
        step();
        addToState(words[0], words[1]);
        step();
    }

    /** SeedSequence(seed).generate_state(4, uint64) with numpy's hash constants (pool size 4). */
    static long[] seedSequenceState(long seed) {
        int[] entropy = seed == 0 ? new int[] {0} : splitUint32(seed);
        int[] pool = new int[4];
        int[] hashConst = {0x43b0d7e5};
        for (int i = 0; i < pool.length; i++) {
            pool[i] = hashMix(i < entropy.length ? entropy[i] : 0, hashConst);
        }
        for (int src = 0; src < pool.length; src++) {
            for (int dst = 0; dst < pool.length; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashMix(pool[src], hashConst));
                }
            }
        }
        for (int src = pool.length; src < entropy.length; src++) {
            for (int dst = 0; dst < pool.length; dst++) {
                pool[dst] = mix(pool[dst], hashMix(entropy[src], hashConst));
            }
        }
        int[] state = new int[8];
        int hash = 0x8b51f9dd;
        for (int i = 0; i < state.length; i++) {
            int v = pool[i % pool.length] ^ hash;
            hash *= 0x58f38ded;
            v *= hash;
            v ^= v >>> 16;
            state[i] = v;
        }
        long[] words = new long[4];
        for (int i = 0; i < 4; i++) {   // uint32 pairs viewed as little-endian uint64
            words[i] = (state[2 * i] & 0xFFFFFFFFL) | ((long) state[2 * i + 1] << 32);
        }
        return words;
    }

    private static int[] splitUint32(long seed) {
        int n = seed >>> 32 == 0 ? 1 : 2;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) (seed >>> (32 * i));
        }
        return out;
    }

    private static int hashMix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= 0x931e8875;
        value *= hashConst[0];
        value ^= value >>> 16;
        return value;
    }

    private static int mix(int x, int y) {
        int r = 0xca01f9dd * x - 0x4973f715 * y;
        return r ^ (r >>> 16);
    }

    private static BigInteger u128(long hi, long lo) {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(lo)));
    }

    /** state = state * MULT + inc (mod 2^128). */
    private void step() {
        long lo = stateLo * MULT_LO;
        long hi = Math.unsignedMultiplyHigh(stateLo, MULT_LO) + stateLo * MULT_HI + stateHi * MULT_LO;
        addTo(hi, lo, incHi, incLo);
    }

    private void addToState(long hi, long lo) {
        addTo(stateHi, stateLo, hi, lo);
    }

    private void addTo(long aHi, long aLo, long bHi, long bLo) {
        long lo = aLo + bLo;
        long carry = Long.compareUnsigned(lo, aLo) < 0 ? 1 : 0;
        stateLo = lo;
        stateHi = aHi + bHi + carry;
    }

    /** One 64-bit output: step, then XSL-RR of the new state. */
    public long nextUint64() {
        step();
        return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
    }

    /** numpy's next_uint32: the low half of a 64-bit draw, and the high half on the next call. */
    public int nextUint32() {
        if (hasUint32) {
            hasUint32 = false;
            return bufferedUint32;
        }
        long next = nextUint64();
        hasUint32 = true;
        bufferedUint32 = (int) (next >>> 32);
        return (int) next;
    }

    /** {@code rng.integers(low, high, size=count)} (int64, high exclusive) in numpy's row-major order. */
    public long[] integers(long low, long high, int count) {
        if (high <= low) {
            throw new IllegalArgumentException("high <= low: " + low + ", " + high);
        }
        long range = high - low - 1;  // numpy's inclusive "rng"
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = low + boundedUint64(range);
        }
        return out;
    }

    /** {@code rng.integers(0, n, size=(rows, n))}, the bootstrap matrix ScandEval draws. */
    public int[][] bootstrapIndices(int rows, int n) {
        long[] flat = integers(0, n, rows * n);
        int[][] out = new int[rows][n];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < n; c++) {
                out[r][c] = (int) flat[r * n + c];
            }
        }
        return out;
    }

    /** random_bounded_uint64 without masking: Lemire's method on 32-bit draws when the range fits in 32 bits. */
    private long boundedUint64(long range) {
        if (range == 0) {
            return 0;
        }
        if (Long.compareUnsigned(range, 0xFFFFFFFFL) <= 0) {
            if (range == 0xFFFFFFFFL) {
                return nextUint32() & 0xFFFFFFFFL;
            }
            long rangeExcl = range + 1;
            long m = (nextUint32() & 0xFFFFFFFFL) * rangeExcl;
            long leftover = m & 0xFFFFFFFFL;
            if (leftover < rangeExcl) {
                long threshold = (0xFFFFFFFFL - range) % rangeExcl;
                while (leftover < threshold) {
                    m = (nextUint32() & 0xFFFFFFFFL) * rangeExcl;
                    leftover = m & 0xFFFFFFFFL;
                }
            }
            return m >>> 32;
        }
        if (range == -1L) {
            return nextUint64();
        }
        long rangeExcl = range + 1;
        long x = nextUint64();
        long lo = x * rangeExcl;
        if (Long.compareUnsigned(lo, rangeExcl) < 0) {
            long threshold = Long.remainderUnsigned(-rangeExcl, rangeExcl);
            while (Long.compareUnsigned(lo, threshold) < 0) {
                x = nextUint64();
                lo = x * rangeExcl;
            }
        }
        return Math.unsignedMultiplyHigh(x, rangeExcl);
    }

    /** {@code rng.permutation(n)}: arange(n) shuffled by Fisher-Yates from the end with random_interval. */
    public int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) randomInterval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** numpy's random_interval: a uniform value in [0, max] by masked rejection. */
    private long randomInterval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long value;
        if (max <= 0xFFFFFFFFL) {
            do {
                value = (nextUint32() & 0xFFFFFFFFL) & mask;
            } while (value > max);
        } else {
            do {
                value = nextUint64() & mask;
            } while (Long.compareUnsigned(value, max) > 0);
        }
        return value;
    }
}
