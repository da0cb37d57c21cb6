package io.tonno.classifier.sampling;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tonno.imaging.InvalidInputException;

/**
 * Ranges of the random training-slice augmentations. Geometry acts on the in-plane vectors of the
 * {@code Basis} of the normal: {@code u1 = cos θ·u0 + sin θ·v0}, {@code v1 = -sin θ·u0 + cos θ·v0}, then
 * {@code u = s_u·u1}, {@code v = s_v·(v1 + k·u1)}. Intensity acts per slice on the sampled values
 * {@code x}: {@code x ← sign(x)·|x|^γ}, then {@code x ← c·x + b}, then {@code x ← x + σ·N(0,1)} per pixel.
 * Intensities are in the volume's units; the brightness and noise defaults assume volumes scaled to
 * about {@code [0, 1]}. Setting a range to its identity value disables that augmentation
 * ({@link #NONE}).
 *
 * @param rotationDegrees  θ uniform in {@code [-rotationDegrees, rotationDegrees]}; default 180 (any rotation); [0, 180]
 * @param scaleMin         {@code s_u}, {@code s_v} log-uniform in {@code [scaleMin, scaleMax]}, each independently:
 *                         the slice's half-extent in cube units along each axis; default 0.8; (0, scaleMax]
 * @param scaleMax         default 1.25
 * @param shearMax         shear {@code k} uniform in {@code [-shearMax, shearMax]}; default 0.15; [0, 1)
 * @param gammaMin         γ log-uniform in {@code [gammaMin, gammaMax]}; default 0.8; (0, gammaMax]
 * @param gammaMax         default 1.25
 * @param contrastMin      {@code c} log-uniform in {@code [contrastMin, contrastMax]}; default 0.8; (0, contrastMax]
 * @param contrastMax      default 1.25
 * @param brightnessMax    {@code b} uniform in {@code [-brightnessMax, brightnessMax]}; default 0.1; >= 0
 * @param noiseMax         σ uniform in {@code [0, noiseMax]} per slice; default 0.03; >= 0
 * @param mirror           reflect the slice with probability 1/2 ({@code v ← −v}, a left-right flip of the image);
 *                         default false. A plane and its antipodal twin {@code (−s, −n)} are the same slice mirrored
 *                         (docs/tomography.md), so a network trained with it scores them alike and the hemisphere
 *                         sampling of ToNNO (half the network calls) is exact for it
 * @param portable         the intensity augmentation in its {@link PortableIntensity} form (a tabulated gamma
 *                         curve, counter-based noise), which the host and an engine device compute bit for bit alike;
 *                         null (absent): when the training batch is cut on the device ({@code model.slicing}), else
 *                         the sequential form above (Box–Muller noise from the sampler's stream, {@code Math.pow})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Augmentation(
        double rotationDegrees,
        double scaleMin,
        double scaleMax,
        double shearMax,
        double gammaMin,
        double gammaMax,
        double contrastMin,
        double contrastMax,
        double brightnessMax,
        double noiseMax,
        boolean mirror,
        Boolean portable) {
    /** The documented defaults. */
    public static final Augmentation DEFAULT =
            new Augmentation(180, 0.8, 1.25, 0.15, 0.8, 1.25, 0.8, 1.25, 0.1, 0.03, false, null);
    /** Random orientation only: unit orthogonal in-plane vectors, unchanged intensities. */
    public static final Augmentation NONE = new Augmentation(180, 1, 1, 0, 1, 1, 1, 1, 0, 0, false, null);

    /** A copy that mirrors half the slices, or none. */
    public Augmentation withMirror(boolean newMirror) {
        return with(newMirror, portable);
    }

    /** A copy with {@link #portable} set (null: decided by where the batch is cut). */
    public Augmentation withPortable(Boolean newPortable) {
        return with(mirror, newPortable);
    }

    private Augmentation with(boolean newMirror, Boolean newPortable) {
        return new Augmentation(
                rotationDegrees,
                scaleMin,
                scaleMax,
                shearMax,
                gammaMin,
                gammaMax,
                contrastMin,
                contrastMax,
                brightnessMax,
                noiseMax,
                newMirror,
                newPortable);
    }

    /** For JSON specs: absent fields take the {@link #DEFAULT} values. */
    @JsonCreator
    public static Augmentation fromJson(
            @JsonProperty("rotationDegrees") Double rotationDegrees,
            @JsonProperty("scaleMin") Double scaleMin,
            @JsonProperty("scaleMax") Double scaleMax,
            @JsonProperty("shearMax") Double shearMax,
            @JsonProperty("gammaMin") Double gammaMin,
            @JsonProperty("gammaMax") Double gammaMax,
            @JsonProperty("contrastMin") Double contrastMin,
            @JsonProperty("contrastMax") Double contrastMax,
            @JsonProperty("brightnessMax") Double brightnessMax,
            @JsonProperty("noiseMax") Double noiseMax,
            @JsonProperty("mirror") Boolean mirror,
            @JsonProperty("portable") Boolean portable) {
        Augmentation d = DEFAULT;
        return new Augmentation(
                or(rotationDegrees, d.rotationDegrees),
                or(scaleMin, d.scaleMin),
                or(scaleMax, d.scaleMax),
                or(shearMax, d.shearMax),
                or(gammaMin, d.gammaMin),
                or(gammaMax, d.gammaMax),
                or(contrastMin, d.contrastMin),
                or(contrastMax, d.contrastMax),
                or(brightnessMax, d.brightnessMax),
                or(noiseMax, d.noiseMax),
                mirror != null && mirror,
                portable);
    }

    /** {@code v}, or {@code fallback} when the JSON field was absent ({@code v} null). */
    static double or(Double v, double fallback) {
        return v == null ? fallback : v;
    }

    /** Checks every range; {@code source} names the spec in the error. */
    public void validate(String source, String prefix) throws InvalidInputException {
        check(
                source,
                prefix + "rotationDegrees",
                rotationDegrees >= 0 && rotationDegrees <= 180,
                rotationDegrees,
                "in [0, 180]");
        checkLowerEnd(source, prefix, "scaleMin", scaleMin, "scaleMax", scaleMax);
        check(source, prefix + "scaleMax", scaleMax <= 10, scaleMax, "<= 10");
        check(source, prefix + "shearMax", shearMax >= 0 && shearMax < 1, shearMax, "in [0, 1)");
        checkLowerEnd(source, prefix, "gammaMin", gammaMin, "gammaMax", gammaMax);
        check(source, prefix + "gammaMax", gammaMax <= 10, gammaMax, "<= 10");
        checkLowerEnd(source, prefix, "contrastMin", contrastMin, "contrastMax", contrastMax);
        check(source, prefix + "contrastMax", contrastMax <= 10, contrastMax, "<= 10");
        check(source, prefix + "brightnessMax", brightnessMax >= 0, brightnessMax, ">= 0");
        check(source, prefix + "noiseMax", noiseMax >= 0, noiseMax, ">= 0");
    }

    /**
     * Refuses the lower end {@code min} of a range (field {@code prefix + minField}) unless it is in {@code (0, max]},
     * {@code max} being the value of the range's {@code maxField}, which the rule names.
     */
    static void checkLowerEnd(String source, String prefix, String minField, double min, String maxField, double max)
            throws InvalidInputException {
        check(source, prefix + minField, min > 0 && min <= max, min, "> 0 and <= " + maxField);
    }

    /** Refuses {@code value} of {@code field} unless {@code ok} (and not NaN), stating the {@code rule}. */
    static void check(String source, String field, boolean ok, double value, String rule) throws InvalidInputException {
        if (!ok || Double.isNaN(value)) {
            throw new InvalidInputException(source, field, "must be " + rule + ", got " + value);
        }
    }
}
