package io.tonno.classifier.inference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.cuda.CudaLibrary;
import com.sun.jna.Native;
import io.tonno.imaging.InvalidInputException;
import java.util.Locale;

/**
 * Device settings: {@code cpu}, {@code gpu} (= {@code gpu:0}) or {@code gpu:N}. {@link #parse} checks the form only
 * (specs are validated where no GPU need be); {@link #available} is called where a network is about to run and
 * fails with the reason when the engine cannot use the GPU asked for.
 *
 * <p>While the PyTorch engine loads, DJL probes CUDA to choose its native library and, on a machine with a CUDA
 * runtime library but no GPU driver, warns "Failed to detect GPU count" twice whatever device was asked for. The
 * command line hides those two records ({@code io.tonno.cli.CudaProbeFilter}); the probe's answer is not lost, since
 * {@link #available} repeats it in its error when a GPU is asked for.
 */
public final class Devices {
    private Devices() {}

    /** @throws IllegalArgumentException for anything else, with the accepted forms */
    public static Device parse(String setting) {
        String s = setting.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu")) {
            return Device.gpu(0);
        }
        if (s.startsWith("gpu:")) {
            try {
                int id = Integer.parseInt(s.substring(4));
                if (id >= 0) {
                    return Device.gpu(id);
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + setting + "', expected cpu, gpu or gpu:N");
    }

    /**
     * The device of {@code setting}, checked against the PyTorch engine: a GPU must exist and the engine's native
     * library must support CUDA.
     *
     * @param source what holds the setting, for the error ({@code command line}, a spec file)
     * @param field  the setting's name there ({@code --device}, {@code model.device})
     * @throws InvalidInputException naming the setting when it is malformed, or the GPU cannot be used (with why)
     */
    public static Device available(String setting, String source, String field) throws InvalidInputException {
        Device d;
        try {
            d = parse(setting);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source, field, e.getMessage());
        }
        if (!d.isGpu()) {
            return d;
        }
        Engine engine = Engine.getEngine("PyTorch");
        boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
        int count = cuda ? engine.getGpuCount() : 0;
        if (d.getDeviceId() < count) {
            return d;
        }
        String why = cuda
                ? "the PyTorch engine sees " + count + " GPU(s)"
                : "the PyTorch engine's native library (" + engine.getVersion() + ") runs without CUDA";
        throw new InvalidInputException(
                source,
                field,
                setting + " was asked for, but " + why + "; CUDA reports: " + cudaProbe()
                        + ". Use cpu, or run where that GPU and its driver are installed");
    }

    /** What the CUDA runtime says about this machine's GPUs, in words (the reason DJL's probe logs). */
    static String cudaProbe() {
        CudaLibrary lib;
        try {
            lib = Native.load("cudart", CudaLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            return "no CUDA runtime library (libcudart) found";
        }
        int[] count = new int[1];
        int rc = lib.cudaGetDeviceCount(count);
        if (rc == 0) {
            return count[0] + " GPU(s)";
        }
        return lib.cudaGetErrorString(rc) + " (" + rc + ")";
    }
}
