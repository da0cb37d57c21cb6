package io.tonno.evaluation.report;

import io.tonno.evaluation.calibration.BinarizationSettings;
import io.tonno.imaging.Volume;
import java.util.List;
import java.util.Objects;

/**
 * What one row of the Fig. 6 panel needs: the input volume, its mask (or {@code null}) and each
 * method's heatmap with the settings that binarize it. All volumes share one shape.
 */
public record CaseFigureInput(String caseId, Volume image, Volume truth, List<MethodMap> maps) {
    /**
     * @param method     column title, e.g. {@code Tomographic LayerCAM (layer3)}
     * @param heatmap    raw heatmap
     * @param foreground body mask when the settings restrict to it, else {@code null}
     * @param settings   binarization of this method
     */
    public record MethodMap(String method, Volume heatmap, Volume foreground, BinarizationSettings settings) {
        public MethodMap {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(heatmap, "heatmap");
            Objects.requireNonNull(settings, "settings");
        }
    }

    public CaseFigureInput {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(image, "image");
        maps = List.copyOf(maps);
        if (truth != null && !truth.sameShape(image)) {
            throw new IllegalArgumentException("case " + caseId + ": truth shape differs from image shape");
        }
        for (MethodMap m : maps) {
            if (!m.heatmap().sameShape(image)) {
                throw new IllegalArgumentException(
                        "case " + caseId + ": heatmap of " + m.method() + " differs in shape from the image");
            }
        }
    }
}
