package io.tonno.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.tonno.classifier.inference.Devices;
import java.util.function.BooleanSupplier;
import org.slf4j.Marker;

/**
 * Hides the engine's CUDA probe warnings unless a GPU was asked for. On a machine without a usable GPU,
 * DJL's {@code ai.djl.util.cuda.CudaUtils} warns "Failed to detect GPU count: CUDA driver version is
 * insufficient for CUDA runtime version (35)" twice whenever the PyTorch engine loads (once choosing the
 * native library flavour, once choosing the default device) when a CUDA runtime library ({@code libcudart},
 * e.g. from a CUDA toolkit) is installed but no GPU driver is. That says nothing to someone who asked
 * for the CPU. Once a GPU device has
 * been parsed ({@link Devices#gpuRequested()}: {@code --device gpu:N}, {@code "device": "gpu:N"} in a spec
 * or worker config) the warnings pass again, since then they explain why the GPU is not used.
 * Installed by {@code logback.xml}.
 */
public final class CudaProbeFilter extends TurboFilter {
    /** The logger of DJL's CUDA probe. */
    static final String LOGGER = "ai.djl.util.cuda.CudaUtils";

    private final BooleanSupplier gpuRequested;

    /** As {@code logback.xml} installs it: a GPU is requested once {@link Devices#parse} returned one. */
    public CudaProbeFilter() {
        this(Devices::gpuRequested);
    }

    CudaProbeFilter(BooleanSupplier gpuRequested) {
        this.gpuRequested = gpuRequested;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger != null && LOGGER.equals(logger.getName()) && !gpuRequested.getAsBoolean()) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
