package io.tonno.classifier.inference;

import ai.djl.Device;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.weights.SafeTensors;
import io.tonno.classifier.weights.Weights;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a trained 1-logit network for inference (ToNNO scoring, CAM methods) from a safetensors file with
 * timm's names, as {@code tonno train} writes ({@code model.safetensors}). The caller closes the network.
 */
public final class Networks {
    private Networks() {}

    /**
     * @param weights            safetensors file
     * @param arch               the architecture the file was trained with
     * @param norm               its normalisation layers ({@link Weights#resolveNorm} reads them from the file)
     * @param inputNormalization how slices become the 3-channel input (as in training)
     * @param device             where the network runs
     * @throws InvalidInputException naming the file when it is missing or its tensors do not fit
     */
    public static ResNet load(
            Path weights, Architecture arch, NormKind norm, InputNormalization inputNormalization, Device device)
            throws IOException, InvalidInputException {
        if (!Files.isRegularFile(weights)) {
            throw new InvalidInputException(weights.toString(), "weights", "no such file");
        }
        // Weights.load would report the head among the mis-shaped tensors; a pretrained head (timm's 1000
        // ImageNet classes) deserves its own message.
        long[] head = SafeTensors.readHeader(weights).shapes().get("fc.weight");
        if (head != null && (head.length != 2 || head[0] != 1)) {
            throw new InvalidInputException(
                    weights.toString(),
                    "fc.weight",
                    "has shape "
                            + java.util.Arrays.toString(head) + "; inference needs a trained 1-logit head (1, "
                            + arch.features() + ")");
        }
        ResNetLayout layout = new ResNetLayout(arch, norm, 1);
        java.util.Map<String, float[]> values = Weights.load(weights, layout);
        return new ResNet(layout, inputNormalization, device, values);
    }
}
