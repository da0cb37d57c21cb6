package io.tonno.classifier.cam;

/**
 * Linear interpolation along one axis as a dense {@code (to, from)} row-major matrix {@code R}, so that
 * {@code out = R · in}; a 2D resize is {@code Rrows · X · Rcolsᵀ}. Two conventions:
 * <ul>
 *   <li>{@link #alignCorners}: the first and last samples of both grids coincide ({@code method.md} §2, the
 *       slice and volume coordinates; PyTorch {@code align_corners=True});
 *   <li>{@link #cellCentres}: sample {@code c} of {@code cells} sits at the centre of the block of
 *       {@code pixels/cells} pixels it summarises, values beyond the outermost centres held constant
 *       ({@code method.md} §8; PyTorch {@code align_corners=False}, OpenCV {@code resize}).
 * </ul>
 */
public final class Bilinear {
    private Bilinear() {}

    /** Align-corners resampling of {@code from} samples to {@code to}; a single sample is replicated. */
    public static double[] alignCorners(int from, int to) {
        check(from, to);
        double[] r = new double[to * from];
        for (int o = 0; o < to; o++) {
            double x = to == 1 ? (from - 1) / 2.0 : (double) o * (from - 1) / (to - 1);
            put(r, o, from, x);
        }
        return r;
    }

    /** Cell-centre resampling of {@code cells} map cells onto {@code pixels} pixels, clamped at the border. */
    public static double[] cellCentres(int cells, int pixels) {
        check(cells, pixels);
        double[] r = new double[pixels * cells];
        for (int p = 0; p < pixels; p++) {
            double x = (p + 0.5) * cells / pixels - 0.5;
            put(r, p, cells, Math.min(cells - 1, Math.max(0, x)));
        }
        return r;
    }

    /** The product {@code a · b} of row-major {@code (n, k)} and {@code (k, m)} matrices. */
    public static double[] multiply(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < k; t++) {
                double v = a[i * k + t];
                if (v != 0) {
                    for (int j = 0; j < m; j++) {
                        c[i * m + j] += v * b[t * m + j];
                    }
                }
            }
        }
        return c;
    }

    /**
     * Resizes one image: {@code out (R, C) = rows (R, r) · in (r, c) · colsᵀ}, with {@code rows} and
     * {@code cols} from this class.
     *
     * @param in     {@code (r, c)} row-major, read from {@code offset}
     * @param out    receives {@code (R, C)} row-major at {@code outOffset}
     */
    public static void resize(
            float[] in,
            int offset,
            int r,
            int c,
            double[] rows,
            int outRows,
            double[] cols,
            int outCols,
            float[] out,
            int outOffset) {
        double[] tmp = new double[r * outCols];
        for (int i = 0; i < r; i++) {
            for (int q = 0; q < outCols; q++) {
                double acc = 0;
                int cb = q * c;
                for (int j = 0; j < c; j++) {
                    double w = cols[cb + j];
                    if (w != 0) {
                        acc += w * in[offset + i * c + j];
                    }
                }
                tmp[i * outCols + q] = acc;
            }
        }
        for (int p = 0; p < outRows; p++) {
            int rb = p * r;
            int ob = outOffset + p * outCols;
            for (int q = 0; q < outCols; q++) {
                out[ob + q] = 0;
            }
            for (int i = 0; i < r; i++) {
                double w = rows[rb + i];
                if (w != 0) {
                    for (int q = 0; q < outCols; q++) {
                        out[ob + q] += (float) (w * tmp[i * outCols + q]);
                    }
                }
            }
        }
    }

    /** {@code m} transposed: row-major {@code (n, k)} to {@code (k, n)}, as float32. */
    static float[] transposeToFloat(double[] m, int n, int k) {
        float[] t = new float[k * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                t[j * n + i] = (float) m[i * k + j];
            }
        }
        return t;
    }

    /** {@code m} as float32, same layout. */
    static float[] toFloat(double[] m) {
        float[] f = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            f[i] = (float) m[i];
        }
        return f;
    }

    private static void put(double[] r, int row, int from, double x) {
        int i0 = Math.min((int) Math.floor(x), from - 1);
        double t = x - i0;
        r[row * from + i0] += 1 - t;
        if (t > 0 && i0 + 1 < from) {
            r[row * from + i0 + 1] += t;
        }
    }

    private static void check(int from, int to) {
        if (from < 1 || to < 1) {
            throw new IllegalArgumentException("resampling needs sizes >= 1, got " + from + " -> " + to);
        }
    }
}
