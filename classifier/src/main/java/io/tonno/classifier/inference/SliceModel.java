package io.tonno.classifier.inference;

import io.tonno.classifier.nn.ResNet;
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

    /** The project's ResNet as a slice model; closing it closes {@code net}. */
    static SliceModel of(ResNet net) {
        return new SliceModel() {
            @Override
            public SliceScorer scorer(int batchSize) {
                return new ModelSliceScorer(net, batchSize, false);
            }

            @Override
            public Optional<ResNet> resnet() {
                return Optional.of(net);
            }

            @Override
            public String description() {
                return "the project's ResNet (safetensors)";
            }

            @Override
            public void close() {
                net.close();
            }
        };
    }
}
