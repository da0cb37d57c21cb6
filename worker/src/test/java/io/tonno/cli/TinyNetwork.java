package io.tonno.cli;

import ai.djl.Device;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.weights.Weights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The command-line tests' network: a randomly initialised ResNet-10-T with group norm and one logit. */
public final class TinyNetwork {
    private TinyNetwork() {}

    /** Writes the network of init seed 5 to {@code file} (safetensors, timm names) and returns the file. */
    public static Path write(Path file) throws IOException {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 5))) {
            Weights.save(file, net, Map.of());
        }
        return file;
    }
}
