package io.tonno.classifier.inference;

import ai.djl.Device;
import io.tonno.imaging.SpecName;

/**
 * What runs the project's ResNet when it scores slices for ToNNO (one logit per slice, no gradients). The CAM
 * methods and training always run on PyTorch; so do networks brought as TorchScript (ONNX files run on ONNX Runtime).
 */
public enum ScoringEngine implements SpecName {
    /** {@link #ONNXRUNTIME} on the CPU, {@link #PYTORCH} on a GPU. The default. */
    AUTO,
    /** DJL's PyTorch engine, the network's own forward pass in eval mode on its device. */
    PYTORCH,
    /**
     * The network compiled for inference ({@link CompiledResNet}: batch norm folded into the convolutions, the grey
     * channel not repeated) and run by ONNX Runtime on the CPU: the same logits to float rounding (1e-4), 1.5–2.2×
     * the slices per second on two cores (docs/classifier.md, Scoring). CPU only.
     */
    ONNXRUNTIME;

    /** Parses {@code auto}, {@code pytorch} or {@code onnxruntime}; case-insensitive. */
    public static ScoringEngine parse(String id) {
        return SpecName.parse(ScoringEngine.class, id, "scoring engine");
    }

    /**
     * The engine that scores on {@code device}: {@link #AUTO} resolved.
     *
     * @throws IllegalArgumentException when {@link #ONNXRUNTIME} is asked for on a GPU
     */
    public ScoringEngine on(Device device) {
        boolean gpu = device.isGpu();
        return switch (this) {
            case AUTO -> gpu ? PYTORCH : ONNXRUNTIME;
            case PYTORCH -> PYTORCH;
            case ONNXRUNTIME -> {
                if (gpu) {
                    throw new IllegalArgumentException("the onnxruntime scoring engine runs on the CPU only (no CUDA"
                            + " execution provider ships with tonno); the device is " + device
                            + ": use pytorch or auto");
                }
                yield ONNXRUNTIME;
            }
        };
    }
}
