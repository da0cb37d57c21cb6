package io.tonno.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvergenceFigureTest {
    @TempDir
    Path dir;

    @Test
    void drawsOneLinePerSchemeInBothPanels() throws Exception {
        Path png = dir.resolve("convergence.png");
        ConvergenceFigure.write(
                png,
                List.of(
                        new ConvergenceFigure.Point("sphere+body, directions", 0.5, 0.95, 0.70),
                        new ConvergenceFigure.Point("sphere+body, directions", 0.125, 0.80, 0.60),
                        new ConvergenceFigure.Point("hemisphere+body, directions", 0.25, 0.90, 0.72),
                        new ConvergenceFigure.Point("hemisphere+body, directions", 0.0625, 0.70, 0.55)),
                0.68);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1040, img.getWidth());
        assertEquals(400, img.getHeight());
        int first = LineChart.PALETTE[0].getRGB() & 0xFFFFFF;
        int second = LineChart.PALETTE[1].getRGB() & 0xFFFFFF;
        int[] left = new int[3];
        int[] right = new int[3];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                int[] panel = x < 520 ? left : right;
                if (rgb == first) {
                    panel[0]++;
                } else if (rgb == second) {
                    panel[1]++;
                }
            }
        }
        assertTrue(left[0] > 50 && left[1] > 50, "left panel lines: " + left[0] + ", " + left[1]);
        assertTrue(right[0] > 50 && right[1] > 50, "right panel lines: " + right[0] + ", " + right[1]);
    }
}
