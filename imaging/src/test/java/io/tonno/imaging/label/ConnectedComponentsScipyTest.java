package io.tonno.imaging.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks the labelling against {@code scipy.ndimage.label} on random masks, all in one Python
 * process. Needs {@code /usr/bin/python3} with scipy (Debian {@code python3-scipy}); fails, rather than
 * skips, without it.
 */
class ConnectedComponentsScipyTest {
    // Each manifest line: mask file, labels file, nx, ny, nz, structure rank. Our layout has i fastest,
    // so the C-order array is indexed [k, j, i]. Prints one component count per line.
    private static final String SCRIPT = String.join(
            "\n",
            "import sys, numpy as np",
            "from scipy import ndimage",
            "for line in open(sys.argv[1]):",
            "    src, dst, nx, ny, nz, rank = line.split()",
            "    nx, ny, nz, rank = int(nx), int(ny), int(nz), int(rank)",
            "    m = np.fromfile(src, dtype=np.uint8).reshape((nz, ny, nx)).astype(bool)",
            "    lab, n = ndimage.label(m, structure=ndimage.generate_binary_structure(3, rank))",
            "    lab.astype('<i4').tofile(dst)",
            "    print(n)");

    @TempDir
    Path tmp;

    private record Trial(boolean[] mask, int[] shape, Connectivity connectivity, Path labels) {}

    @Test
    void agreesWithScipyOnRandomMasksForAllConnectivities() throws Exception {
        SplittableRandom random = new SplittableRandom(20240611L);
        int[][] shapes = {{17, 13, 11}, {32, 32, 32}, {1, 40, 9}, {25, 1, 1}};
        double[] densities = {0.15, 0.3, 0.5};
        List<Trial> trials = new ArrayList<>();
        StringBuilder manifest = new StringBuilder();
        for (int[] s : shapes) {
            for (double density : densities) {
                boolean[] m = new boolean[s[0] * s[1] * s[2]];
                byte[] bytes = new byte[m.length];
                for (int n = 0; n < m.length; n++) {
                    m[n] = random.nextDouble() < density;
                    bytes[n] = (byte) (m[n] ? 1 : 0);
                }
                Path in = tmp.resolve("mask" + trials.size() + ".u8");
                Files.write(in, bytes);
                for (Connectivity c : Connectivity.values()) {
                    int rank = c == Connectivity.SIX ? 1 : c == Connectivity.EIGHTEEN ? 2 : 3;
                    Path out = tmp.resolve("labels" + trials.size() + ".i4");
                    manifest.append(in)
                            .append(' ')
                            .append(out)
                            .append(' ')
                            .append(s[0])
                            .append(' ')
                            .append(s[1])
                            .append(' ')
                            .append(s[2])
                            .append(' ')
                            .append(rank)
                            .append('\n');
                    trials.add(new Trial(m, s, c, out));
                }
            }
        }
        Path list = tmp.resolve("manifest.txt");
        Files.writeString(list, manifest.toString());
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT, list.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), "/usr/bin/python3 with scipy failed: " + output);
        String[] counts = output.split("\\s+");
        assertEquals(36, trials.size());
        assertEquals(trials.size(), counts.length, output);
        for (int t = 0; t < trials.size(); t++) {
            Trial trial = trials.get(t);
            int[] s = trial.shape();
            Labeling actual = ConnectedComponents.label(trial.mask(), s[0], s[1], s[2], trial.connectivity());
            assertEquals(
                    Integer.parseInt(counts[t]), actual.count(), "count of trial " + t + " " + trial.connectivity());
            int[] expected = new int[trial.mask().length];
            ByteBuffer.wrap(Files.readAllBytes(trial.labels()))
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asIntBuffer()
                    .get(expected);
            assertSamePartition(expected, actual.labels());
        }
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
