package io.tonno.imaging.synth;

import java.util.Locale;

/**
 * The range from which the MR brain benchmark draws each lesion's contrast: the relative intensity drop of the
 * lesion core, tissue × (1 − contrast · weight) with weight 1 in the core and a 1.5-voxel linear edge
 * ({@link BrainLesion}). Drawn uniformly in {@code [min, max]}, dimensionless.
 *
 * @param min smallest contrast, in (0, 1)
 * @param max largest contrast, in [{@code min}, {@link #LIMIT}]
 */
public record LesionContrast(double min, double max) {
    /** The benchmark's standard range: lesion cores at 60–80 % of the surrounding tissue. */
    public static final LesionContrast STANDARD = new LesionContrast(0.2, 0.4);
    /** Largest contrast: beyond it the lesion core is nearly black, i.e. a hole, not a lesion. */
    public static final double LIMIT = 0.9;

    /** @throws IllegalArgumentException unless {@code 0 < min <= max <= LIMIT} */
    public LesionContrast {
        if (!(min > 0 && min <= max && max <= LIMIT)) {
            throw new IllegalArgumentException(
                    "lesion contrast must satisfy 0 < min <= max <= " + LIMIT + ", got " + min + ":" + max);
        }
    }

    /**
     * Parses {@code MIN:MAX} (e.g. {@code 0.45:0.6}) or a single value for a fixed contrast.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static LesionContrast parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        try {
            if (colon < 0) {
                double v = Double.parseDouble(t);
                return new LesionContrast(v, v);
            }
            return new LesionContrast(
                    Double.parseDouble(t.substring(0, colon)), Double.parseDouble(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lesion contrast must be MIN:MAX or one number, got '" + text + "'");
        }
    }

    /** True for {@link #STANDARD}. */
    public boolean standard() {
        return equals(STANDARD);
    }

    /** {@code MIN-MAX} with the shortest decimals, for dataset names (e.g. {@code 0.45-0.6}). */
    public String label() {
        return shortest(min) + "-" + shortest(max);
    }

    private static String shortest(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
