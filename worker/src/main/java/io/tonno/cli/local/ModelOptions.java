package io.tonno.cli.local;

import io.tonno.classifier.inference.Devices;
import io.tonno.classifier.inference.Networks;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.weights.Weights;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that load a trained network ({@code tonno cam}, {@code tonno reconstruct --scorer model|cam:...}):
 * a picocli mixin. They must match how the network was trained ({@code tonno train}'s spec).
 */
public final class ModelOptions {
    @Option(
            names = "--weights",
            paramLabel = "FILE",
            description = "Trained weights (model.safetensors from tonno train).")
    Path weights;

    @Option(
            names = "--arch",
            defaultValue = "resnet10t",
            description = "resnet10t or resnet50. Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(
            names = "--norm",
            description = "bn, frozen-bn or gn, as trained. Default: the weights file's (its tensors "
                    + "and tonno.norm metadata); a contradicting choice is an error.")
    String norm;

    @Option(
            names = "--input-normalization",
            defaultValue = "none",
            description = "none or imagenet, as trained. Default: ${DEFAULT-VALUE}.")
    String inputNormalization;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N. Default: ${DEFAULT-VALUE}.")
    String device;

    /** True when {@code --weights} was given. */
    public boolean present() {
        return weights != null;
    }

    /**
     * Loads the network; the caller closes it. Afterwards {@code norm} holds the norm kind the network was built
     * with (the file's when {@code --norm} was not given).
     *
     * @param why what needs the network, for the error when {@code --weights} is missing
     */
    public ResNet load(String why) throws IOException, InvalidInputException {
        if (weights == null) {
            throw new InvalidInputException("command line", "--weights", why + " needs --weights FILE");
        }
        Architecture a;
        InputNormalization in;
        try {
            a = Architecture.parse(arch);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("command line", "--arch", e.getMessage());
        }
        NormKind chosen;
        try {
            chosen = norm == null ? null : NormKind.parse(norm);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("command line", "--norm", e.getMessage());
        }
        try {
            in = InputNormalization.parse(inputNormalization);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("command line", "--input-normalization", e.getMessage());
        }
        ai.djl.Device d = Devices.available(device, "command line", "--device");
        NormKind n = Weights.resolveNorm(weights, chosen, "--norm");
        norm = n.id();
        return Networks.load(weights, a, n, in, d);
    }
}
