package io.tonno.classifier.heatmap;

import io.tonno.classifier.cam.CamMethod;
import io.tonno.tomography.MapMethod;
import java.util.Locale;

/**
 * The heatmap methods compared in the paper (Table 2), by their ids in specs and on the command line (the same ids
 * as the workflow's {@code MethodSpec.name}). {@link HeatmapMethods} computes them.
 */
public enum HeatmapMethod {
    /** ToNNO: the logits of slices in every direction, inverted by filtered backprojection ({@code method.md} §6). */
    TONNO("tonno", null),
    /** GradCAM on every slice of the 2D baseline protocol ({@code method.md} §7). */
    GRADCAM("gradcam", CamMethod.GRADCAM),
    /** LayerCAM, 2D baseline protocol. */
    LAYERCAM("layercam", CamMethod.LAYERCAM),
    /** GradCAM++, 2D baseline protocol. */
    GRADCAMPP("gradcampp", CamMethod.GRADCAMPP),
    /** ScoreCAM, 2D baseline protocol. */
    SCORECAM("scorecam", CamMethod.SCORECAM),
    /** Averaged CAM: a CAM method's maps averaged over slices in every direction ({@code method.md} §8). */
    AVERAGED("averaged", null),
    /** Tomographic CAM: the maps' second differences backprojected ({@code method.md} §8). */
    TOMOGRAPHIC("tomographic", null);

    private final String id;
    private final CamMethod baselineCam;

    HeatmapMethod(String id, CamMethod baselineCam) {
        this.id = id;
        this.baselineCam = baselineCam;
    }

    public String id() {
        return id;
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
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("gradcam++")) {
            return GRADCAMPP;
        }
        for (HeatmapMethod m : values()) {
            if (m.id.equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown heatmap method '" + text
                + "', expected tonno, gradcam, layercam, gradcampp, scorecam, averaged or tomographic");
    }
}
