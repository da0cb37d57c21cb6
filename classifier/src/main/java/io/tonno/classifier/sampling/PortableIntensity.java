package io.tonno.classifier.sampling;

import io.tonno.tomography.Parallel;

/**
 * The intensity augmentation of {@link Augmentation} in a form that the host and an engine device compute bit for
 * bit alike ({@code augmentation.portable}): only additions, multiplications, divisions, square roots, floors and
 * 64-bit integer products and remainders, each an exactly specified IEEE or integer operation, in one fixed order.
 * The per-slice draws (γ, c, b, σ) are the sampler's as before; what changes is the per-pixel part:
 *
 * <ul>
 *   <li><b>Gamma</b>: {@code |x|^γ} is read from a table of {@link #SEGMENTS}{@code + 1} values computed on the host
 *       per slice, {@code T_j = (m·(j/K)²)^γ} with {@code m} the volume's largest {@code |value|}, linearly
 *       interpolated in {@code s = √(|x|/m)}: {@code t = K·s}, {@code j = min(⌊t⌋, K−1)}, {@code y = T_j + (t−j)·(T_{j+1}
 *       − T_j)}, sign restored. Equal spacing in {@code √x} keeps the curve smooth near 0 where {@code x^γ} is not; the
 *       largest deviation from {@code |x|^γ} is below {@code 1e-4·m} for γ in [0.8, 1.25] (PortableIntensityTest).
 *       γ = 1 leaves the value exactly as sliced.</li>
 *   <li><b>Noise</b>: {@code σ·g} with {@code g = (u_0 + u_1 + u_2 + u_3 − 2)·√3} (Irwin–Hall of four uniforms: mean
 *       0, variance 1, bounded at ±2√3), {@code u_r = h(4n + r)/P} for pixel {@code n} of the batch and a
 *       counter-based hash {@code h} modulo the prime {@code P = 2^31 − 1} keyed by one number the sampler draws per
 *       batch. Any pixel's noise is computed from its index alone, so the device computes the batch in parallel.</li>
 * </ul>
 *
 * Then {@code x ← c·y + b + σ·g} as {@code (c·y + b) + σ·g} in float64, rounded once to float32, as the sequential
 * form does. The result differs from the sequential form's (another noise stream, a tabulated gamma) but has the same
 * distribution up to the noise's shape.
 */
public final class PortableIntensity {
    /** Segments of the gamma table {@code K}. */
    public static final int SEGMENTS = 128;
    /** The hash's prime modulus {@code 2^31 − 1}. */
    public static final long P = 2147483647L;

    /** The hash's multipliers ({@link #hash}). */
    public static final long A = 1583458089L;
    /** See {@link #A}. */
    public static final long B = 784588716L;
    /** See {@link #A}. */
    public static final long C = 1223106847L;
    /** {@code √3}, the noise's scale. */
    public static final double ROOT3 = Math.sqrt(3.0);

    private PortableIntensity() {}

    /**
     * The per-slice parameters of one batch.
     *
     * @param count    slices
     * @param tables   {@code count·(K+1)} gamma table values, slice-major
     * @param scale    per slice, the volume's largest {@code |value|} {@code m} (1 for an all-zero volume)
     * @param identity per slice, 1 when γ = 1 (the value passes unchanged), else 0
     * @param contrast per slice {@code c}
     * @param offset   per slice brightness {@code b}
     * @param sigma    per slice noise level {@code σ}
     * @param key1     first hash key, in {@code [1, P−1]}
     * @param key2     second hash key, in {@code [1, P−1]}
     */
    public record Params(
            int count,
            double[] tables,
            double[] scale,
            double[] identity,
            double[] contrast,
            double[] offset,
            double[] sigma,
            long key1,
            long key2) {
        /**
         * All doubles in one array, for one upload: {@code tables, scale, identity, contrast, offset, sigma} in that
         * order.
         */
        public double[] packed() {
            int k1 = SEGMENTS + 1;
            double[] all = new double[count * (k1 + 5)];
            System.arraycopy(tables, 0, all, 0, count * k1);
            int at = count * k1;
            for (double[] part : new double[][] {scale, identity, contrast, offset, sigma}) {
                System.arraycopy(part, 0, all, at, count);
                at += count;
            }
            return all;
        }
    }

    /**
     * The parameters of a batch.
     *
     * @param intensity per slice {@code {γ, c, b, σ}} as the sampler drew them
     * @param maxAbs    per slice, its volume's largest {@code |value|}
     * @param key       the batch's noise key (any long)
     */
    public static Params params(double[][] intensity, double[] maxAbs, long key) {
        int count = intensity.length;
        int k1 = SEGMENTS + 1;
        double[] tables = new double[count * k1];
        double[] scale = new double[count];
        double[] identity = new double[count];
        double[] contrast = new double[count];
        double[] offset = new double[count];
        double[] sigma = new double[count];
        for (int k = 0; k < count; k++) {
            double gamma = intensity[k][0];
            double m = maxAbs[k] > 0 ? maxAbs[k] : 1.0;
            scale[k] = m;
            identity[k] = gamma == 1 ? 1 : 0;
            contrast[k] = intensity[k][1];
            offset[k] = intensity[k][2];
            sigma[k] = intensity[k][3];
            for (int j = 0; j <= SEGMENTS; j++) {
                double s = (double) j / SEGMENTS;
                tables[k * k1 + j] = Math.pow(m * (s * s), gamma);
            }
        }
        return new Params(
                count,
                tables,
                scale,
                identity,
                contrast,
                offset,
                sigma,
                Math.floorMod(key, P - 1) + 1,
                Math.floorMod(key >>> 31, P - 1) + 1);
    }

    /** The largest {@code |value|} of {@code data}, 0 when empty or all zero. */
    public static double maxAbs(float[] data) {
        float m = 0;
        for (float v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Augments the {@code (count, area)} slices of {@code pixels} in place on {@code threads} threads; the result
     * does not depend on the thread count.
     *
     * @throws IllegalArgumentException when the batch has more than {@code (P−1)/4} pixels
     */
    public static void apply(float[] pixels, int area, Params p, int threads) {
        checkSize((long) p.count() * area);
        Parallel.forEach(p.count(), threads, k -> applySlice(pixels, k, area, p));
    }

    /** Refuses batches whose pixel counters would reach the hash's modulus. */
    public static void checkSize(long pixels) {
        if (4 * pixels >= P) {
            throw new IllegalArgumentException(
                    "a portable-augmentation batch holds fewer than 2^29 pixels, got " + pixels);
        }
    }

    private static void applySlice(float[] pixels, int k, int area, Params p) {
        int k1 = SEGMENTS + 1;
        int base = k * k1;
        boolean identity = p.identity()[k] == 1;
        double m = p.scale()[k];
        double c = p.contrast()[k];
        double b = p.offset()[k];
        double sigma = p.sigma()[k];
        for (int i = 0, n = k * area; i < area; i++, n++) {
            double x = pixels[n];
            double y;
            if (identity) {
                y = x;
            } else {
                double t = Math.sqrt(Math.abs(x) / m) * SEGMENTS;
                double j = Math.min(Math.floor(t), SEGMENTS - 1);
                double f = t - j;
                double t0 = p.tables()[base + (int) j];
                double t1 = p.tables()[base + (int) j + 1];
                double g = t0 + f * (t1 - t0);
                y = x < 0 ? -g : g;
            }
            pixels[n] = (float) ((c * y + b) + sigma * gaussian(n, p.key1(), p.key2()));
        }
    }

    /** The noise value of pixel {@code n}: {@code (u_0 + u_1 + u_2 + u_3 − 2)·√3}, added left to right. */
    static double gaussian(long n, long key1, long key2) {
        double sum = uniform(4 * n, key1, key2);
        sum += uniform(4 * n + 1, key1, key2);
        sum += uniform(4 * n + 2, key1, key2);
        sum += uniform(4 * n + 3, key1, key2);
        return (sum - 2.0) * ROOT3;
    }

    /** {@code h(counter)/P}, in {@code [0, 1)}. */
    static double uniform(long counter, long key1, long key2) {
        return (double) hash(counter, key1, key2) / (double) P;
    }

    /**
     * The counter-based hash: six rounds modulo {@code P}, alternating affine maps and squarings; every product is
     * below {@code 2^62}.
     */
    static long hash(long counter, long key1, long key2) {
        long x = modP(counter + key1);
        x = modP(x * A + key2);
        x = modP(x * x + key1);
        x = modP(x * B + key2);
        x = modP(x * x + key2);
        x = modP(x * C + key1);
        return x;
    }

    /**
     * {@code x mod P} for {@code 0 <= x < 2^63} without a division: {@code 2^31 ≡ 1 (mod P)}, so the high bits fold onto
     * the low ones. Equal to {@code x % P} (the device computes that).
     */
    static long modP(long x) {
        long r = (x & P) + (x >>> 31);
        r = (r & P) + (r >>> 31);
        return r >= P ? r - P : r;
    }
}
