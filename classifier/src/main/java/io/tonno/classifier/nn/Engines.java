package io.tonno.classifier.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import io.tonno.classifier.sampling.Xoshiro256;
import java.util.Locale;

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
 * convolution with a direct Java sum once per JVM and fails with the fix: start the JVM with the
 * environment variable {@code ONEDNN_MAX_CPU_ISA=AVX2}, which keeps oneDNN on its AVX2 kernels.
 *
 * <p><b>Native memory.</b> Each forward pass allocates and frees activation buffers of a few MB. With
 * glibc's defaults they are mmap-ed and munmap-ed every batch, and the page faults and TLB shootdowns
 * made the network 1.3–6× slower and erratic on a 2-core machine. {@code bin/tonno}, the tests and the
 * worker image set {@code MALLOC_MMAP_THRESHOLD_=33554432}, {@code MALLOC_TRIM_THRESHOLD_=1073741824} and
 * {@code MALLOC_TOP_PAD_=268435456} so the buffers are reused from the heap; a JVM started without them
 * logs a warning once.
 */
public final class Engines {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Engines.class);
    private static volatile boolean verified;

    private Engines() {
    }

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
     * Checks once per JVM that the engine's 3×3 convolution agrees with a direct sum to 1e-4 relative.
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
            float[] y;
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                NDArray out = Conv2d.conv2d(m.create(x, new Shape(batch, c, h, h)), m.create(w, new Shape(o, c, 3, 3)),
                        null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                y = out.toFloatArray();
            }
            double worst = 0;
            double scale = 0;
            for (int b = 0; b < batch; b++) {
                for (int oc = 0; oc < o; oc++) {
                    for (int r = 0; r < h; r++) {
                        for (int q = 0; q < h; q++) {
                            double acc = 0;
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
            if (worst > 1e-4 * scale) {
                throw new MisconfiguredEngineException(String.format(Locale.ROOT,
                        "the PyTorch engine computes wrong convolutions on this CPU (max error %.3g of %.3g); "
                                + "restart with the environment variable ONEDNN_MAX_CPU_ISA=AVX2 "
                                + "(current value: %s)", worst, scale, System.getenv("ONEDNN_MAX_CPU_ISA")));
            }
            if (System.getenv("MALLOC_MMAP_THRESHOLD_") == null) {
                LOG.warn("MALLOC_MMAP_THRESHOLD_ is not set: the network may run several times slower "
                        + "(set MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 "
                        + "MALLOC_TOP_PAD_=268435456, as bin/tonno does; see docs/classifier.md)");
            }
            verified = true;
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
