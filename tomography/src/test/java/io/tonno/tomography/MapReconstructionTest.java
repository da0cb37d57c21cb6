package io.tonno.tomography;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import org.junit.jupiter.api.Test;

/** Averaged and Tomographic reconstructions of the input's own (pooled) slices, the paper's Fig. 4. */
class MapReconstructionTest {
    @Test
    void averagedIdentityMapReturnsTheInputWithinTwoPercent() {
        Volume v = Phantoms.smoothStructure(32);
        Reconstruction rec = new Reconstruction(ReconstructionSettings.of(300, 64, 64));
        Volume g = rec.averaged(v, new IdentityMapScorer());
        double err = Phantoms.relativeL2(g, v, 1.0);
        System.out.printf("averaged identity 32^3 L=300 M=64 64x64: relL2=%.4f%n", err);
        assertTrue(err <= 0.02, "relative L2 error inside the unit ball " + err);
    }

    /**
     * Sharpness is the high-frequency energy ratio {@link Metrics#highFrequencyRatio}: energy of the discrete
     * Laplacian over the variance, inside the unit ball (scale-free, lowered by blurring). Recovery is the
     * relative L2 error after the best scaling ({@link Metrics#scaledError}), since map reconstructions have
     * their own scale.
     */
    @Test
    void tomographicIsSharperThanAveragedAndFinerPoolingRecoversTheInputBetter() {
        Volume v = Phantoms.ellipsoids(32);
        Reconstruction rec = new Reconstruction(ReconstructionSettings.of(200, 40, 112));
        Volume avg7 = rec.averaged(v, new PooledInputMapScorer(7));
        Volume tomo7 = rec.tomographic(v, new PooledInputMapScorer(7));
        Volume avg56 = rec.averaged(v, new PooledInputMapScorer(56));
        double hfInput = Metrics.highFrequencyRatio(v, 1.0);
        double hfAvg = Metrics.highFrequencyRatio(avg7, 1.0);
        double hfTomo = Metrics.highFrequencyRatio(tomo7, 1.0);
        double err7 = Metrics.scaledError(avg7, v, 1.0);
        double err56 = Metrics.scaledError(avg56, v, 1.0);
        System.out.printf(
                "fig4 32^3 L=200 M=40 112x112: HF input=%.3f averaged7=%.3f tomographic7=%.3f;"
                        + " scaled error averaged7=%.3f averaged56=%.3f%n",
                hfInput, hfAvg, hfTomo, err7, err56);
        assertTrue(
                hfTomo > 10 * hfAvg,
                "Tomographic (" + hfTomo + ") should be much sharper than Averaged (" + hfAvg + ")");
        assertTrue(
                Math.abs(Math.log(hfTomo / hfInput)) < Math.abs(Math.log(hfAvg / hfInput)),
                "Tomographic sharpness should be closer to the input's");
        assertTrue(err56 < 0.6 * err7, "56x56 pooling error " + err56 + " vs 7x7 " + err7);
    }
}
