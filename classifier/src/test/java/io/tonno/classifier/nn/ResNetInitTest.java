package io.tonno.classifier.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two init schemes on the real ResNet-10-T layout: ranges, spreads and which norms start at zero. */
class ResNetInitTest {
    private static final ResNetLayout LAYOUT = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1);

    private static double std(float[] v) {
        double s = 0;
        double ss = 0;
        for (float x : v) {
            s += x;
            ss += (double) x * x;
        }
        double mean = s / v.length;
        return Math.sqrt(ss / v.length - mean * mean);
    }

    @Test
    void pytorchConvsAreUniformInPlusMinusOneOverRootFanInAndNoNormStartsAtZero() {
        Map<String, float[]> w = ResNetInit.random(LAYOUT, 3, InitScheme.PYTORCH);
        for (ParameterSpec p : LAYOUT.parameters()) {
            float[] v = w.get(p.name());
            if (p.role() == ParameterSpec.Role.CONV_WEIGHT) {
                long[] s = p.shape();
                double bound = 1.0 / Math.sqrt(s[1] * s[2] * s[3]);
                double max = 0;
                for (float x : v) {
                    max = Math.max(max, Math.abs(x));
                }
                assertTrue(max <= bound, p.name() + " max " + max + " > " + bound);
                if (v.length >= 1000) {
                    // Uniform on [-b, b]: std b/sqrt(3), and the extremes come near b.
                    assertEquals(bound / Math.sqrt(3), std(v), 0.05 * bound, p.name());
                    assertTrue(max > 0.98 * bound, p.name());
                }
            } else if (p.role() == ParameterSpec.Role.NORM_WEIGHT) {
                for (float x : v) {
                    assertEquals(1f, x, p.name());
                }
            }
        }
    }

    @Test
    void timmConvsAreKaimingFanOutAndTheLastNormOfEachBranchStartsAtZero() {
        Map<String, float[]> w = ResNetInit.random(LAYOUT, 3, InitScheme.TIMM);
        int zeroNorms = 0;
        for (ParameterSpec p : LAYOUT.parameters()) {
            float[] v = w.get(p.name());
            if (p.role() == ParameterSpec.Role.CONV_WEIGHT && v.length >= 1000) {
                long[] s = p.shape();
                double expected = Math.sqrt(2.0 / (s[0] * s[2] * s[3]));
                assertEquals(expected, std(v), 0.05 * expected, p.name());
            } else if (p.role() == ParameterSpec.Role.NORM_WEIGHT && v[0] == 0f) {
                assertTrue(p.name().matches("layer\\d\\.\\d\\.bn2\\.weight"), p.name());
                zeroNorms++;
            }
        }
        assertEquals(4, zeroNorms, "one block per stage in ResNet-10-T, each branch's bn2 at zero");
        // The default is timm's, and the same seed gives the same values.
        assertEquals(ResNetInit.random(LAYOUT, 3).get("conv1.0.weight")[0], w.get("conv1.0.weight")[0]);
        assertFalse(ResNetInit.random(LAYOUT, 3, InitScheme.PYTORCH).get("conv1.0.weight")[0]
                == w.get("conv1.0.weight")[0]);
    }

    @Test
    void unknownSchemesAreRefusedNamingTheChoices() {
        assertEquals(InitScheme.TIMM, InitScheme.parse(null));
        assertEquals(InitScheme.PYTORCH, InitScheme.parse("PyTorch"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InitScheme.parse("xavier"));
        assertTrue(e.getMessage().contains("use timm or pytorch"), e.getMessage());
    }
}
