package io.tonno.activities.reconstruction;

import io.tonno.classifier.inference.Devices;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.training.Checkpoint;
import io.tonno.imaging.InvalidInputException;
import io.tonno.workflows.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;

/** Builds the trained network of a checkpoint file on a device. */
public final class Networks {
    private Networks() {}

    /**
     * The network of {@code checkpoint} (a trainer checkpoint) for {@code model}; the caller closes it.
     *
     * @param device the worker's device, used when {@code model.device} is {@code auto}
     */
    public static ResNet load(Path checkpoint, ModelSpec model, String device)
            throws IOException, InvalidInputException {
        Checkpoint ckpt = Checkpoint.read(checkpoint);
        ResNetLayout layout = new ResNetLayout(Architecture.parse(model.arch()), NormKind.parse(model.norm()), 1);
        boolean auto = "auto".equals(model.device());
        ai.djl.Device d = auto
                ? Devices.available(device, "worker settings", "device")
                : Devices.available(model.device(), "experiment spec", "model.device");
        return new ResNet(layout, InputNormalization.parse(model.inputNormalization()), d, ckpt.model());
    }
}
