package io.tonno.classifier.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.util.cuda.CudaUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.tonno.classifier.inference.Devices;
import io.tonno.classifier.sampling.Xoshiro256;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The PyTorch engine under DJL: thread count and a correctness self-check.
 *
 * <p><b>Threads.</b> {@link #setThreads(int)} sets {@code ai.djl.pytorch.num_threads} (read when the
 * engine loads) and PyTorch's intra-op thread count (effective at once). Results are bit-reproducible
 * only for a fixed thread count: reductions split differently across threads.
 *
 * <p><b>Convolution self-check.</b> The oneDNN AVX-512 convolution kernels of libtorch 2.7.1 return
 * wrong values on some CPUs (seen on an AVX-512 AMD EPYC virtual machine: 8% errors in a plain 3×3
 * convolution, while Debian's torch 1.13 is right). {@link #verifyConvolution()} compares a small
 * convolution, and its gradients with respect to the input and the weights, with direct Java sums once per
 * JVM (a wrong backward pass would leave training at chance with no other symptom) and fails with the fix: start the JVM with the
 * environment variable {@code ONEDNN_MAX_CPU_ISA=AVX2}, which keeps oneDNN on its AVX2 kernels.
 *
 * <p><b>Native memory.</b> Each forward pass allocates and frees activation buffers of a few MB. With
 * glibc's defaults they are mmap-ed and munmap-ed every batch, and the page faults and TLB shootdowns
 * made the network 1.3–6× slower and erratic on a 2-core machine. {@code bin/tonno}, the tests and the
 * worker image set {@code MALLOC_MMAP_THRESHOLD_=33554432}, {@code MALLOC_TRIM_THRESHOLD_=1073741824} and
 * {@code MALLOC_TOP_PAD_=268435456} so the buffers are reused from the heap, and
 * {@code GLIBC_TUNABLES=glibc.malloc.hugetlb=1} so that the larger ones (above glibc's 32 MB ceiling for the
 * mmap threshold: the first stage's activations of a 128-slice batch at 64²) and the heap sit on transparent
 * huge pages, one fault per 2 MiB (training 1.3–1.6× faster); a JVM started without them logs a warning once.
 *
 * <p><b>NNPACK.</b> libtorch tries NNPACK for convolutions that oneDNN declines (a batch of one slice, or 1×1
 * kernels single-threaded). On a CPU NNPACK does not support (this project's AMD EPYC machines) that attempt
 * printed "Could not initialize NNPACK! Reason: Unsupported hardware." on the native stderr of every thread,
 * about 400 lines in one demo, past any Java logging ({@code TORCH_CPP_LOG_LEVEL} is not read under DJL).
 * DJL has no switch for it, so {@link #verifyConvolution()} first calls libtorch's own
 * {@code at::globalContext().setUserEnabledNNPACK(false)} (as Python's {@code torch.backends.nnpack}
 * does): those convolutions take libtorch's native kernels, which they already took wherever NNPACK could
 * not start, so nothing changes here; on CPUs where NNPACK runs, the same kernels as here are used.
 */
public final class Engines {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Engines.class);
    private static volatile boolean verified;
    private static boolean nnpackOff;

    private Engines() {}

    /** Sets PyTorch's intra-op (and inter-op, on first load) thread count; {@code threads >= 1}. */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
    }

    /** PyTorch's current intra-op thread count. */
    public static int threads() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    /**
     * Checks once per JVM that the engine's 3×3 convolution and its input and weight gradients agree with direct
     * sums to 1e-4 relative.
     *
     * @throws IllegalStateException if it does not, naming the environment variable that fixes it
     */
    public static void verifyConvolution() {
        if (verified) {
            return;
        }
        synchronized (Engines.class) {
            if (verified) {
                return;
            }
            disableNnpack();
            // The shape of ResNet-10-T's second stem conv on a 64×64 input, where the fault was seen.
            int batch = 2;
            int c = 24;
            int o = 32;
            int h = 32;
            Xoshiro256 rng = new Xoshiro256(7);
            float[] x = new float[batch * c * h * h];
            float[] w = new float[o * c * 9];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.max(0, rng.nextGaussian());
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) rng.nextGaussian();
            }
            // The backward pass is checked too (training depends on it): gradients of sum(g·conv(x, w)).
            float[] g = new float[batch * o * h * h];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) rng.nextGaussian();
            }
            float[] y;
            float[] gx;
            float[] gw;
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                NDArray xa = m.create(x, new Shape(batch, c, h, h));
                NDArray wa = m.create(w, new Shape(o, c, 3, 3));
                xa.setRequiresGradient(true);
                wa.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray out = Conv2d.conv2d(xa, wa, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                            .singletonOrThrow();
                    y = out.toFloatArray();
                    collector.backward(out.mul(m.create(g, out.getShape())).sum());
                }
                gx = xa.getGradient().toFloatArray();
                gw = wa.getGradient().toFloatArray();
            }
            double[] refGx = new double[x.length];
            double[] refGw = new double[w.length];
            double worst = 0;
            double scale = 0;
            for (int b = 0; b < batch; b++) {
                for (int oc = 0; oc < o; oc++) {
                    for (int r = 0; r < h; r++) {
                        for (int q = 0; q < h; q++) {
                            double acc = 0;
                            double go = g[((b * o + oc) * h + r) * h + q];
                            for (int ic = 0; ic < c; ic++) {
                                int xb = (b * c + ic) * h;
                                int wb = (oc * c + ic) * 9;
                                for (int ky = 0; ky < 3; ky++) {
                                    int iy = r + ky - 1;
                                    if (iy < 0 || iy >= h) {
                                        continue;
                                    }
                                    for (int kx = 0; kx < 3; kx++) {
                                        int ix = q + kx - 1;
                                        if (ix >= 0 && ix < h) {
                                            acc += (double) x[(xb + iy) * h + ix] * w[wb + ky * 3 + kx];
                                            refGx[(xb + iy) * h + ix] += go * w[wb + ky * 3 + kx];
                                            refGw[wb + ky * 3 + kx] += go * x[(xb + iy) * h + ix];
                                        }
                                    }
                                }
                            }
                            worst = Math.max(worst, Math.abs(acc - y[((b * o + oc) * h + r) * h + q]));
                            scale = Math.max(scale, Math.abs(acc));
                        }
                    }
                }
            }
            double worstGrad = relativeError(gx, refGx);
            double worstWeightGrad = relativeError(gw, refGw);
            if (worstGrad > 1e-4 || worstWeightGrad > 1e-4) {
                throw new MisconfiguredEngineException(String.format(
                        Locale.ROOT,
                        "the PyTorch engine computes wrong convolution gradients on this CPU (max relative error "
                                + "%.3g for the input, %.3g for the weights); training would not learn. Restart with "
                                + "the environment variable ONEDNN_MAX_CPU_ISA=AVX2 (current value: %s)",
                        worstGrad,
                        worstWeightGrad,
                        System.getenv("ONEDNN_MAX_CPU_ISA")));
            }
            if (worst > 1e-4 * scale) {
                throw new MisconfiguredEngineException(String.format(
                        Locale.ROOT,
                        "the PyTorch engine computes wrong convolutions on this CPU (max error %.3g of %.3g); "
                                + "restart with the environment variable ONEDNN_MAX_CPU_ISA=AVX2 "
                                + "(current value: %s)",
                        worst,
                        scale,
                        System.getenv("ONEDNN_MAX_CPU_ISA")));
            }
            String tunables = System.getenv("GLIBC_TUNABLES");
            if (System.getenv("MALLOC_MMAP_THRESHOLD_") == null
                    || tunables == null
                    || !tunables.contains("glibc.malloc.hugetlb")) {
                LOG.warn("MALLOC_MMAP_THRESHOLD_ or GLIBC_TUNABLES is not set: the network may run several times "
                        + "slower (set MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 "
                        + "MALLOC_TOP_PAD_=268435456 GLIBC_TUNABLES=glibc.malloc.hugetlb=1, as bin/tonno does; "
                        + "see docs/classifier.md)");
            }
            verified = true;
        }
    }
    /**
     * The device probe a worker runs before it takes any task: the device named by {@code setting} ({@code cpu},
     * {@code gpu}, {@code gpu:N}) exists for the PyTorch engine ({@link Devices#available}), the CPU convolution
     * self-check passes ({@link #verifyConvolution()}), and on a GPU a 3×3 convolution of 2 × 24 × 32 × 32 inputs
     * gives the CPU's result to 1e-3 relative (TF32 and cuDNN's algorithms differ from the CPU in the last bits,
     * not more).
     *
     * @param source what holds the setting, for the error ({@code command line})
     * @param field  the setting's name there ({@code --devices})
     * @return the device
     * @throws InvalidInputException        when the setting is malformed or the GPU is not there (with why)
     * @throws MisconfiguredEngineException when the device computes a wrong convolution
     */
    public static Device verifyDevice(String setting, String source, String field) throws InvalidInputException {
        pytorch();
        Device device = Devices.available(setting, source, field);
        verifyConvolution();
        if (!device.isGpu()) {
            return device;
        }
        Xoshiro256 rng = new Xoshiro256(11);
        float[] x = new float[2 * 24 * 32 * 32];
        float[] w = new float[32 * 24 * 9];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        float[] onCpu = convolve(Device.cpu(), x, w);
        float[] onDevice = convolve(device, x, w);
        double[] ref = new double[onCpu.length];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = onCpu[i];
        }
        double error = relativeError(onDevice, ref);
        if (!(error <= 1e-3)) {
            throw new MisconfiguredEngineException(String.format(
                    Locale.ROOT,
                    "%s computes a 3×3 convolution %.3g (relative) away from the CPU's; check the CUDA driver and "
                            + "the PyTorch native library (%s) on this machine",
                    setting,
                    error,
                    Engine.getEngine("PyTorch").getVersion()));
        }
        return device;
    }

    /**
     * What this process's engines are, in lines for an operator: the PyTorch engine's version, the libtorch build it
     * loaded (its folder names the flavour, {@code cpu} or {@code cu128}), whether it has CUDA, and each GPU with its
     * memory (total and in use, MiB); then whether ONNX Runtime loads.
     */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        Engine torch = pytorch();
        Path lib = loadedLibrary("libtorch_cpu.so");
        lines.add("PyTorch " + torch.getVersion() + " (DJL " + Engine.getDjlVersion() + "), libtorch from "
                + (lib == null ? "an unknown place" : lib.getParent()));
        boolean cuda = torch.hasCapability(StandardCapabilities.CUDA);
        int gpus = cuda ? torch.getGpuCount() : 0;
        lines.add("CUDA: " + (cuda ? "yes, " + gpus + " GPU(s)" : "no (a CPU build of libtorch)"));
        for (int i = 0; i < gpus; i++) {
            MemoryUsage mem = CudaUtils.getGpuMemory(Device.gpu(i));
            lines.add(String.format(
                    Locale.ROOT, "gpu:%d: %d MiB, %d MiB in use", i, mem.getMax() >> 20, mem.getCommitted() >> 20));
        }
        try {
            lines.add("ONNX Runtime " + Engine.getEngine("OnnxRuntime").getVersion() + " (CPU)");
        } catch (RuntimeException e) {
            lines.add("ONNX Runtime: does not load (" + e.getMessage() + ")");
        }
        return lines;
    }

    /**
     * The PyTorch engine, or a {@link MisconfiguredEngineException} that says why it does not load and what to do:
     * typically a jar built without the CPU libtorch (the GPU image's, {@code -Pgpu}) run where DJL may not download
     * the build {@code PYTORCH_FLAVOR} names ({@code ai.djl.offline=true}) and its cache does not hold it.
     */
    public static Engine pytorch() {
        try {
            return Engine.getEngine("PyTorch");
        } catch (EngineException | IllegalArgumentException e) {
            StringBuilder why = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null) {
                    why.append(why.length() == 0 ? "" : ": ").append(t.getMessage());
                }
            }
            throw new MisconfiguredEngineException("the PyTorch engine does not load (" + why + "; PYTORCH_FLAVOR="
                    + System.getenv("PYTORCH_FLAVOR") + ", ai.djl.offline=" + System.getProperty("ai.djl.offline")
                    + "). A jar without the CPU libtorch (the GPU build, -Pgpu) needs the libtorch build of "
                    + "PYTORCH_FLAVOR in DJL's cache (DJL_CACHE_DIR, default ~/.djl.ai): the GPU image puts it there "
                    + "when it is built, or start once with -Dai.djl.offline=false where the network is reachable "
                    + "(docs/orchestration.md)");
        }
    }

    /** A 3×3 same-padded convolution of {@code (2, 24, 32, 32)} by {@code (32, 24, 3, 3)} on {@code device}. */
    private static float[] convolve(Device device, float[] x, float[] w) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray xa = m.create(x, new Shape(2, 24, 32, 32));
            NDArray wa = m.create(w, new Shape(32, 24, 3, 3));
            return Conv2d.conv2d(xa, wa, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    /** max |a − ref| over max |ref|. */
    private static double relativeError(float[] a, double[] ref) {
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - ref[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        return worst / Math.max(scale, Double.MIN_NORMAL);
    }

    /**
     * Turns NNPACK off in the loaded libtorch (see the class comment), once per JVM. Where the library or its
     * symbols cannot be found (another libtorch build), it leaves NNPACK as it is and logs why at debug level.
     *
     * @return whether NNPACK is off
     */
    public static synchronized boolean disableNnpack() {
        if (nnpackOff) {
            return true;
        }
        Engine.getEngine("PyTorch");
        try {
            Path library = loadedLibrary("libtorch_cpu.so");
            if (library == null) {
                LOG.debug("NNPACK left on: libtorch_cpu.so is not in /proc/self/maps");
                return false;
            }
            NativeLibrary torch = NativeLibrary.getInstance(library.toString());
            Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            torch.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb")
                    .invokeVoid(new Object[] {context, Boolean.FALSE});
            nnpackOff = true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("NNPACK left on: {}", e.toString());
        }
        return nnpackOff;
    }

    /** The path of a shared library this process has loaded, from {@code /proc/self/maps}; null if none. */
    private static Path loadedLibrary(String name) {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(p -> p.endsWith("/" + name))
                    .findFirst()
                    .map(Path::of)
                    .orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * The engine computes wrong results in this process (see {@link #verifyConvolution()}); retrying on
     * the same worker cannot help, the worker must be restarted with the right environment.
     */
    public static final class MisconfiguredEngineException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public MisconfiguredEngineException(String message) {
            super(message);
        }
    }
}
