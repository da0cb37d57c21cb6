package io.tonno.imaging.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessorTest {
    @TempDir
    Path dir;

    @Test
    void padToCubeMakesEveryAxisAsLongAsTheLongest() {
        Volume img = Volume.zeros(new int[] {10, 6, 4}, new double[] {1, 1, 1}, Volume.identityAffine());
        java.util.Arrays.fill(img.data(), 0.5f);
        Preset p = new Preset("t", "", null, Preset.IntensityMode.NONE, 0, 0, 0.1, false, 0, true, null);
        Preprocessor.Result r = Preprocessor.process(img, null, p);
        assertArrayEquals(new int[] {10, 10, 10}, r.image().shape());
        assertArrayEquals(new int[] {0, -2, -3}, r.offset());
        assertEquals(0.5f, r.image().get(5, 5, 5));
        assertEquals(0.5f, r.image().get(0, 2, 3), "input voxel (0,0,0)");
        assertEquals(-3.0, r.image().affine()[11], 1e-12, "world z of output voxel 0 is input index -3");
    }

    @Test
    void builtInPresetsLoadByName() throws Exception {
        for (String name : Preset.BUILT_IN) {
            Preset p = Preset.load(name);
            assertEquals(name, p.name());
        }
        assertEquals(Preset.IntensityMode.WINDOW, Preset.load("ct-lung").intensity());
        assertEquals(-1000, Preset.load("ct-lung").lo());
        assertEquals(Preset.IntensityMode.PERCENTILE, Preset.load("mr-brain").intensity());
    }

    @Test
    void badPresetsNameTheField() throws Exception {
        Path p = dir.resolve("bad.json");
        Files.writeString(p, "{\"name\":\"x\",\"intensity\":{\"mode\":\"gamma\"},\"foregroundThreshold\":0}");
        assertEquals(
                "intensity.mode",
                assertThrows(InvalidInputException.class, () -> Preset.load(p.toString()))
                        .field());
        Files.writeString(
                p, "{\"name\":\"x\",\"intensity\":{\"mode\":\"window\",\"lo\":5,\"hi\":1},\"foregroundThreshold\":0}");
        assertEquals(
                "intensity.hi",
                assertThrows(InvalidInputException.class, () -> Preset.load(p.toString()))
                        .field());
        assertEquals(
                "preset",
                assertThrows(InvalidInputException.class, () -> Preset.load("ct-heart"))
                        .field());
    }

    @Test
    void syntheticPresetIsIdentityAndForegroundIsTheBody() throws Exception {
        Dataset d = SyntheticDataset.write(dir.resolve("raw"), new SynthSettings(6, 24, 3, 0.5));
        Dataset out = Preprocessor.run(d, Preset.load("synthetic"), dir.resolve("pre"));
        Dataset reloaded = Dataset.load(dir.resolve("pre/dataset.json"));
        assertEquals(out.cases(), reloaded.cases());
        for (int c = 0; c < d.cases().size(); c++) {
            CaseEntry in = d.cases().get(c);
            CaseEntry o = out.cases().get(c);
            Volume a = Nifti.read(in.image());
            Volume b = Nifti.read(o.image());
            assertArrayEquals(a.data(), b.data(), 1e-7f);
            assertArrayEquals(a.affine(), b.affine(), 1e-6);
            assertArrayEquals(Nifti.read(in.mask()).data(), Nifti.read(o.mask()).data());
            assertEquals(in.boxes(), o.boxes());
            Volume fg = Nifti.read(Preprocessor.foregroundPath(o.image()));
            int body = 0;
            for (int i = 0; i < fg.voxelCount(); i++) {
                if (b.data()[i] > 0.02f) {
                    assertEquals(1f, fg.data()[i], "every voxel above threshold is in the largest component");
                    body++;
                }
            }
            assertTrue(body > 1000);
            assertEquals(0f, fg.get(0, 0, 0));
        }
    }

    @Test
    void resamplingCropAndPadMapMaskAndBoxesConsistently() throws Exception {
        Volume img = Volume.zeros(
                new int[] {40, 40, 20}, new double[] {0.5, 0.5, 1}, Volume.diagonalAffine(new double[] {0.5, 0.5, 1}));
        Volume mask = Volume.zerosLike(img);
        for (int k = 0; k < 20; k++) {
            for (int j = 0; j < 40; j++) {
                for (int i = 0; i < 40; i++) {
                    boolean body = Math.hypot(i - 20, j - 20) < 15;
                    img.set(i, j, k, body ? 40f : -1000f);
                    if (i >= 16 && i <= 23 && j >= 16 && j <= 23 && k >= 8 && k <= 11) {
                        img.set(i, j, k, 200f);
                        mask.set(i, j, k, 1f);
                    }
                }
            }
        }
        Preset p = new Preset(
                "t", "", 1.0, Preset.IntensityMode.WINDOW, -160, 240, 0.05, true, 1, false, new int[] {24, 24, 24});
        Preprocessor.Result r = Preprocessor.process(img, mask, p);
        assertArrayEquals(new int[] {24, 24, 24}, r.image().shape());
        // Lesion 200 HU and body 40 HU in the window [-160, 240].
        assertEquals(0.9f, r.image().get(r.image().nx() / 2, r.image().ny() / 2, 12), 1e-6f);
        assertEquals(0.5f, r.image().get(r.image().nx() / 2, r.image().ny() / 2 + 5, 12), 1e-6f);
        Box b = r.mapBox(new Box(16, 16, 8, 23, 23, 11));
        assertNotNull(b);
        long inside = 0;
        long total = 0;
        for (int i = 0; i < r.mask().voxelCount(); i++) {
            total += r.mask().data()[i] > 0 ? 1 : 0;
        }
        for (int k = b.k0(); k <= b.k1(); k++) {
            for (int j = b.j0(); j <= b.j1(); j++) {
                for (int i = b.i0(); i <= b.i1(); i++) {
                    inside += r.mask().get(i, j, k) > 0 ? 1 : 0;
                }
            }
        }
        assertTrue(total > 0);
        assertEquals(total, inside, "the mapped box contains the whole mapped mask");
        // The world position of the mapped lesion centre is unchanged.
        double[] ai = img.affine();
        double[] ao = r.image().affine();
        double worldIn = ai[0] * 19.5 + ai[3];
        double iOut = (worldIn - ao[3]) / ao[0];
        assertEquals((b.i0() + b.i1()) / 2.0, iOut, 1.0);
    }
}
