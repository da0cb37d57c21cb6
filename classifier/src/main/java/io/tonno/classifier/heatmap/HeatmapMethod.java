package io.tonno.classifier.heatmap;

import io.tonno.classifier.cam.CamMethod;
import io.tonno.imaging.SpecName;
import io.tonno.tomography.MapMethod;

/**
 * The heatmap methods compared in the paper (Table 2), by their ids in specs and on the command line (the same ids
 * as the workflow's {@code MethodSpec.name}). {@link HeatmapMethods} computes them.
 */
public enum HeatmapMethod implements SpecName {
    /** ToNNO: the logits of slices in every direction, inverted by filtered backprojection ({@code method.md} §6). */
    TONNO(null),
    /** GradCAM on every slice of the 2D baseline protocol ({@code method.md} §7). */
    GRADCAM(CamMethod.GRADCAM),
    /** LayerCAM, 2D baseline protocol. */
    LAYERCAM(CamMethod.LAYERCAM),
    /** GradCAM++, 2D baseline protocol. */
    GRADCAMPP(CamMethod.GRADCAMPP),
    /** ScoreCAM, 2D baseline protocol. */
    SCORECAM(CamMethod.SCORECAM),
    /** Averaged CAM: a CAM method's maps averaged over slices in every direction ({@code method.md} §8). */
    AVERAGED(null),
    /** Tomographic CAM: the maps' second differences backprojected ({@code method.md} §8). */
    TOMOGRAPHIC(null);

    private final CamMethod baselineCam;

    HeatmapMethod(CamMethod baselineCam) {
        this.baselineCam = baselineCam;
    }

    /** True for the 2D baselines (one CAM per slice of the volume, no directions). */
    public boolean isBaseline2d() {
        return baselineCam != null;
    }

    /** True for the methods that run over a direction set and so split into chunks. */
    public boolean isChunked() {
        return baselineCam == null;
    }

    /** How Averaged and Tomographic CAM turn slice maps into a volume; {@code null} for the others. */
    public MapMethod mapMethod() {
        return switch (this) {
            case AVERAGED -> MapMethod.AVERAGED;
            case TOMOGRAPHIC -> MapMethod.TOMOGRAPHIC;
            default -> null;
        };
    }

    /** The CAM method of a 2D baseline; {@code null} for the others. */
    public CamMethod baselineCam() {
        return baselineCam;
    }

    /** Parses an id; case-insensitive ({@code gradcam++} accepted). */
    public static HeatmapMethod parse(String text) {
        return SpecName.find(HeatmapMethod.class, CamMethod.resolveAlias(text))
                .orElseThrow(() -> new IllegalArgumentException("unknown heatmap method '" + text
                        + "', expected tonno, gradcam, layercam, gradcampp, scorecam, averaged or tomographic"));
    }
}
