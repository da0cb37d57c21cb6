package io.tonno.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks HD95 against MONAI's algorithm written with scipy ({@code binary_erosion} XOR mask for
 * the edges, {@code distance_transform_edt(sampling=spacing)}, {@code numpy.percentile}) on random
 * blobby masks with anisotropic spacing. Needs {@code /usr/bin/python3} with scipy.
 */
class HausdorffDistanceScipyTest {
    private static final String SCRIPT = String.join(
            "\n",
            "import sys, numpy as np",
            "from scipy import ndimage",
            "a, b, nx, ny, nz = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])",
            "sx, sy, sz = map(float, sys.argv[6:9])",
            "p = np.fromfile(a, dtype=np.uint8).reshape((nz, ny, nx)).astype(bool)",
            "t = np.fromfile(b, dtype=np.uint8).reshape((nz, ny, nx)).astype(bool)",
            "ep = ndimage.binary_erosion(p) ^ p",
            "et = ndimage.binary_erosion(t) ^ t",
            "d1 = ndimage.distance_transform_edt(~et, sampling=(sz, sy, sx))[ep]",
            "d2 = ndimage.distance_transform_edt(~ep, sampling=(sz, sy, sx))[et]",
            "print(repr(max(np.percentile(d1, 95), np.percentile(d2, 95))))");

    @TempDir
    Path tmp;

    @Test
    void agreesWithScipyImplementationOfMonaiOnRandomMasks() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        int[] shape = {23, 19, 15};
        double[] spacing = {0.8, 1.25, 2.5};
        for (int trial = 0; trial < 6; trial++) {
            boolean[] pred = blobs(random, shape, 3);
            boolean[] truth = blobs(random, shape, 2);
            double expected = scipy(pred, truth, shape, spacing);
            double actual = HausdorffDistance.compute(pred, truth, shape, spacing, HausdorffDistance.Options.HD95);
            assertEquals(expected, actual, 1e-9, "trial " + trial);
        }
    }

    private static boolean[] blobs(SplittableRandom r, int[] s, int count) {
        boolean[] m = new boolean[s[0] * s[1] * s[2]];
        for (int b = 0; b < count; b++) {
            double ci = r.nextDouble(s[0]);
            double cj = r.nextDouble(s[1]);
            double ck = r.nextDouble(s[2]);
            double rad = 1.5 + r.nextDouble(4);
            for (int k = 0; k < s[2]; k++) {
                for (int j = 0; j < s[1]; j++) {
                    for (int i = 0; i < s[0]; i++) {
                        double d2 = (i - ci) * (i - ci) + (j - cj) * (j - cj) + (k - ck) * (k - ck);
                        // A ragged surface (random dropouts near the rim) exercises the percentile.
                        if (d2 < rad * rad && (d2 < 0.5 * rad * rad || r.nextDouble() < 0.7)) {
                            m[i + s[0] * (j + s[1] * k)] = true;
                        }
                    }
                }
            }
        }
        return m;
    }

    private double scipy(boolean[] p, boolean[] t, int[] s, double[] sp) throws Exception {
        Path a = tmp.resolve("p.u8");
        Path b = tmp.resolve("t.u8");
        Files.write(a, bytes(p));
        Files.write(b, bytes(t));
        Process proc = new ProcessBuilder(
                        "/usr/bin/python3",
                        "-c",
                        SCRIPT,
                        a.toString(),
                        b.toString(),
                        "" + s[0],
                        "" + s[1],
                        "" + s[2],
                        "" + sp[0],
                        "" + sp[1],
                        "" + sp[2])
                .redirectErrorStream(true)
                .start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, proc.waitFor(), "/usr/bin/python3 with scipy failed: " + out);
        return Double.parseDouble(out);
    }

    private static byte[] bytes(boolean[] m) {
        byte[] out = new byte[m.length];
        for (int n = 0; n < m.length; n++) {
            out[n] = (byte) (m[n] ? 1 : 0);
        }
        return out;
    }
}
