package io.tonno.cli.bench;

import io.tonno.cli.JsonOutput;
import io.tonno.cli.local.ThreadsOption;
import io.tonno.imaging.Volume;
import io.tonno.tomography.RadonSumScorer;
import io.tonno.tomography.Reconstruction;
import io.tonno.tomography.ReconstructionSettings;
import io.tonno.tomography.Timings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench tomography}: ToNNO with the radon-sum scorer on a Gaussian blob (σ = 0.3 cube units),
 * timed end to end (slicing, scoring, backprojection), with the reconstruction's accuracy and the peak heap.
 * Prints one JSON object per run.
 */
@Command(
        name = "tomography",
        description = "Times radon-sum ToNNO at 48^3/L=500/M=48/48x48 and 128^3/L=2000/M=100/128x128 "
                + "(and 128^3 at L=500 to show memory does not grow with L).")
public final class BenchTomography implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(names = "--small-only", description = "Run only the 48^3 setting.")
    boolean smallOnly;

    @Option(
            names = "--setting",
            paramLabel = "N,L,M,S",
            description = "Run only these settings (repeatable): volume N^3, L directions, M slices, SxS slices.")
    List<String> only;

    @Option(
            names = "--repeat",
            defaultValue = "2",
            description = "Runs of the 48^3 setting; the first includes JIT warm-up.")
    int repeat;

    private record Setting(int size, int directions, int slices, int sliceSize) {
        String label() {
            return size + "^3 L=" + directions + " M=" + slices + " S=" + sliceSize;
        }
    }

    @Override
    public void run() {
        List<Setting> settings = new ArrayList<>();
        if (only != null && !only.isEmpty()) {
            for (String text : only) {
                String[] p = text.split(",");
                if (p.length != 4) {
                    throw new picocli.CommandLine.ParameterException(
                            spec.commandLine(), "--setting expects N,L,M,S, got '" + text + "'");
                }
                settings.add(new Setting(
                        Integer.parseInt(p[0].trim()),
                        Integer.parseInt(p[1].trim()),
                        Integer.parseInt(p[2].trim()),
                        Integer.parseInt(p[3].trim())));
            }
            int run = 0;
            for (Setting s : settings) {
                measure(s, run++);
            }
            return;
        }
        for (int r = 0; r < Math.max(1, repeat); r++) {
            settings.add(new Setting(48, 500, 48, 48));
        }
        if (!smallOnly) {
            settings.add(new Setting(128, 2000, 100, 128));
            settings.add(new Setting(128, 500, 100, 128));
        }
        int run = 0;
        for (Setting s : settings) {
            measure(s, run++);
        }
    }

    private void measure(Setting s, int run) {
        Volume blob = blob(s.size(), 0.3);
        ReconstructionSettings rs = ReconstructionSettings.of(s.directions(), s.slices(), s.sliceSize())
                .withResources(threads.count(), 0);
        Reconstruction rec = new Reconstruction(rs);
        PeakHeap peak = PeakHeap.start();
        Timings timings = new Timings();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        Volume heat = rec.tonno(blob, new RadonSumScorer(), blob.shape(), timings);
        double total = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        long[] heap = peak.stop();
        double[] accuracy = accuracy(heat, blob, 0.84);
        int usedThreads = threads.used();
        JsonOutput.line(JsonOutput.object()
                .put("bench", "tomography")
                .put("run", run)
                .put("setting", s.label())
                .put("scorer", "radon-sum")
                .put("threads", usedThreads)
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("totalSeconds", JsonOutput.rounded(total, 3))
                .put("slicingSeconds", JsonOutput.rounded(timings.slicingSeconds(), 3))
                .put("scoringSeconds", JsonOutput.rounded(timings.scoringSeconds(), 3))
                .put("backprojectionSeconds", JsonOutput.rounded(timings.backprojectionSeconds(), 3))
                .put("slices", timings.slices())
                .put("slicesPerSecond", JsonOutput.rounded(timings.slices() / timings.slicingSeconds(), 0))
                .put(
                        "voxelDirectionsPerSecond",
                        Math.round(timings.voxelDirections() / timings.backprojectionSeconds()))
                .put("peakHeapSampledMB", JsonOutput.rounded(heap[1] / 1e6, 1))
                .put("peakHeapPoolsMB", JsonOutput.rounded(heap[2] / 1e6, 1))
                .put("baselineHeapMB", JsonOutput.rounded(heap[0] / 1e6, 1))
                .put("relL2Inside084", JsonOutput.rounded(accuracy[0], 4))
                .put("meanRatioInside084", JsonOutput.rounded(accuracy[1], 4))
                .put("processCpuSeconds", JsonOutput.rounded(cpu, 3))
                .put("loadAverageBefore", JsonOutput.rounded(load, 2))
                .put("peakLiveAfterGcMB", JsonOutput.rounded(heap[3] / 1e6, 1)));
    }

    /** CPU time of the whole process (all threads, JIT and GC included), or -1 when the JVM does not report it. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static Volume blob(int n, double sigma) {
        Volume v = Volume.zeros(n, n, n);
        forEachVoxel(n, (i, j, k, r2) -> v.set(i, j, k, (float) Math.exp(-r2 / (2 * sigma * sigma))));
        return v;
    }

    /** {relative L2 error, mean ratio} of {@code got} to {@code want} within {@code radius}. */
    static double[] accuracy(Volume got, Volume want, double radius) {
        // Sums inside the radius: squared error, squared reference, got, want.
        double[] sums = new double[4];
        forEachVoxel(want.nx(), (i, j, k, r2) -> {
            if (r2 <= radius * radius) {
                double g = got.get(i, j, k);
                double w = want.get(i, j, k);
                sums[0] += (g - w) * (g - w);
                sums[1] += w * w;
                sums[2] += g;
                sums[3] += w;
            }
        });
        return new double[] {Math.sqrt(sums[0] / sums[1]), sums[2] / sums[3]};
    }

    /** A voxel of an {@code n³} cube and its squared distance from the centre, the cube spanning [-1, 1]. */
    interface CubeVoxel {
        void at(int i, int j, int k, double r2);
    }

    /** Calls {@code voxel} for every voxel of an {@code n³} cube, k slowest and i fastest. */
    static void forEachVoxel(int n, CubeVoxel voxel) {
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double x = 2.0 * i / (n - 1) - 1;
                    double y = 2.0 * j / (n - 1) - 1;
                    double z = 2.0 * k / (n - 1) - 1;
                    voxel.at(i, j, k, x * x + y * y + z * z);
                }
            }
        }
    }

    /**
     * Peak heap during a run: a 2 ms sampling thread over the used heap, and the sum of the heap pools' peak
     * usage since a reset after a full GC (an upper bound); both count garbage not yet collected. The sampler
     * also tracks the heap left after each collection (the live set), which excludes garbage.
     */
    private static final class PeakHeap {
        private final PeriodicSampler sampler;
        private final AtomicLong max = new AtomicLong();
        private final AtomicLong maxLive = new AtomicLong();
        private final long baseline;

        private PeakHeap() {
            System.gc();
            HeapPools.resetPeaks();
            baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            sampler = PeriodicSampler.start("peak-heap-sampler", 2, () -> {
                max.accumulateAndGet(
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                maxLive.accumulateAndGet(liveAfterLastGc(), Math::max);
            });
        }

        static PeakHeap start() {
            return new PeakHeap();
        }

        /** Heap in use right after the most recent collection of each heap pool: the live set, garbage excluded. */
        private static long liveAfterLastGc() {
            long live = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    live += pool.getCollectionUsage().getUsed();
                }
            }
            return live;
        }

        /** {baseline, sampled peak, pools' peak sum, largest live heap after a GC during the run} in bytes. */
        long[] stop() {
            try {
                sampler.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new long[] {baseline, max.get(), HeapPools.peakBytes(), maxLive.get()};
        }
    }
}
