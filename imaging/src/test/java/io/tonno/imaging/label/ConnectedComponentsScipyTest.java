package io.tonno.imaging.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks the labelling against {@code scipy.ndimage.label} on random masks. Needs
 * {@code /usr/bin/python3} with scipy (Debian {@code python3-scipy}); fails, rather than skips, without it.
 */
class ConnectedComponentsScipyTest {
    private static final String SCRIPT = String.join("\n",
            "import sys, numpy as np",
            "from scipy import ndimage",
            "src, dst, nx, ny, nz, rank = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])",
            // Our layout has i fastest, so the C-order array is indexed [k, j, i].
            "m = np.fromfile(src, dtype=np.uint8).reshape((nz, ny, nx)).astype(bool)",
            "lab, n = ndimage.label(m, structure=ndimage.generate_binary_structure(3, rank))",
            "lab.astype('<i4').tofile(dst)",
            "print(n)");

    @TempDir
    Path tmp;

    @Test
    void agreesWithScipyOnRandomMasksForAllConnectivities() throws Exception {
        SplittableRandom random = new SplittableRandom(20240611L);
        int[][] shapes = {{17, 13, 11}, {32, 32, 32}, {1, 40, 9}, {25, 1, 1}};
        double[] densities = {0.15, 0.3, 0.5};
        int compared = 0;
        for (int[] s : shapes) {
            for (double density : densities) {
                boolean[] m = new boolean[s[0] * s[1] * s[2]];
                for (int n = 0; n < m.length; n++) {
                    m[n] = random.nextDouble() < density;
                }
                for (Connectivity c : Connectivity.values()) {
                    int rank = c == Connectivity.SIX ? 1 : c == Connectivity.EIGHTEEN ? 2 : 3;
                    Scipy expected = runScipy(m, s, rank);
                    Labeling actual = ConnectedComponents.label(m, s[0], s[1], s[2], c);
                    assertEquals(expected.count, actual.count(), "count for " + c + " density " + density);
                    assertSamePartition(expected.labels, actual.labels());
                    compared++;
                }
            }
        }
        assertEquals(36, compared);
    }

    private record Scipy(int count, int[] labels) {
    }

    private Scipy runScipy(boolean[] m, int[] s, int rank) throws IOException, InterruptedException {
        Path in = tmp.resolve("mask.u8");
        Path out = tmp.resolve("labels.i4");
        byte[] bytes = new byte[m.length];
        for (int n = 0; n < m.length; n++) {
            bytes[n] = (byte) (m[n] ? 1 : 0);
        }
        Files.write(in, bytes);
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT, in.toString(), out.toString(),
                Integer.toString(s[0]), Integer.toString(s[1]), Integer.toString(s[2]), Integer.toString(rank))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), "/usr/bin/python3 with scipy failed: " + output);
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        int[] labels = new int[m.length];
        buf.asIntBuffer().get(labels);
        return new Scipy(Integer.parseInt(output), labels);
    }

    /** Labels may be numbered differently; the partition into components must be identical. */
    private static void assertSamePartition(int[] expected, int[] actual) {
        Map<Integer, Integer> forward = new HashMap<>();
        Map<Integer, Integer> backward = new HashMap<>();
        for (int n = 0; n < expected.length; n++) {
            assertEquals(expected[n] == 0, actual[n] == 0, "foreground differs at " + n);
            if (expected[n] == 0) {
                continue;
            }
            Integer f = forward.putIfAbsent(expected[n], actual[n]);
            Integer b = backward.putIfAbsent(actual[n], expected[n]);
            assertTrue(f == null || f == actual[n], "scipy component split at " + n);
            assertTrue(b == null || b == expected[n], "scipy components merged at " + n);
        }
    }
}
