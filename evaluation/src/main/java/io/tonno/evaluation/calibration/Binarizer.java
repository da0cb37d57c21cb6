package io.tonno.evaluation.calibration;

import io.tonno.imaging.Volume;
import io.tonno.imaging.label.Masks;
import java.util.Arrays;

/**
 * Applies {@link BinarizationSettings} to a heatmap. Pure functions; masks have the heatmap's layout
 * (axis 0 fastest, as {@link Volume}).
 */
public final class Binarizer {
    private Binarizer() {}

    /**
     * @param heatmap    the raw heatmap
     * @param foreground the body mask, required when the settings restrict to it, else ignored
     * @return the binary mask
     * @throws IllegalArgumentException when the foreground is missing or of another shape
     */
    public static boolean[] binarize(Volume heatmap, Volume foreground, BinarizationSettings settings) {
        return binarizeWithin(heatmap, considered(heatmap, foreground, settings.restriction()), settings);
    }

    /**
     * @param considered the voxels that may be marked, from {@link #considered} ({@code null} for all)
     * @return the binary mask
     */
    public static boolean[] binarizeWithin(Volume heatmap, boolean[] considered, BinarizationSettings settings) {
        double scale = scale(heatmap, considered, settings.normalization());
        return binarize(heatmap.data(), considered, scale, settings.threshold());
    }

    /**
     * The heatmap's peak: its largest non-NaN value over the considered voxels ({@code null} for all), in its own
     * units; NaN when there is none. The divisor of {@code max} normalisation, and a volume's score for the volume AUC.
     */
    public static double peak(float[] values, boolean[] considered) {
        double max = Double.NaN;
        for (int n = 0; n < values.length; n++) {
            float v = values[n];
            if ((considered == null || considered[n]) && !Float.isNaN(v) && (Double.isNaN(max) || v > max)) {
                max = v;
            }
        }
        return max;
    }

    /** Thresholds {@code value / scale > threshold} over considered, non-NaN voxels. */
    static boolean[] binarize(float[] values, boolean[] considered, double scale, double threshold) {
        boolean[] out = new boolean[values.length];
        for (int n = 0; n < values.length; n++) {
            out[n] = (considered == null || considered[n]) && values[n] / scale > threshold;
        }
        return out;
    }

    /**
     * The voxels binarization may mark: {@code null} for all, else the non-zero, non-NaN voxels of
     * {@code foreground}.
     */
    public static boolean[] considered(Volume heatmap, Volume foreground, ForegroundRestriction restriction) {
        if (restriction == ForegroundRestriction.NONE) {
            return null;
        }
        if (foreground == null) {
            throw new IllegalArgumentException("foreground restriction is on but no foreground volume was given");
        }
        if (!heatmap.sameShape(foreground)) {
            throw new IllegalArgumentException("foreground shape " + Arrays.toString(foreground.shape())
                    + " differs from heatmap shape " + Arrays.toString(heatmap.shape()));
        }
        return Masks.of(foreground);
    }

    /**
     * The divisor of {@code normalization} over the considered, non-NaN voxels; 1 for raw heatmaps and
     * whenever the statistic is not positive and finite (see {@link Normalization}).
     */
    public static double scale(Volume heatmap, boolean[] considered, Normalization normalization) {
        float[] v = heatmap.data();
        double s;
        switch (normalization.kind()) {
            case RAW:
                return 1.0;
            case PER_VOLUME_MAX:
                s = peak(v, considered);
                break;
            case PERCENTILE:
                s = Percentile.of(v, considered, normalization.percentile());
                break;
            default:
                throw new IllegalStateException("unknown normalization " + normalization);
        }
        return s > 0 && Double.isFinite(s) ? s : 1.0;
    }
}
