package io.tonno.classifier.inference;

import ai.djl.Device;
import io.tonno.imaging.SpecName;

/**
 * Where ToNNO's slices are cut when the project's ResNet scores them on PyTorch: on the host by the Java
 * {@link io.tonno.tomography.Slicer} (the slices then cross to the network's device), or on the network's device by
 * {@link DeviceSlicer} (only nine doubles of geometry per slice cross). On the CPU both give the same slices bit for
 * bit; the host slicer is the faster there. The ONNX Runtime scorer and the CAM methods always slice on the host.
 */
public enum Slicing implements SpecName {
    /** {@link #DEVICE} on a GPU, {@link #HOST} on the CPU. The default. */
    AUTO,
    /** The Java slicer, multi-threaded, on the host. */
    HOST,
    /** Engine operations on the network's device ({@link DeviceSlicer}). */
    DEVICE;

    /** Parses {@code auto}, {@code host} or {@code device}; case-insensitive. */
    public static Slicing parse(String id) {
        return SpecName.parse(Slicing.class, id, "slicing");
    }

    /** {@link #AUTO} resolved for {@code device}. */
    public Slicing on(Device device) {
        return this == AUTO ? (device.isGpu() ? DEVICE : HOST) : this;
    }
}
