package io.tonno.evaluation.report;

/**
 * Colour maps as packed {@code 0xRRGGBB}. The diverging map is ColorBrewer's RdBu reversed: 0 is
 * white, negative values blue, positive (high evidence) red, so the sign of a heatmap reads at a glance.
 */
final class ColorMaps {
    private static final int[][] RD_BU_R = {
        {5, 48, 97},
        {33, 102, 172},
        {67, 147, 195},
        {146, 197, 222},
        {209, 229, 240},
        {247, 247, 247},
        {253, 219, 199},
        {244, 165, 130},
        {214, 96, 77},
        {178, 24, 43},
        {103, 0, 31}
    };

    private ColorMaps() {}

    /**
     * @param v     value
     * @param limit the value shown in the darkest red; {@code -limit} is the darkest blue
     */
    static int diverging(double v, double limit) {
        if (Double.isNaN(v)) {
            return 0x808080;
        }
        double t = limit > 0 ? Math.max(-1, Math.min(1, v / limit)) : 0;
        double pos = (t + 1) / 2 * (RD_BU_R.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(RD_BU_R.length - 1, lo + 1);
        double f = pos - lo;
        int r = (int) Math.round(RD_BU_R[lo][0] + (RD_BU_R[hi][0] - RD_BU_R[lo][0]) * f);
        int g = (int) Math.round(RD_BU_R[lo][1] + (RD_BU_R[hi][1] - RD_BU_R[lo][1]) * f);
        int b = (int) Math.round(RD_BU_R[lo][2] + (RD_BU_R[hi][2] - RD_BU_R[lo][2]) * f);
        return (r << 16) | (g << 8) | b;
    }

    /** Grey level for {@code v} windowed to {@code [lo, hi]}. */
    static int gray(double v, double lo, double hi) {
        double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        int c = (int) Math.round(255 * Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)));
        return (c << 16) | (c << 8) | c;
    }

    /** {@code base} blended towards {@code over} by {@code alpha} in [0, 1]. */
    static int blend(int base, int over, double alpha) {
        int r = (int) Math.round(((base >> 16) & 255) * (1 - alpha) + ((over >> 16) & 255) * alpha);
        int g = (int) Math.round(((base >> 8) & 255) * (1 - alpha) + ((over >> 8) & 255) * alpha);
        int b = (int) Math.round((base & 255) * (1 - alpha) + (over & 255) * alpha);
        return (r << 16) | (g << 8) | b;
    }
}
