package io.tonno.classifier.inference;

import ai.djl.Device;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.weights.Weights;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained slice classifier on disk and how to run it: the one description the command line ({@code --weights},
 * {@code --model-format}, …) and the experiment spec ({@code model.file}, {@code model.format}, …) both turn into.
 *
 * @param file          the model file
 * @param format        its format
 * @param arch          safetensors only: the project's architecture the weights are for
 * @param norm          safetensors only: the norm kind, or null to read it from the file
 * @param normalization how slice intensities become the network input ({@link InputNormalization})
 * @param channels      exported models: 1 or 3 input channels (the project's ResNet always takes 3)
 * @param positiveIndex exported models: index of the positive class in a {@code (n, K)} output, null for 1 logit
 * @param sliceSize     side of the square slices in pixels, which {@link #load} probes exported models with
 * @param source        where these settings come from, for messages ({@code command line}, a spec)
 */
public record ModelFile(
        Path file,
        ModelFormat format,
        Architecture arch,
        NormKind norm,
        InputNormalization normalization,
        int channels,
        Integer positiveIndex,
        int sliceSize,
        String source) {

    /**
     * Loads and checks the model on {@code device}; the caller closes it. An exported model is probed with two
     * slices of {@code sliceSize} ({@link ExportedNetwork#probe}); safetensors weights must fit the architecture
     * tensor for tensor ({@link Networks#load}).
     *
     * @param normField how the norm is chosen, for messages ({@code --norm}, {@code model.norm})
     * @throws InvalidInputException naming the file (or the setting) and what was expected
     */
    public SliceModel load(Device device, String normField) throws IOException, InvalidInputException {
        return load(device, normField, ScoringEngine.PYTORCH);
    }

    /**
     * As {@link #load(Device, String)}, a safetensors network scored by {@code engine} ({@link SliceModel#of(
     * io.tonno.classifier.nn.ResNet, ScoringEngine)}); exported networks run on their own format's engine.
     *
     * @param engine the engine that scores a safetensors network; must be able to run on {@code device}
     */
    public SliceModel load(Device device, String normField, ScoringEngine engine)
            throws IOException, InvalidInputException {
        return load(device, normField, engine, Slicing.AUTO);
    }

    /**
     * As {@link #load(Device, String, ScoringEngine)}, a safetensors network's PyTorch scorer cutting ToNNO's slices
     * where {@code slicing} says ({@link SliceModel#of(io.tonno.classifier.nn.ResNet, ScoringEngine, Slicing)});
     * exported networks always take host slices.
     */
    public SliceModel load(Device device, String normField, ScoringEngine engine, Slicing slicing)
            throws IOException, InvalidInputException {
        if (format == ModelFormat.SAFETENSORS) {
            if (channels != 3) {
                throw new InvalidInputException(
                        source, "channels", "the project's ResNet takes 3 channels, got " + channels);
            }
            if (positiveIndex != null) {
                throw new InvalidInputException(
                        source, "positiveIndex", "the project's ResNet has one logit; leave positiveIndex out");
            }
            NormKind n = Weights.resolveNorm(file, norm, normField);
            // Before the network is loaded, so that a refused combination loads nothing.
            SliceModel.checkSlicing(engine, slicing, device);
            return SliceModel.of(Networks.load(file, arch, n, normalization, device), engine, slicing);
        }
        ExportedNetwork.Input input;
        try {
            input = new ExportedNetwork.Input(channels, normalization, positiveIndex);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source, "channels", e.getMessage());
        }
        ExportedNetwork net = ExportedNetwork.load(file, format, input, device);
        try {
            net.probe(sliceSize);
            return net;
        } catch (InvalidInputException | RuntimeException e) {
            net.close();
            throw e;
        }
    }
}
