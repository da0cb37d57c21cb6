package io.tonno.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.tonno.classifier.inference.Devices;
import org.slf4j.Marker;

/**
 * Drops the two warnings of DJL's CUDA probe, and nothing else. While the PyTorch engine loads, DJL's
 * {@code ai.djl.util.Platform} asks {@code ai.djl.util.cuda.CudaUtils} for the GPU count twice (for the machine and
 * for the bundled native library) to choose the native library's flavour. Where a CUDA runtime library
 * ({@code libcudart}, e.g. from a CUDA toolkit) is installed but no GPU driver is, each asking logs
 * "Failed to detect GPU count: CUDA driver version is insufficient for CUDA runtime version (35)" at WARN, on every
 * verb that loads the engine, whatever device was asked for; DJL has no setting to skip the probe.
 *
 * <p>Nothing is hidden that a user needs: on a CPU the probe's answer changes nothing, and when a GPU is asked for
 * ({@code --device gpu:N}, {@code "device": "gpu:N"}) {@link Devices#available} fails with the same reason from
 * CUDA. Other records of that logger (other levels or messages) pass. Installed by {@code logback.xml}.
 *
 * <p>The same for DJL's ONNX Runtime engine, which asks ONNX Runtime for its CUDA provider when an ONNX network is
 * loaded and warns "CUDA is not supported OnnxRuntime engine" where there is none (the CPU build the project ships);
 * an ONNX network asked to run on a GPU fails with that reason ({@code ExportedNetwork#load}).
 */
public final class CudaProbeFilter extends TurboFilter {
    /** The logger of DJL's CUDA probe. */
    static final String LOGGER = "ai.djl.util.cuda.CudaUtils";
    /** The start of the probe's warning format. */
    static final String PROBE_WARNING = "Failed to detect GPU count";

    /** The logger of DJL's ONNX Runtime engine, whose CUDA capability probe warns on every CPU-only machine. */
    static final String ORT_LOGGER = "ai.djl.onnxruntime.engine.OrtEngine";
    /** The start of that probe's warning format. */
    static final String ORT_PROBE_WARNING = "CUDA is not supported OnnxRuntime engine";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null || level != Level.WARN || format == null) {
            return FilterReply.NEUTRAL;
        }
        if (LOGGER.equals(logger.getName()) && format.startsWith(PROBE_WARNING)) {
            return FilterReply.DENY;
        }
        if (ORT_LOGGER.equals(logger.getName()) && format.startsWith(ORT_PROBE_WARNING)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
