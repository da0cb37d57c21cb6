package io.tonno.evaluation.calibration;

import java.util.Locale;
import java.util.Objects;

/**
 * How a heatmap is scaled before thresholding. Heatmap scales differ between methods and volumes, so
 * the scaling is an explicit, stored setting:
 * <ul>
 *   <li>{@link Kind#RAW}: values as they are;</li>
 *   <li>{@link Kind#PER_VOLUME_MAX}: divided by the volume's maximum;</li>
 *   <li>{@link Kind#PERCENTILE}: divided by the volume's {@code p}-th percentile (linear
 *       interpolation), which ignores a few extreme voxels.</li>
 * </ul>
 * Statistics are taken over the voxels binarization considers (inside the foreground when the
 * restriction is on) and ignore NaN voxels. When the statistic is not a positive finite number the
 * volume holds no positive evidence and is left unscaled (scale 1), so thresholds keep their meaning.
 *
 * @param kind       the scaling
 * @param percentile in (0, 100] for {@link Kind#PERCENTILE}, NaN otherwise
 */
public record Normalization(Kind kind, double percentile) {
    /** The scalings. */
    public enum Kind {
        RAW,
        PER_VOLUME_MAX,
        PERCENTILE
    }

    public static final Normalization RAW = new Normalization(Kind.RAW, Double.NaN);
    public static final Normalization PER_VOLUME_MAX = new Normalization(Kind.PER_VOLUME_MAX, Double.NaN);

    public Normalization {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.PERCENTILE) {
            if (!(percentile > 0 && percentile <= 100)) {
                throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
            }
        } else {
            percentile = Double.NaN;
        }
    }

    /** Division by the {@code p}-th percentile. */
    public static Normalization percentile(double p) {
        return new Normalization(Kind.PERCENTILE, p);
    }

    /**
     * Parses {@code raw}, {@code max} or {@code percentile:P} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Normalization parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("raw")) {
            return RAW;
        }
        if (t.equals("max")) {
            return PER_VOLUME_MAX;
        }
        if (t.startsWith("percentile:")) {
            try {
                return percentile(Double.parseDouble(t.substring("percentile:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("normalization '" + text + "': percentile is not a number", e);
            }
        }
        throw new IllegalArgumentException("normalization '" + text + "' must be raw, max or percentile:P");
    }

    /** The inverse of {@link #parse}: {@code raw}, {@code max} or {@code percentile:P}. */
    public String label() {
        return switch (kind) {
            case RAW -> "raw";
            case PER_VOLUME_MAX -> "max";
            case PERCENTILE ->
                "percentile:"
                        + (percentile == Math.rint(percentile)
                                ? Long.toString((long) percentile)
                                : Double.toString(percentile));
        };
    }
}
