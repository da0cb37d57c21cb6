package io.tonno.classifier.inference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.cuda.CudaLibrary;
import ai.djl.util.cuda.CudaUtils;
import com.sun.jna.Native;
import io.tonno.imaging.InvalidInputException;
import java.lang.management.MemoryUsage;
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

    /** Pixels per group of elementwise engine operations on the CPU. */
    public static final int CPU_GROUP_PIXELS = 1 << 20;

    /**
     * How many pixels to process in one group of elementwise engine operations that hold {@code bytesPerPixel} of
     * intermediates per pixel ({@link DeviceSlicer}, the training batches): {@link #CPU_GROUP_PIXELS} on the CPU; on a
     * GPU, what a quarter of its free memory holds now ({@link #groupPixels(long, long)}). Grouping never changes a
     * value, since every operation grouped so is elementwise; it only bounds the memory in flight.
     */
    public static int groupPixels(Device device, long bytesPerPixel) {
        if (!device.isGpu()) {
            return CPU_GROUP_PIXELS;
        }
        MemoryUsage mem = CudaUtils.getGpuMemory(device);
        // DJL reports the device's total as max and total minus free as committed.
        return groupPixels(mem.getMax() - mem.getCommitted(), bytesPerPixel);
    }

    /** A quarter of {@code freeBytes} at {@code bytesPerPixel}, clamped to {@code [2^16, 2^24]} pixels. */
    public static int groupPixels(long freeBytes, long bytesPerPixel) {
        long n = Math.max(0, freeBytes) / 4 / Math.max(1, bytesPerPixel);
        return (int) Math.max(1L << 16, Math.min(1L << 24, n));
    }
}
