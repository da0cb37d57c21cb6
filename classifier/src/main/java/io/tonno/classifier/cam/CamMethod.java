package io.tonno.classifier.cam;

import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;
import io.tonno.imaging.SpecName;
import java.util.Locale;

/** The CAM methods of {@code method.md} §7, by their command-line ids. */
public enum CamMethod implements SpecName {
    /** {@link GradCam}. */
    GRADCAM,
    /** {@link LayerCam}. */
    LAYERCAM,
    /** {@link GradCamPlusPlus}. */
    GRADCAMPP,
    /** {@link ScoreCam}. */
    SCORECAM;

    /**
     * This method on {@code net} at {@code layer}, {@code batchSize} slices per forward pass (ScoreCAM: masked
     * inputs per forward pass).
     */
    public ActivationCam create(ResNet net, Stage layer, int batchSize) {
        return switch (this) {
            case GRADCAM -> new GradCam(net, layer, batchSize);
            case LAYERCAM -> new LayerCam(net, layer, batchSize);
            case GRADCAMPP -> new GradCamPlusPlus(net, layer, batchSize);
            case SCORECAM -> new ScoreCam(net, layer, batchSize);
        };
    }

    /**
     * Parses an id; case-insensitive, {@code gradcam++} accepted for {@code gradcampp}.
     *
     * @throws IllegalArgumentException listing the accepted ids
     */
    public static CamMethod parse(String text) {
        return SpecName.find(CamMethod.class, resolveAlias(text))
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown CAM method '" + text + "', expected gradcam, layercam, gradcampp or scorecam"));
    }

    /**
     * {@code text} with the alias {@code gradcam++} (any case, blanks around) replaced by {@code gradcampp}, the id
     * of {@link #GRADCAMPP}; anything else unchanged. Throws a {@link NullPointerException} on {@code null}.
     */
    public static String resolveAlias(String text) {
        return text.trim().equalsIgnoreCase("gradcam++") ? GRADCAMPP.id() : text;
    }

    /**
     * Parses a layer number {@code 1..4} (or {@code layer1..layer4}) to its {@link Stage}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Stage parseLayer(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("layer")) {
            t = t.substring("layer".length());
        }
        return switch (t) {
            case "1" -> Stage.LAYER1;
            case "2" -> Stage.LAYER2;
            case "3" -> Stage.LAYER3;
            case "4" -> Stage.LAYER4;
            default -> throw new IllegalArgumentException("unknown CAM layer '" + text + "', expected 1, 2, 3 or 4");
        };
    }

    /** The layer number {@code 1..4} of a stage {@code LAYER1..LAYER4}. */
    public static int layerNumber(Stage layer) {
        int n = layer.ordinal() - Stage.LAYER1.ordinal() + 1;
        if (n < 1 || n > 4) {
            throw new IllegalArgumentException("not a CAM layer: " + layer);
        }
        return n;
    }
}
