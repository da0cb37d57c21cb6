package io.tonno.tomography;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import org.junit.jupiter.api.Test;

class RadonInversionTest {
    @Test
    void reconstructsGaussianBlobWithinFivePercent() {
        Volume blob = Phantoms.gaussianBlob(40, 0.3);
        Reconstruction rec = new Reconstruction(ReconstructionSettings.of(1000, 60, 80));
        long t0 = System.nanoTime();
        Volume heat = rec.tonno(blob, new RadonSumScorer());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double err = Phantoms.relativeL2(heat, blob, 0.84);
        double ratio = Phantoms.meanRatio(heat, blob, 0.84);
        System.out.printf("blob 40^3 L=1000 M=60 80x80: relL2=%.4f meanRatio=%.4f (%.2f s)%n", err, ratio, seconds);
        assertTrue(err <= 0.05, "relative L2 error " + err);
        assertTrue(ratio >= 0.95 && ratio <= 1.05, "mean ratio " + ratio);
    }
}
