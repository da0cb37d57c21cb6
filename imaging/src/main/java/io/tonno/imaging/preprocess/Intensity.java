package io.tonno.imaging.preprocess;

/**
 * Intensity normalisations, applied in place to a voxel array.
 *
 * <ul>
 *   <li>{@link #window}: CT window, {@code (clamp(x, lo, hi) - lo) / (hi - lo)}, so {@code lo → 0} and
 *       {@code hi → 1}.</li>
 *   <li>{@link #percentile}: clip to the {@code low} and {@code high} percentiles of the non-zero voxels
 *       (numpy's linear interpolation; all voxels when none is non-zero), then scale that range to
 *       {@code [0, 1]}. Zero background, usual in skull-stripped MR, does not drag the low percentile.</li>
 *   <li>{@link #zscore}: {@code (x - mean) / std} over all voxels (std 0 leaves {@code x - mean}).</li>
 * </ul>
 */
public final class Intensity {
    private Intensity() {}

    public static void window(float[] data, double lo, double hi) {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("window needs hi > lo, got [" + lo + ", " + hi + "]");
        }
        double scale = 1.0 / (hi - lo);
        for (int i = 0; i < data.length; i++) {
            double x = Math.max(lo, Math.min(hi, data[i]));
            data[i] = (float) ((x - lo) * scale);
        }
    }

    /** Percentile clip and scale; returns the two clip values used. */
    public static double[] percentile(float[] data, double low, double high) {
        if (!(low >= 0 && low < high && high <= 100)) {
            throw new IllegalArgumentException("percentiles need 0 <= low < high <= 100, got " + low + ", " + high);
        }
        double[] p = Percentiles.ofNonZero(data, low, high);
        double lo = p[0];
        double hi = p[1];
        if (hi > lo) {
            window(data, lo, hi);
        } else {
            java.util.Arrays.fill(data, 0f);
        }
        return p;
    }

    /** Z-score; returns {@code {mean, std}}. */
    public static double[] zscore(float[] data) {
        double sum = 0;
        for (float x : data) {
            sum += x;
        }
        double mean = sum / data.length;
        double ss = 0;
        for (float x : data) {
            ss += (x - mean) * (x - mean);
        }
        double std = Math.sqrt(ss / data.length);
        double inv = std > 0 ? 1 / std : 1;
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((data[i] - mean) * inv);
        }
        return new double[] {mean, std};
    }
}
