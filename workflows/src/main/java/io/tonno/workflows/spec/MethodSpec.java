package io.tonno.workflows.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Set;

/**
 * One heatmap method to reconstruct and evaluate (method.md §6–§8).
 *
 * <p>Which fields apply depends on {@code name}:
 * <ul>
 *   <li>{@code tonno}: {@code directions} L (default 2000), {@code slices} M (default 100),
 *       {@code sliceSize};</li>
 *   <li>{@code gradcam}, {@code layercam}, {@code gradcampp}, {@code scorecam} (2D baselines on
 *       every slice along the volume's axes): {@code layer} 1..4 (default 4), {@code axes}
 *       {@code axial} (default) or {@code all} (average of the three axes), {@code sliceSize};</li>
 *   <li>{@code averaged}, {@code tomographic}: {@code cam} (one of the 2D CAMs, required),
 *       {@code layer}, {@code directions} L (default 1000), {@code slices} M (default 100),
 *       {@code sliceSize}.</li>
 * </ul>
 * A field that does not apply to the method is rejected by the validator rather than ignored.
 *
 * @param name          the method
 * @param cam           for {@code averaged} and {@code tomographic}: which 2D CAM
 * @param layer         ResNet stage whose output the CAM uses, 1..4
 * @param axes          2D baselines only: {@code axial} or {@code all}
 * @param directions    L, the number of Fibonacci-lattice directions
 * @param slices        M, the number of slice offsets per direction (M+2 slices are scored)
 * @param sliceSize     side of the square slices in pixels; default: the model's sliceSize
 * @param label         name of the method in keys and tables, {@code [a-z0-9-]+}; default derived
 *                      from name, cam, layer and axes (see {@link #key()})
 * @param unknownFields JSON fields not listed above; any entry is a validation error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MethodSpec(
        String name,
        String cam,
        Integer layer,
        String axes,
        Integer directions,
        Integer slices,
        Integer sliceSize,
        String label,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> unknownFields) {

    /** The 2D CAM methods. */
    public static final Set<String> CAMS = Set.of("gradcam", "layercam", "gradcampp", "scorecam");
    /** Methods that reconstruct from Fibonacci-lattice directions. */
    public static final Set<String> DIRECTIONAL = Set.of("tonno", "averaged", "tomographic");

    public MethodSpec {
        unknownFields = UnknownFields.normalise(unknownFields);
        if (name != null) {
            boolean directional = DIRECTIONAL.contains(name);
            boolean usesCam = CAMS.contains(name) || "averaged".equals(name) || "tomographic".equals(name);
            if (directional) {
                directions = directions == null ? ("tonno".equals(name) ? 2000 : 1000) : directions;
                slices = slices == null ? 100 : slices;
            }
            if (usesCam) {
                layer = layer == null ? 4 : layer;
            }
            if (CAMS.contains(name)) {
                axes = axes == null ? "axial" : axes;
            }
        }
    }

    /** A method with only its name given; everything else takes its default. */
    public static MethodSpec of(String name) {
        return new MethodSpec(name, null, null, null, null, null, null, null, null);
    }

    /** A copy whose slice size is {@code size} when none was given. */
    public MethodSpec withDefaultSliceSize(int size) {
        return sliceSize != null
                ? this
                : new MethodSpec(name, cam, layer, axes, directions, slices, size, label, unknownFields);
    }

    /** True for the methods that reconstruct from lattice directions (ToNNO, Averaged, Tomographic). */
    @JsonIgnore
    public boolean isDirectional() {
        return DIRECTIONAL.contains(name);
    }

    /**
     * The method's name in artifact keys, stage names and result tables, the one name of a result row (the
     * workflow, {@code tonno compare} and the benches all use it): {@code label} when given, otherwise e.g.
     * {@code tonno}, {@code gradcam-layer4-axial}, {@code tomographic-layercam-layer3}.
     */
    public String key() {
        if (label != null) {
            return label;
        }
        StringBuilder key = new StringBuilder(String.valueOf(name));
        if (cam != null) {
            key.append('-').append(cam);
        }
        if (layer != null && !"tonno".equals(name)) {
            key.append("-layer").append(layer);
        }
        if (axes != null) {
            key.append('-').append(axes);
        }
        return key.toString();
    }

    /**
     * The method's name in result tables, as the paper writes it: {@code ToNNO}, {@code LayerCAM},
     * {@code GradCAM++ (3 axes)}, {@code Tomographic LayerCAM}; {@code label} when one was given. The layer
     * is a separate column ({@link #layerName()}).
     */
    @JsonIgnore
    public String displayName() {
        if (label != null) {
            return label;
        }
        if ("tonno".equals(name)) {
            return "ToNNO";
        }
        if ("averaged".equals(name) || "tomographic".equals(name)) {
            return ("averaged".equals(name) ? "Averaged " : "Tomographic ") + camName(cam);
        }
        return camName(name) + ("all".equals(axes) ? " (3 axes)" : "");
    }

    /** {@code layer1..layer4} for CAM-based methods, {@code null} for ToNNO. */
    @JsonIgnore
    public String layerName() {
        return layer == null || "tonno".equals(name) ? null : "layer" + layer;
    }

    /** The paper's spelling of a 2D CAM id: {@code GradCAM}, {@code LayerCAM}, {@code GradCAM++}, {@code ScoreCAM}. */
    public static String camName(String cam) {
        if (cam == null) {
            return "?";
        }
        return switch (cam) {
            case "gradcam" -> "GradCAM";
            case "layercam" -> "LayerCAM";
            case "gradcampp" -> "GradCAM++";
            case "scorecam" -> "ScoreCAM";
            default -> cam;
        };
    }
}
