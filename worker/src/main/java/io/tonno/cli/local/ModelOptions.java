package io.tonno.cli.local;

import io.tonno.classifier.inference.Devices;
import io.tonno.classifier.inference.ModelFile;
import io.tonno.classifier.inference.ModelFormat;
import io.tonno.classifier.inference.Networks;
import io.tonno.classifier.inference.ScoringEngine;
import io.tonno.classifier.inference.SliceModel;
import io.tonno.classifier.inference.Slicing;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.weights.Weights;
import io.tonno.cli.OptionChecks;
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
            description = "The trained network: model.safetensors from tonno train, or a network exported from"
                    + " PyTorch (TorchScript .pt, ONNX .onnx; ToNNO only).")
    Path weights;

    @Option(
            names = "--model-format",
            paramLabel = "FORMAT",
            description = "safetensors, torchscript or onnx. Default: from the --weights file name.")
    String format;

    @Option(
            names = "--channels",
            defaultValue = "3",
            description = "Input channels of a TorchScript/ONNX network: 3 (the slice repeated) or 1.")
    int channels;

    @Option(
            names = "--positive-index",
            paramLabel = "K",
            description = "Index of the positive class when a TorchScript/ONNX network returns class logits"
                    + " (N, classes); its log-odds is the score. Default: one logit per slice.")
    Integer positiveIndex;

    @Option(
            names = "--arch",
            defaultValue = "resnet10t",
            description = "resnet10t, resnet10t-hr (stem at stride 1: 2x the resolution, 4x the cost) or resnet50.")
    String arch;

    @Option(
            names = "--norm",
            description = "bn, frozen-bn or gn, as trained. Default: the weights file's (its tensors "
                    + "and tonno.norm metadata); a contradicting choice is an error.")
    String norm;

    @Option(names = "--input-normalization", defaultValue = "none", description = "none or imagenet, as trained.")
    String inputNormalization;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N.")
    String device;

    @Option(
            names = "--scoring-engine",
            defaultValue = "auto",
            description = "What scores slices for ToNNO with the project's ResNet: onnxruntime (the network compiled"
                    + " for inference, CPU only, 1.5-2x faster), pytorch, or auto (onnxruntime on the CPU, pytorch on"
                    + " a GPU). CAM methods always run on pytorch.")
    String scoringEngine;

    @Option(
            names = "--slicing",
            defaultValue = "auto",
            description = "Where ToNNO's slices are cut when pytorch scores them: device (engine operations on the"
                    + " network's device, so no slice crosses the bus; needs --scoring-engine pytorch on the CPU),"
                    + " host (the Java slicer), or auto (device on a GPU, host on the CPU).")
    String slicing;

    /** True when {@code --weights} was given. */
    public boolean present() {
        return weights != null;
    }

    /**
     * Loads the network in any format, checked ({@link ModelFile#load}); the caller closes it. Afterwards
     * {@code norm} holds the norm kind a safetensors network was built with.
     *
     * @param why       what needs the network, for the error when {@code --weights} is missing
     * @param sliceSize the slices it will score, which an exported network is probed with
     */
    public SliceModel loadModel(String why, int sliceSize) throws IOException, InvalidInputException {
        if (weights == null) {
            throw new InvalidInputException("command line", "--weights", why + " needs --weights FILE");
        }
        ModelFormat f = ModelFormat.resolve(format, weights, "command line", "--model-format");
        if (f == ModelFormat.SAFETENSORS) {
            OptionChecks.check(channels == 3, "--channels", "the project's ResNet takes 3 channels, got " + channels);
            OptionChecks.check(positiveIndex == null, "--positive-index", "the project's ResNet has one logit");
            return loadResNet(why);
        }
        OptionChecks.check(
                slicing() == Slicing.AUTO,
                "--slicing",
                "chooses where the project's ResNet's slices are cut; a " + f.id() + " network takes host slices:"
                        + " leave it out");
        OptionChecks.check(
                scoringEngine() == ScoringEngine.AUTO,
                "--scoring-engine",
                "chooses how the project's ResNet is scored; a " + f.id() + " network runs on its own format's engine:"
                        + " leave it out");
        InputNormalization in;
        try {
            in = InputNormalization.parse(inputNormalization);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("command line", "--input-normalization", e.getMessage());
        }
        OptionChecks.check(channels == 1 || channels == 3, "--channels", "must be 1 or 3, got " + channels);
        OptionChecks.check(
                channels == 3 || in == InputNormalization.NONE,
                "--input-normalization",
                "imagenet normalizes three channels; with --channels 1 use none");
        OptionChecks.check(
                positiveIndex == null || positiveIndex >= 0, "--positive-index", "must be >= 0, got " + positiveIndex);
        ai.djl.Device d = Devices.available(device, "command line", "--device");
        return new ModelFile(weights, f, null, null, in, channels, positiveIndex, sliceSize, "command line")
                .load(d, "--norm");
    }

    /**
     * The project's ResNet ({@link #load}) as a slice model scored by {@code --scoring-engine}; the caller closes it.
     *
     * @param why what needs the network, for the error when {@code --weights} is missing
     */
    public SliceModel loadResNet(String why) throws IOException, InvalidInputException {
        ScoringEngine engine = scoringEngine();
        Slicing where = slicing();
        return SliceModel.of(load(why), engine, where, "command line", "--scoring-engine", "--slicing");
    }

    /** The parsed {@code --slicing}. */
    public Slicing slicing() throws InvalidInputException {
        try {
            return Slicing.parse(slicing);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("command line", "--slicing", e.getMessage());
        }
    }

    /** The parsed {@code --scoring-engine}. */
    public ScoringEngine scoringEngine() throws InvalidInputException {
        try {
            return ScoringEngine.parse(scoringEngine);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("command line", "--scoring-engine", e.getMessage());
        }
    }

    /** The format of {@code --weights}, or null when there is no file. */
    public ModelFormat format() throws InvalidInputException {
        return weights == null ? null : ModelFormat.resolve(format, weights, "command line", "--model-format");
    }

    /**
     * Loads the project's ResNet (safetensors); the caller closes it. Afterwards {@code norm} holds the norm kind the network was built
     * with (the file's when {@code --norm} was not given).
     *
     * @param why what needs the network, for the error when {@code --weights} is missing
     */
    public ResNet load(String why) throws IOException, InvalidInputException {
        if (weights == null) {
            throw new InvalidInputException("command line", "--weights", why + " needs --weights FILE");
        }
        if (format() != ModelFormat.SAFETENSORS) {
            throw new InvalidInputException(
                    "command line",
                    "--weights",
                    why + " needs the layers of the project's ResNet (a safetensors file); " + weights + " is a "
                            + format().id() + " network, which exposes none (ToNNO can use it: --scorer model)");
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
