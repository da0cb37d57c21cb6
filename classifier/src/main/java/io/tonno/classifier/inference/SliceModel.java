package io.tonno.classifier.inference;

import io.tonno.classifier.nn.Engines;
import io.tonno.classifier.nn.ResNet;
import io.tonno.imaging.InvalidInputException;
import io.tonno.tomography.SliceScorer;
import java.util.Optional;

/**
 * A trained 2D slice classifier, whatever its format: the project's {@link ResNet} ({@link #of}) or a network
 * exported from PyTorch ({@link ExportedNetwork}: TorchScript or ONNX). ToNNO needs only {@link #scorer}; the CAM
 * methods need the activations of a layer, which only the project's ResNet exposes ({@link #resnet}).
 *
 * <p>Not thread-safe: one caller at a time per model.
 */
public interface SliceModel extends AutoCloseable {
    /**
     * A scorer of {@code (n, h, w)} slices to one logit each (the positive class's log-odds), {@code batchSize}
     * slices per forward pass. It uses this model; closing the model invalidates it.
     */
    SliceScorer scorer(int batchSize);

    /** The project's ResNet when this model is one (CAM methods run on its layers); empty otherwise. */
    Optional<ResNet> resnet();

    /** What this model is, for messages: format and file ({@code "onnx model /data/m.onnx"}). */
    String description();

    /** Releases the model's native memory. */
    @Override
    void close();

    /**
     * The project's ResNet as a slice model scored by PyTorch ({@link ScoringEngine#PYTORCH}); closing it closes
     * {@code net}.
     */
    static SliceModel of(ResNet net) {
        return of(net, ScoringEngine.PYTORCH);
    }

    /**
     * The project's ResNet as a slice model whose {@link #scorer} runs on {@code engine} (resolved for the network's
     * device; the ONNX Runtime graph is compiled on the first call, with PyTorch's thread count), cutting its slices
     * where {@link Slicing#AUTO} says; CAM methods use {@link #resnet} on PyTorch. Closing it closes {@code net} and
     * the compiled graph.
     *
     * @throws IllegalArgumentException when {@code engine} cannot run on the network's device
     */
    static SliceModel of(ResNet net, ScoringEngine engine) {
        return of(net, engine, Slicing.AUTO);
    }

    /**
     * As {@link #of(ResNet, ScoringEngine)}, the PyTorch scorer cutting ToNNO's slices where {@code slicing} says.
     *
     * @throws IllegalArgumentException when {@code engine} cannot run on the network's device, or {@code slicing}
     *                                  asks for device slicing with an engine that takes host slices
     */
    static SliceModel of(ResNet net, ScoringEngine engine, Slicing slicing) {
        checkSlicing(engine, slicing, net.device());
        ScoringEngine resolved = engine.on(net.device());
        return new SliceModel() {
            private ExportedNetwork compiled;

            @Override
            public SliceScorer scorer(int batchSize) {
                if (resolved == ScoringEngine.PYTORCH) {
                    return new ModelSliceScorer(net, batchSize, false, slicing);
                }
                if (compiled == null) {
                    compiled = CompiledResNet.compile(net, Engines.threads());
                }
                return compiled.scorer(batchSize);
            }

            @Override
            public Optional<ResNet> resnet() {
                return Optional.of(net);
            }

            @Override
            public String description() {
                return "the project's ResNet (safetensors), scored by " + resolved.id();
            }

            @Override
            public void close() {
                if (compiled != null) {
                    compiled.close();
                }
                net.close();
            }
        };
    }

    /**
     * As {@link #of(ResNet, ScoringEngine, Slicing)}, a refused setting being bad input (a spec's or the command
     * line's); {@code net} is closed when it is refused.
     *
     * @param source       the spec or {@code "command line"}, for the message
     * @param engineField  the scoring engine's setting ({@code model.scoringEngine}, {@code --scoring-engine})
     * @param slicingField the slicing's setting ({@code model.slicing}, {@code --slicing})
     * @throws InvalidInputException naming {@code engineField} when {@code engine} cannot run on the network's device,
     *                               or {@code slicingField} when {@code slicing} cannot serve it
     */
    static SliceModel of(
            ResNet net, ScoringEngine engine, Slicing slicing, String source, String engineField, String slicingField)
            throws InvalidInputException {
        try {
            engine.on(net.device());
        } catch (IllegalArgumentException e) {
            net.close();
            throw new InvalidInputException(source, engineField, e.getMessage());
        }
        try {
            return of(net, engine, slicing);
        } catch (IllegalArgumentException e) {
            net.close();
            throw new InvalidInputException(source, slicingField, e.getMessage());
        }
    }

    /**
     * Checks that {@code slicing} can serve {@code engine} on {@code device}: slices cut on the device go to PyTorch
     * only (ONNX Runtime takes host arrays).
     *
     * @throws IllegalArgumentException saying which setting to change
     */
    static void checkSlicing(ScoringEngine engine, Slicing slicing, ai.djl.Device device) {
        if (slicing.on(device) == Slicing.DEVICE && engine.on(device) == ScoringEngine.ONNXRUNTIME) {
            throw new IllegalArgumentException("slicing on the device feeds the pytorch scoring engine only; the"
                    + " scoring engine here is onnxruntime (" + engine.id() + " on " + device + "): choose the pytorch"
                    + " engine, or host slicing");
        }
    }
}
