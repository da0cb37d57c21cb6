package io.tonno.cli.bench;

import io.tonno.cli.JsonOutput;
import io.tonno.evaluation.calibration.BinarizationSettings;
import io.tonno.evaluation.calibration.Binarizer;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.metrics.HausdorffDistance;
import io.tonno.imaging.Volume;
import io.tonno.imaging.label.ConnectedComponents;
import io.tonno.imaging.label.Connectivity;
import io.tonno.imaging.label.Labeling;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench evaluation}: time of binarization, 3D connected components (6 and 26) and HD95 on
 * a synthetic {@code N³} heatmap with many blob lesions plus noise. One JSON object per measurement.
 */
@Command(name = "evaluation", description = "Binarization, connected components and HD95 on an N^3 synthetic volume.")
public final class BenchEvaluation implements Callable<Integer> {
    @Option(names = "--size", defaultValue = "512", description = "Edge length N.")
    int size;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
    long seed;

    @Override
    public Integer call() {
        int n = size;
        Volume heat = Volume.zeros(n, n, n);
        Volume truth = Volume.zeros(n, n, n);
        SplittableRandom r = new SplittableRandom(seed);
        float[] h = heat.data();
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) (r.nextDouble() * 0.6);
        }
        // 200 spherical lesions; the heatmap is shifted by one voxel so prediction and truth differ.
        for (int b = 0; b < 200; b++) {
            int ci = 10 + r.nextInt(n - 20);
            int cj = 10 + r.nextInt(n - 20);
            int ck = 10 + r.nextInt(n - 20);
            int rad = 2 + r.nextInt(Math.max(1, n / 64));
            for (int k = Math.max(0, ck - rad); k <= Math.min(n - 1, ck + rad); k++) {
                for (int j = Math.max(0, cj - rad); j <= Math.min(n - 1, cj + rad); j++) {
                    for (int i = Math.max(0, ci - rad); i <= Math.min(n - 1, ci + rad); i++) {
                        int d2 = (i - ci) * (i - ci) + (j - cj) * (j - cj) + (k - ck) * (k - ck);
                        if (d2 <= rad * rad) {
                            truth.set(i, j, k, 1);
                            if (i + 1 < n) {
                                heat.set(i + 1, j, k, 1);
                            }
                        }
                    }
                }
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        boolean[] pred = Binarizer.binarize(
                heat, null, new BinarizationSettings(Normalization.percentile(99), 0.9, ForegroundRestriction.NONE));
        report("binarize percentile:99", n, cores, t0, -1);
        boolean[] gt = new boolean[h.length];
        for (int i = 0; i < gt.length; i++) {
            gt[i] = truth.data()[i] != 0;
        }
        for (Connectivity c : new Connectivity[] {Connectivity.SIX, Connectivity.TWENTY_SIX}) {
            t0 = System.nanoTime();
            Labeling l = ConnectedComponents.label(pred, n, n, n, c);
            report("components " + c, n, cores, t0, l.count());
        }
        t0 = System.nanoTime();
        double hd = HausdorffDistance.compute(pred, gt, heat.shape(), heat.spacing(), HausdorffDistance.Options.HD95);
        report("hd95 (" + String.format(Locale.ROOT, "%.3f", hd) + " mm)", n, cores, t0, -1);
        return 0;
    }

    private static void report(String what, int n, int cores, long t0, long components) {
        double s = (System.nanoTime() - t0) / 1e9;
        Runtime rt = Runtime.getRuntime();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        JsonOutput.line(JsonOutput.object()
                .put("topic", "evaluation")
                .put("step", what)
                .put("size", n)
                .put("seconds", JsonOutput.rounded(s, 3))
                .put("components", components)
                .put("threads", 1)
                .put("cores", cores)
                .put("heapUsedMb", usedMb));
    }
}
