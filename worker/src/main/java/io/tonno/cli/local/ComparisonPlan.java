package io.tonno.cli.local;

import io.tonno.classifier.cam.CamMethod;
import io.tonno.classifier.cam.SliceAxes;
import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.nn.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rows of {@code tonno compare}: every (method, layer, axes) to compute, in the order of the results table
 * (2D baselines per CAM method, axial then all three axes, each at every layer; ToNNO; Averaged and Tomographic
 * CAM at every layer).
 */
public final class ComparisonPlan {
    /**
     * One row.
     *
     * @param name     the table's method name: {@code ToNNO}, {@code LayerCAM}, {@code LayerCAM (3 axes)},
     *                 {@code Averaged LayerCAM}, {@code Tomographic LayerCAM}, ...
     * @param layer    {@code layer1..layer4}, or {@code null} for ToNNO
     * @param settings what {@link io.tonno.classifier.heatmap.HeatmapMethods} computes
     */
    record Row(String name, String layer, MethodSettings settings) {
        /** File-safe identifier, e.g. {@code layercam-l2-axial}. */
        String label() {
            return settings.label();
        }

        /** Shown in the Fig. 6 panel (one column pair per row there). */
        boolean axial3d() {
            return settings.method().isChunked() || settings.axes() == SliceAxes.AXIAL;
        }
    }

    private ComparisonPlan() {
    }

    /**
     * @param methods    which methods (2D baselines, {@code TONNO}, {@code AVERAGED}, {@code TOMOGRAPHIC})
     * @param layers     CAM layers, in order
     * @param scoreCamLayers ScoreCAM's layers (it needs one forward pass per channel and slice, so a run may
     *                   limit it to the cheaper layers)
     * @param axes       2D baseline variants, in order
     * @param mapCam     the CAM whose maps Averaged and Tomographic reconstruct (the paper: LayerCAM)
     * @param base       ToNNO settings carrying {@code L}, {@code M}, slice size, threads and batch size
     */
    static List<Row> rows(Set<HeatmapMethod> methods, List<Stage> layers, List<Stage> scoreCamLayers,
            List<SliceAxes> axes, CamMethod mapCam, MethodSettings base) {
        List<Row> out = new ArrayList<>();
        for (HeatmapMethod m : HeatmapMethod.values()) {
            if (!m.isBaseline2d() || !methods.contains(m)) {
                continue;
            }
            for (SliceAxes a : axes) {
                for (Stage layer : m == HeatmapMethod.SCORECAM ? scoreCamLayers : layers) {
                    MethodSettings s = new MethodSettings(m, m.baselineCam(), layer, a, 0, 0, base.sliceSize(), false,
                            base.threads(), base.batchSize(), false);
                    String name = camName(m.baselineCam()) + (a == SliceAxes.ALL ? " (3 axes)" : "");
                    out.add(new Row(name, layerName(layer), s));
                }
            }
        }
        if (methods.contains(HeatmapMethod.TONNO)) {
            out.add(new Row("ToNNO", null, base));
        }
        for (HeatmapMethod m : List.of(HeatmapMethod.AVERAGED, HeatmapMethod.TOMOGRAPHIC)) {
            if (!methods.contains(m)) {
                continue;
            }
            for (Stage layer : layers) {
                MethodSettings s = new MethodSettings(m, mapCam, layer, null, base.directions(), base.slices(),
                        base.sliceSize(), base.hemisphere(), base.threads(), base.batchSize(), false);
                String prefix = m == HeatmapMethod.AVERAGED ? "Averaged " : "Tomographic ";
                out.add(new Row(prefix + camName(mapCam), layerName(layer), s));
            }
        }
        return out;
    }

    /** The paper's spelling of a CAM method. */
    static String camName(CamMethod cam) {
        return switch (cam) {
            case GRADCAM -> "GradCAM";
            case LAYERCAM -> "LayerCAM";
            case GRADCAMPP -> "GradCAM++";
            case SCORECAM -> "ScoreCAM";
        };
    }

    static String layerName(Stage layer) {
        return "layer" + CamMethod.layerNumber(layer);
    }
}
