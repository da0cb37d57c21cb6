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
 *       {@code sliceSize}, {@code inversion} and {@code scoreMap} (docs/tomography.md, "Saturation");</li>
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
 * @param inversion     ToNNO only: {@code paper} (default: the 3D inverse Radon transform), {@code backprojection}
 *                      (unfiltered) or {@code fractional:ALPHA} (a derivative of order ALPHA in (0, 2] between the two)
 * @param scoreMap      ToNNO only: {@code logit} (default) or {@code sigmoid}, applied to the slice scores before the
 *                      inversion
 * @param sampling      ToNNO only: {@code sphere} (default, the paper's: the Fibonacci lattice of {@code L} normals
 *                      over the whole sphere) or {@code hemisphere} ({@code L} normals of the lattice of {@code 2L}
 *                      with {@code y > 0}, each standing for itself and its antipodal twin: half the network calls
 *                      at the same angular density; exact for a mirror-symmetric network, docs/tomography.md);
 *                      {@code relaxed-hemisphere} (that set after repulsion steps that even out its axes) and
 *                      {@code random-hemisphere} ({@code L} independent uniform axes) are measured alternatives
 * @param offsets       ToNNO only: {@code cube} (default, the paper's: {@code M+2} offsets across the cube for every
 *                      direction), {@code body} (only the planes that meet the volume's non-zero voxels are cut
 *                      and scored; the others are empty and take the score of one zero slice: the same heatmap) or
 *                      {@code adaptive[:TOLERANCE]} (body offsets, of which every 4th is scored, refined where the
 *                      logits curve by more than {@code TOLERANCE}, default {@value #ADAPTIVE_TOLERANCE}, and the rest
 *                      interpolated along the offset: nearly the same heatmap for a little over half the calls;
 *                      docs/tomography.md, "Adaptive offsets")
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
        String inversion,
        String scoreMap,
        String sampling,
        String offsets,
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
        return of(name, null, null, null);
    }

    /**
     * A method with its CAM fields given (each {@code null} for the default or where it does not apply); the
     * paper's sampling, inversion and score map, the default slice size and no label.
     */
    public static MethodSpec of(String name, String cam, Integer layer, String axes) {
        return new MethodSpec(name, cam, layer, axes, null, null, null, null, null, null, null, null, null);
    }

    /** ToNNO with the given inversion and score map ({@code null}: the paper's, the logits). */
    public static MethodSpec tonno(String inversion, String scoreMap) {
        return new MethodSpec("tonno", null, null, null, null, null, null, inversion, scoreMap, null, null, null, null);
    }

    /** A copy with other {@code L} and {@code M}. */
    public MethodSpec withSampling(Integer newDirections, Integer newSlices) {
        return with(newDirections, newSlices, sliceSize, label);
    }

    /** A copy with another slice size ({@code null}: the model's). */
    public MethodSpec withSliceSize(Integer size) {
        return with(directions, slices, size, label);
    }

    /** A copy whose slice size is {@code size} when none was given. */
    public MethodSpec withDefaultSliceSize(int size) {
        return sliceSize != null ? this : withSliceSize(size);
    }

    /** A copy with another label ({@code null}: the name derived by {@link #key()}). */
    public MethodSpec withLabel(String newLabel) {
        return with(directions, slices, sliceSize, newLabel);
    }

    /** A copy with other {@code L}, {@code M}, slice size and label; every other field kept. */
    private MethodSpec with(Integer newDirections, Integer newSlices, Integer newSliceSize, String newLabel) {
        return new MethodSpec(
                name,
                cam,
                layer,
                axes,
                newDirections,
                newSlices,
                newSliceSize,
                inversion,
                scoreMap,
                sampling,
                offsets,
                newLabel,
                unknownFields);
    }

    /** The values of {@code sampling}; the tomography engine's {@code DirectionLattice} ids. */
    public static final java.util.List<String> SAMPLINGS =
            java.util.List.of("sphere", "hemisphere", "relaxed-hemisphere", "random-hemisphere");

    /** The refinement tolerance of {@code offsets: adaptive} without one, in logits. */
    public static final double ADAPTIVE_TOLERANCE = 0.03;

    /** The values {@code offsets} takes, as messages name them. */
    public static final String OFFSETS = "cube, body, adaptive or adaptive:TOLERANCE (logits, >= 0)";

    /** True when ToNNO scores only the planes meeting the body ({@code offsets: body}, or adaptive). */
    @JsonIgnore
    public boolean bodyOffsets() {
        return "body".equals(offsets) || adaptiveOffsets() != null;
    }

    /** The tolerance of {@code offsets: adaptive[:TOLERANCE]}, or {@code null} for other offsets. */
    @JsonIgnore
    public Double adaptiveOffsets() {
        return offsets != null && offsets.startsWith("adaptive") ? adaptiveTolerance(offsets) : null;
    }

    /**
     * The tolerance of an {@code offsets} value {@code adaptive} ({@value #ADAPTIVE_TOLERANCE}) or {@code
     * adaptive:TOLERANCE} (a finite number {@code >= 0}).
     *
     * @throws IllegalArgumentException for any other value
     */
    public static double adaptiveTolerance(String offsets) {
        if ("adaptive".equals(offsets)) {
            return ADAPTIVE_TOLERANCE;
        }
        if (offsets != null && offsets.startsWith("adaptive:")) {
            try {
                double t = Double.parseDouble(offsets.substring("adaptive:".length()));
                if (t >= 0 && t < Double.POSITIVE_INFINITY) {
                    return t;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw new IllegalArgumentException("expected " + OFFSETS + ", got '" + offsets + "'");
    }

    /** True for the methods that reconstruct from lattice directions (ToNNO, Averaged, Tomographic). */
    @JsonIgnore
    public boolean isDirectional() {
        return DIRECTIONAL.contains(name);
    }

    /**
     * The method's name in artifact keys, stage names and result tables, the one name of a result row (the
     * workflow, {@code tonno compare} and the benches all use it): {@code label} when given, otherwise e.g.
     * {@code tonno}, {@code gradcam-layer4-axial}, {@code tomographic-layercam-layer3}; a ToNNO variant adds its
     * inversion and score map: {@code tonno-backprojection}, {@code tonno-fractional-0.5-sigmoid}.
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
        return key.append(variantSuffix('-')).toString();
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
            String v = variantSuffix(' ');
            return v.isEmpty() ? "ToNNO" : "ToNNO (" + v.trim() + ")";
        }
        if ("averaged".equals(name) || "tomographic".equals(name)) {
            return ("averaged".equals(name) ? "Averaged " : "Tomographic ") + camName(cam);
        }
        return camName(name) + ("all".equals(axes) ? " (3 axes)" : "");
    }

    /**
     * The inversion and score map when they are not the paper's, each after {@code separator}:
     * {@code -backprojection-sigmoid}, {@code -fractional-0.5}; empty for the paper's inversion of the logits. An
     * order is written as a number ({@code fractional:0.50} gives {@code 0.5}, {@code fractional:1.0} gives
     * {@code 1}); text that is not a valid variant is kept as written (the validator refuses it).
     */
    private String variantSuffix(char separator) {
        StringBuilder v = new StringBuilder();
        String inv = inversion == null ? "paper" : inversion.trim().toLowerCase(java.util.Locale.ROOT);
        if (!"paper".equals(inv)) {
            v.append(separator);
            if (inv.startsWith("fractional:")) {
                String order = inv.substring("fractional:".length());
                try {
                    double a = Double.parseDouble(order);
                    order = a == Math.rint(a) ? Long.toString((long) a) : Double.toString(a);
                } catch (NumberFormatException e) {
                    // kept as written
                }
                v.append("fractional").append(separator).append(order);
            } else {
                v.append(inv);
            }
        }
        String map = scoreMap == null ? "logit" : scoreMap.trim().toLowerCase(java.util.Locale.ROOT);
        if (!"logit".equals(map)) {
            v.append(separator).append(map);
        }
        return v.toString();
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
