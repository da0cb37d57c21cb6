package io.tonno.classifier.inference;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.SpecName;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The file format of a trained slice classifier.
 *
 * <ul>
 *   <li>{@link #SAFETENSORS}: the project's own ResNet ({@code model.safetensors} of {@code tonno train}, timm's
 *       tensor names); every heatmap method, CAMs included, can use it;
 *   <li>{@link #TORCHSCRIPT}: any network saved with {@code torch.jit.trace}/{@code torch.jit.script}
 *       ({@code .pt}), run by DJL's PyTorch engine; ToNNO only;
 *   <li>{@link #ONNX}: any network exported with {@code torch.onnx.export} ({@code .onnx}), run by DJL's
 *       ONNX Runtime engine; ToNNO only.
 * </ul>
 */
public enum ModelFormat implements SpecName {
    SAFETENSORS,
    TORCHSCRIPT,
    ONNX;

    /** Parses {@code safetensors}, {@code torchscript} or {@code onnx}; case-insensitive. */
    public static ModelFormat parse(String id) {
        return SpecName.parse(ModelFormat.class, id, "model format");
    }

    /**
     * The format a file name suggests: {@code .safetensors}; {@code .pt}, {@code .pth}, {@code .ts},
     * {@code .torchscript}; {@code .onnx}. Empty for any other name.
     */
    public static Optional<ModelFormat> ofFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".safetensors")) {
            return Optional.of(SAFETENSORS);
        }
        if (n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".ts") || n.endsWith(".torchscript")) {
            return Optional.of(TORCHSCRIPT);
        }
        if (n.endsWith(".onnx")) {
            return Optional.of(ONNX);
        }
        return Optional.empty();
    }

    /**
     * The declared format, or the one the file name suggests when none is declared.
     *
     * @param declared the spec's or command line's format, null when not given
     * @param source   the spec or {@code "command line"}, for the message
     * @param field    the format field ({@code model.format}, {@code --model-format})
     * @throws InvalidInputException naming {@code field} for an unknown format, or when none is declared and the file
     *                               name does not tell
     */
    public static ModelFormat resolve(String declared, Path file, String source, String field)
            throws InvalidInputException {
        if (declared != null) {
            try {
                return parse(declared);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(source, field, e.getMessage());
            }
        }
        return ofFileName(file.getFileName().toString())
                .orElseThrow(() -> new InvalidInputException(
                        source,
                        field,
                        "cannot tell the format of " + file.getFileName()
                                + " from its name (.safetensors, .pt or .onnx); give it: safetensors, torchscript"
                                + " or onnx"));
    }

    /** The DJL engine that runs this format. */
    String engine() {
        return this == ONNX ? "OnnxRuntime" : "PyTorch";
    }

    /** The usual file extension, with its dot. */
    public String extension() {
        return switch (this) {
            case SAFETENSORS -> ".safetensors";
            case TORCHSCRIPT -> ".pt";
            case ONNX -> ".onnx";
        };
    }
}
