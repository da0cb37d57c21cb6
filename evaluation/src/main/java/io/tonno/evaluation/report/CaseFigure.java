package io.tonno.evaluation.report;

import io.tonno.evaluation.calibration.Binarizer;
import io.tonno.imaging.Volume;
import io.tonno.imaging.label.ConnectedComponents;
import io.tonno.imaging.label.Connectivity;
import io.tonno.imaging.label.Labeling;
import io.tonno.imaging.label.Masks;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The paper's Fig. 6 layout: one row per case with the input, the ground truth, and for each method
 * its heatmap (diverging colours centred at 0, high evidence red) and its binarization, all on the
 * axial slice (fixed {@code k}) through the largest lesion.
 *
 * <p>Display: columns are axis {@code i}, rows axis {@code j} with {@code j} increasing upwards;
 * pixels are stretched to the voxel spacing so anatomy keeps its proportions. The heatmap colour
 * limit is the 99.9th percentile of {@code |value|} over the whole volume, so slices of one volume
 * are comparable. Binarization panels show the prediction in orange over the input with the truth
 * outlined in green.
 */
final class CaseFigure {
    private static final int PANEL = 180;
    private static final int GAP = 8;
    private static final int HEADER = 50;
    private static final int ROW_LABEL = 34;
    private static final int PRED = 0xFF8C1A;
    private static final int TRUTH = 0x2BD67B;

    private CaseFigure() {}

    /** The axial slice with the most voxels of the largest truth component; the middle slice without truth. */
    static int sliceThroughLargestLesion(Volume truth, int nz) {
        if (truth == null) {
            return nz / 2;
        }
        Labeling l = ConnectedComponents.label(truth, Connectivity.TWENTY_SIX);
        int largest = l.largest();
        if (largest == 0) {
            return nz / 2;
        }
        int[] labels = l.labels();
        int plane = truth.nx() * truth.ny();
        int best = 0;
        long bestCount = -1;
        for (int k = 0; k < nz; k++) {
            long c = 0;
            for (int n = k * plane; n < (k + 1) * plane; n++) {
                if (labels[n] == largest) {
                    c++;
                }
            }
            if (c > bestCount) {
                bestCount = c;
                best = k;
            }
        }
        return best;
    }

    static BufferedImage render(List<CaseFigureInput> cases) {
        int methods = cases.stream().mapToInt(c -> c.maps().size()).max().orElse(0);
        int columns = 2 + 2 * methods;
        int width = ROW_LABEL + columns * (PANEL + GAP) + GAP;
        int height = HEADER + cases.size() * (PANEL + GAP) + 40;
        return Charts.canvas(width, height, g -> {
            List<String> titles = new ArrayList<>(List.of("Input", "Ground truth"));
            if (!cases.isEmpty()) {
                for (CaseFigureInput.MethodMap m : cases.get(0).maps()) {
                    titles.add(m.method());
                    titles.add("binarized");
                }
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            for (int c = 0; c < titles.size(); c++) {
                int x = ROW_LABEL + GAP + c * (PANEL + GAP);
                drawCentered(g, titles.get(c), x + PANEL / 2, HEADER - 12, PANEL + GAP);
            }
            for (int r = 0; r < cases.size(); r++) {
                drawRow(g, cases.get(r), HEADER + r * (PANEL + GAP));
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(new Color(0x555555));
            g.drawString(
                    "Heatmaps: blue < 0 < red (white = 0), limit = 99.9th percentile of |value| per volume. "
                            + "Binarized: prediction orange, ground truth outlined green. Axial slice through the largest lesion.",
                    ROW_LABEL + GAP,
                    height - 16);
        });
    }

    private static void drawRow(Graphics2D g, CaseFigureInput c, int y) {
        Volume image = c.image();
        int nx = image.nx();
        int ny = image.ny();
        int k = sliceThroughLargestLesion(c.truth(), image.nz());
        float[] slice = slice(image, k);
        double[] window = window(slice);
        int[] gray = new int[slice.length];
        for (int n = 0; n < slice.length; n++) {
            gray[n] = ColorMaps.gray(slice[n], window[0], window[1]);
        }
        boolean[] truth = c.truth() == null ? null : Masks.of(slice(c.truth(), k));

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0x222222));
        java.awt.geom.AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        String label = c.caseId() + "  (k=" + k + ")";
        FontMetrics fm = g.getFontMetrics();
        g.drawString(label, -(y + PANEL / 2 + fm.stringWidth(label) / 2), ROW_LABEL - 10);
        g.setTransform(saved);

        double[] sp = image.spacing();
        int col = 0;
        panel(g, col++, y, nx, ny, sp, gray);
        int[] gt = gray.clone();
        if (truth != null) {
            for (int n = 0; n < gt.length; n++) {
                if (truth[n]) {
                    gt[n] = ColorMaps.blend(gt[n], TRUTH, 0.6);
                }
            }
        }
        panel(g, col++, y, nx, ny, sp, gt);
        for (CaseFigureInput.MethodMap m : c.maps()) {
            float[] h = slice(m.heatmap(), k);
            double limit = absPercentile(m.heatmap().data(), 99.9);
            int[] heat = new int[h.length];
            for (int n = 0; n < h.length; n++) {
                heat[n] = ColorMaps.diverging(h[n], limit);
            }
            panel(g, col++, y, nx, ny, sp, heat);
            boolean[] pred = Binarizer.binarize(m.heatmap(), m.foreground(), m.settings());
            int[] bin = gray.clone();
            int plane = nx * ny;
            for (int n = 0; n < plane; n++) {
                if (pred[k * plane + n]) {
                    bin[n] = ColorMaps.blend(bin[n], PRED, 0.7);
                }
            }
            if (truth != null) {
                for (int n = 0; n < plane; n++) {
                    if (truth[n] && isBorder(truth, n % nx, n / nx, nx, ny)) {
                        bin[n] = TRUTH;
                    }
                }
            }
            panel(g, col++, y, nx, ny, sp, bin);
        }
    }

    private static void panel(Graphics2D g, int col, int y, int nx, int ny, double[] spacing, int[] rgb) {
        BufferedImage tile = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                tile.setRGB(i, ny - 1 - j, rgb[i + nx * j]);
            }
        }
        double w = nx * spacing[0];
        double h = ny * spacing[1];
        double scale = PANEL / Math.max(w, h);
        int dw = (int) Math.round(w * scale);
        int dh = (int) Math.round(h * scale);
        int x0 = ROW_LABEL + GAP + col * (PANEL + GAP);
        g.setColor(Color.BLACK);
        g.fillRect(x0, y, PANEL, PANEL);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(tile, x0 + (PANEL - dw) / 2, y + (PANEL - dh) / 2, dw, dh, null);
    }

    /** Draws a column title centred, on two lines (split at a space) when one is too narrow. */
    private static void drawCentered(Graphics2D g, String s, int cx, int baseline, int maxWidth) {
        FontMetrics fm = g.getFontMetrics();
        int split = s.lastIndexOf(' ');
        if (fm.stringWidth(s) > maxWidth - 4 && split > 0) {
            drawLine(g, s.substring(0, split), cx, baseline - fm.getHeight(), maxWidth);
            drawLine(g, s.substring(split + 1), cx, baseline, maxWidth);
        } else {
            drawLine(g, s, cx, baseline, maxWidth);
        }
    }

    private static void drawLine(Graphics2D g, String s, int cx, int baseline, int maxWidth) {
        FontMetrics fm = g.getFontMetrics();
        String t = s;
        while (fm.stringWidth(t) > maxWidth - 4 && t.length() > 4) {
            t = t.substring(0, t.length() - 2);
        }
        if (!t.equals(s)) {
            t = t + "…";
        }
        g.setColor(new Color(0x222222));
        g.drawString(t, cx - fm.stringWidth(t) / 2, baseline);
    }

    static float[] slice(Volume v, int k) {
        int plane = v.nx() * v.ny();
        return Arrays.copyOfRange(v.data(), k * plane, (k + 1) * plane);
    }

    private static boolean isBorder(boolean[] m, int i, int j, int nx, int ny) {
        return i == 0
                || j == 0
                || i == nx - 1
                || j == ny - 1
                || !m[i - 1 + nx * j]
                || !m[i + 1 + nx * j]
                || !m[i + nx * (j - 1)]
                || !m[i + nx * (j + 1)];
    }

    /** 1st and 99th percentile of the slice: a display window robust to a few extreme voxels. */
    private static double[] window(float[] s) {
        float[] c = s.clone();
        Arrays.sort(c);
        int lo = (int) Math.floor(0.01 * (c.length - 1));
        int hi = (int) Math.ceil(0.99 * (c.length - 1));
        return new double[] {c[lo], c[hi]};
    }

    static double absPercentile(float[] v, double p) {
        float[] a = new float[v.length];
        for (int n = 0; n < v.length; n++) {
            a[n] = Math.abs(v[n]);
        }
        double limit = io.tonno.evaluation.calibration.Percentile.of(a, null, p);
        return limit > 0 ? limit : 1;
    }
}
