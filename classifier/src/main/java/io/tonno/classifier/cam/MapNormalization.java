package io.tonno.classifier.cam;

/**
 * The explicit normalisation step that CAM libraries apply to every map: min-max to {@code [0, 1]}. Used
 * by the 2D baselines only when asked; never before averaging maps across slices and angles
 * ({@code method.md} §7), where it would destroy their relative scale.
 */
public final class MapNormalization {
    private MapNormalization() {}

    /**
     * Min-max normalises each of {@code count} maps of {@code cells} values in place:
     * {@code (x - min) / (max - min + 1e-7)}, as {@code pytorch_grad_cam.utils.image.scale_cam_image}.
     * A constant map becomes all zeros. NaNs propagate.
     */
    public static void minMaxPerMap(float[] maps, int count, int cells) {
        for (int b = 0; b < count; b++) {
            int o = b * cells;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < cells; i++) {
                min = Math.min(min, maps[o + i]);
                max = Math.max(max, maps[o + i]);
            }
            float range = max - min + 1e-7f;
            for (int i = 0; i < cells; i++) {
                maps[o + i] = (maps[o + i] - min) / range;
            }
        }
    }
}
