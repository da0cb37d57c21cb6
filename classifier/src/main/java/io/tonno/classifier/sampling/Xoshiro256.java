package io.tonno.classifier.sampling;

import java.util.Arrays;

/**
 * xoshiro256** (Blackman and Vigna, 2018), seeded through SplitMix64. Its whole state is four longs, so a
 * checkpoint stores it exactly ({@link #state()}, {@link #restore}) and a resumed run draws the same
 * numbers as an uninterrupted one. Not thread-safe.
 */
public final class Xoshiro256 {
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    public Xoshiro256(long seed) {
        long x = seed;
        long[] s = new long[4];
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            s[i] = z ^ (z >>> 31);
        }
        restore(s);
    }

    /** The four state words, for checkpoints. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /** Continues from a state returned by {@link #state()}. */
    public void restore(long[] state) {
        if (state.length != 4 || Arrays.equals(state, new long[4])) {
            throw new IllegalArgumentException("xoshiro256 state must be 4 longs, not all zero");
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in {@code [lo, hi)}. */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Log-uniform in {@code [lo, hi)}, both {@code > 0}: as likely to halve as to double. */
    public double logUniform(double lo, double hi) {
        return Math.exp(uniform(Math.log(lo), Math.log(hi)));
    }

    /** Uniform integer in {@code [0, bound)} (multiply-shift; bias below 2^-32 for any int bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0");
        }
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Standard normal by Box–Muller; uses two uniforms per call and keeps no spare, so the state stays 4 longs. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
