package io.tonno.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.cli.ConfigLoader;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.preprocess.Preprocessor;
import io.tonno.imaging.preprocess.Preset;
import io.tonno.imaging.synth.CtPhantom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench io}: NIfTI read/write throughput on a float32 cube and preprocessing time of a CT-sized
 * volume. Each measurement is the median of {@code --repeats} runs after one warm-up; one JSON object per
 * line, with the core count and maximum heap.
 */
@Command(
        name = "io",
        description = "NIfTI read/write MB/s for a float32 cube (.nii and .nii.gz) and the time to preprocess a"
                + " CT-like volume with a preset (default 512x512x300, 0.7x0.7x1 mm, ct-lung).")
public final class BenchIo implements Callable<Integer> {
    @Option(names = "--size", defaultValue = "256", description = "Cube edge for read/write.")
    int size;

    @Option(
            names = "--ct-shape",
            defaultValue = "512,512,300",
            split = ",",
            description = "Shape of the CT-like volume.")
    int[] ctShape;

    @Option(names = "--preset", defaultValue = "ct-lung", description = "Preset for preprocessing.")
    String preset;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed runs per measurement.")
    int repeats;

    @Mixin
    WorkDirectoryOption dir = new WorkDirectoryOption();

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        return dir.run("tonno-bench-io-", this::run);
    }

    private int run(Path scratch) throws Exception {
        Volume cube = CtPhantom.generate(new int[] {size, size, size}, new double[] {1, 1, 1}, 7);
        double mb = cube.voxelCount() * 4.0 / 1e6;
        for (String ext : new String[] {".nii", ".nii.gz"}) {
            Path f = scratch.resolve("cube" + ext);
            double write = median(() -> Nifti.writeFloat32(cube, f));
            double read = median(() -> Nifti.read(f));
            emit("write", ext, mb, write, Files.size(f));
            emit("read", ext, mb, read, Files.size(f));
            Files.delete(f);
        }
        Volume ct = CtPhantom.generate(ctShape, new double[] {0.7, 0.7, 1.0}, 11);
        Preset p = Preset.load(preset, ConfigLoader.paths().presets());
        Preprocessor.Result[] last = new Preprocessor.Result[1];
        System.gc();
        HeapPools.resetPeaks();
        double t = median(() -> last[0] = Preprocessor.process(ct, null, p));
        Map<String, Object> o = base();
        o.put("measure", "preprocess");
        o.put("preset", p.name());
        o.put("inputShape", ctShape);
        o.put("inputSpacingMm", new double[] {0.7, 0.7, 1.0});
        o.put("outputShape", last[0].image().shape());
        o.put("seconds", t);
        o.put("inputMb", ct.voxelCount() * 4.0 / 1e6);
        o.put("heapPeakMb", HeapPools.peakBytes() / (1 << 20));
        System.out.println(json.writeValueAsString(o));
        return 0;
    }

    private interface Task {
        void run() throws Exception;
    }

    private double median(Task task) throws Exception {
        task.run();
        double[] t = new double[Math.max(1, repeats)];
        for (int r = 0; r < t.length; r++) {
            long t0 = System.nanoTime();
            task.run();
            t[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    private void emit(String what, String ext, double mb, double seconds, long fileBytes) throws Exception {
        Map<String, Object> o = base();
        o.put("measure", what);
        o.put("format", ext);
        o.put("shape", new int[] {size, size, size});
        o.put("dtype", "float32");
        o.put("megabytes", mb);
        o.put("fileMegabytes", fileBytes / 1e6);
        o.put("seconds", seconds);
        o.put("mbPerSecond", mb / seconds);
        System.out.println(json.writeValueAsString(o));
    }

    private static Map<String, Object> base() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("bench", "io");
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("heapMaxMb", Runtime.getRuntime().maxMemory() / (1 << 20));
        return o;
    }
}
