package io.tonno.classifier.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The portable intensity augmentation: its hash, its gamma table, its noise, its independence of threads. */
class PortableIntensityTest {
    /** The hash's six rounds in arbitrary precision. */
    private static long reference(long counter, long k1, long k2) {
        BigInteger p = BigInteger.valueOf(PortableIntensity.P);
        BigInteger a = BigInteger.valueOf(k1);
        BigInteger b = BigInteger.valueOf(k2);
        BigInteger x = BigInteger.valueOf(counter).add(a).mod(p);
        x = x.multiply(BigInteger.valueOf(PortableIntensity.A)).add(b).mod(p);
        x = x.multiply(x).add(a).mod(p);
        x = x.multiply(BigInteger.valueOf(PortableIntensity.B)).add(b).mod(p);
        x = x.multiply(x).add(b).mod(p);
        return x.multiply(BigInteger.valueOf(PortableIntensity.C)).add(a).mod(p).longValueExact();
    }

    @Test
    void theHashIsTheArbitraryPrecisionOneAndItsKeysStayInRange() {
        for (long key : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0x5EED5A3B1E5L}) {
            PortableIntensity.Params p = PortableIntensity.params(new double[0][], new double[0], key);
            assertTrue(p.key1() >= 1 && p.key1() < PortableIntensity.P, "key1 of " + key);
            assertTrue(p.key2() >= 1 && p.key2() < PortableIntensity.P, "key2 of " + key);
            for (long c : new long[] {0, 1, 2, 1000, (1L << 31) - 5}) {
                assertEquals(reference(c, p.key1(), p.key2()), PortableIntensity.hash(c, p.key1(), p.key2()));
            }
        }
        Xoshiro256 rng = new Xoshiro256(5);
        for (int i = 0; i < 100_000; i++) {
            long x = rng.nextLong() >>> 1;
            assertEquals(x % PortableIntensity.P, PortableIntensity.modP(x), "x = " + x);
        }
        for (long x : new long[] {
            0,
            PortableIntensity.P - 1,
            PortableIntensity.P,
            PortableIntensity.P + 1,
            2 * PortableIntensity.P,
            Long.MAX_VALUE,
            (PortableIntensity.P - 1) * (PortableIntensity.P - 1)
        }) {
            assertEquals(x % PortableIntensity.P, PortableIntensity.modP(x), "x = " + x);
        }
    }

    @Test
    void theNoiseHasMeanZeroVarianceOneAndNoNeighbourCorrelation() {
        int n = 400_000;
        double sum = 0;
        double sq = 0;
        double lag1 = 0;
        double lagRow = 0;
        double max = 0;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = PortableIntensity.gaussian(i, 12345, 678);
            sum += g[i];
            sq += g[i] * g[i];
            max = Math.max(max, Math.abs(g[i]));
            lag1 += i > 0 ? g[i] * g[i - 1] : 0;
            lagRow += i >= 64 ? g[i] * g[i - 64] : 0;
        }
        assertEquals(0, sum / n, 0.006);
        assertEquals(1, sq / n, 0.01);
        assertEquals(0, lag1 / n, 0.006, "neighbouring pixels");
        assertEquals(0, lagRow / n, 0.006, "pixels a row of 64 apart");
        assertTrue(max <= 2 * Math.sqrt(3) && max > 3, "Irwin-Hall of four: bounded at 2√3, got " + max);
    }

    @Test
    void theTabulatedGammaStaysWithin1e4OfThePowerAndGammaOneIsExact() {
        for (double gamma : new double[] {0.8, 0.9, 1.1, 1.25}) {
            double m = 2.5;
            int area = 20_001;
            float[] px = new float[area];
            for (int i = 0; i < area; i++) {
                px[i] = (float) (m * (2.0 * i / (area - 1) - 1));
            }
            float[] in = px.clone();
            PortableIntensity.Params p =
                    PortableIntensity.params(new double[][] {{gamma, 1, 0, 0}}, new double[] {m}, 7);
            PortableIntensity.apply(px, area, p, 1);
            double worst = 0;
            for (int i = 0; i < area; i++) {
                double exact = Math.copySign(Math.pow(Math.abs(in[i]), gamma), in[i]);
                worst = Math.max(worst, Math.abs(px[i] - exact));
            }
            assertTrue(worst < 1e-4 * m, "gamma " + gamma + ": largest deviation " + worst);
            assertTrue(worst > 0, "the curve is tabulated, not the power itself");
        }
        float[] px = {-1.5f, -0.1f, 0f, 0.3f, 1.5f};
        float[] in = px.clone();
        PortableIntensity.apply(
                px, px.length, PortableIntensity.params(new double[][] {{1, 1, 0, 0}}, new double[] {1.5}, 7), 1);
        assertArrayEquals(in, px, 0f, "γ = 1, c = 1, b = 0, σ = 0 leaves the slice as cut");
    }

    @Test
    void theResultDoesNotDependOnTheThreadsAndHugeBatchesAreRefused() {
        int count = 9;
        int area = 37 * 37;
        double[][] intensity = new double[count][];
        double[] m = new double[count];
        float[] px = new float[count * area];
        Xoshiro256 rng = new Xoshiro256(3);
        for (int k = 0; k < count; k++) {
            intensity[k] = new double[] {
                rng.logUniform(0.8, 1.25), rng.logUniform(0.8, 1.25), rng.uniform(-0.1, 0.1), rng.uniform(0, 0.03)
            };
            m[k] = 1;
        }
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) rng.uniform(-1, 1);
        }
        float[] one = px.clone();
        float[] three = px.clone();
        PortableIntensity.Params p = PortableIntensity.params(intensity, m, -99);
        PortableIntensity.apply(one, area, p, 1);
        PortableIntensity.apply(three, area, p, 3);
        assertArrayEquals(one, three, 0f);
        assertThrows(IllegalArgumentException.class, () -> PortableIntensity.checkSize(1L << 29));
    }
}
