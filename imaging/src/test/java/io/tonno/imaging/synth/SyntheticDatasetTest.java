package io.tonno.imaging.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.Nifti;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetTest {
    @TempDir
    Path dir;

    @Test
    void writesValidDatasetWithBothClassesInEverySplit() throws Exception {
        Dataset written = SyntheticDataset.write(dir, new SynthSettings(12, 32, 7, 0.5));
        Dataset d = Dataset.load(dir.resolve("dataset.json"));
        assertEquals(written.cases(), d.cases());
        assertEquals(12, d.cases().size());
        for (Split s : Split.values()) {
            assertTrue(d.cases(s).stream().anyMatch(c -> c.label() == 1), s + " has a positive");
            assertTrue(d.cases(s).stream().anyMatch(c -> c.label() == 0), s + " has a negative");
        }
        for (CaseEntry c : d.cases()) {
            Volume img = Nifti.read(c.image());
            Volume mask = Nifti.read(c.mask());
            assertArrayEquals(new int[] {32, 32, 32}, img.shape());
            long lesionVoxels = 0;
            for (int i = 0; i < mask.voxelCount(); i++) {
                if (mask.data()[i] > 0) {
                    lesionVoxels++;
                    assertTrue(img.data()[i] > 0, "lesions lie inside the body");
                }
                assertTrue(img.data()[i] >= 0 && img.data()[i] <= 1, "values in [0, 1]");
            }
            if (c.label() == 0) {
                assertEquals(0, lesionVoxels, c.id());
                assertTrue(c.boxes().isEmpty());
            } else {
                assertTrue(lesionVoxels > 0, c.id());
                assertTrue(c.boxes().size() >= 1 && c.boxes().size() <= 4, c.id());
                for (Box b : c.boxes()) {
                    assertTrue(mask.get((b.i0() + b.i1()) / 2, (b.j0() + b.j1()) / 2, (b.k0() + b.k1()) / 2) >= 0);
                    assertTrue(b.i1() < 32 && b.j1() < 32 && b.k1() < 32);
                }
            }
            assertEquals(0f, img.get(0, 0, 0), "outside the body is zero");
        }
    }

    @Test
    void sameSeedGivesIdenticalFilesAndOtherSeedDiffers() throws Exception {
        SyntheticDataset.write(dir.resolve("a"), new SynthSettings(6, 24, 42, 0.5));
        SyntheticDataset.write(dir.resolve("b"), new SynthSettings(6, 24, 42, 0.5));
        SyntheticDataset.write(dir.resolve("c"), new SynthSettings(6, 24, 43, 0.5));
        for (int c = 0; c < 6; c++) {
            String f = "images/case00" + c + ".nii.gz";
            assertArrayEquals(
                    Nifti.read(dir.resolve("a/" + f)).data(),
                    Nifti.read(dir.resolve("b/" + f)).data());
        }
        assertEquals(Files.readString(dir.resolve("a/dataset.json")), Files.readString(dir.resolve("b/dataset.json")));
        assertFalse(java.util.Arrays.equals(
                Nifti.read(dir.resolve("a/images/case000.nii.gz")).data(),
                Nifti.read(dir.resolve("c/images/case000.nii.gz")).data()));
    }

    @Test
    void lesionContrastVariesAndIncludesLowContrastLesions() {
        SplittableRandom r = new SplittableRandom(1);
        int lowContrast = 0;
        int lesions = 0;
        for (int c = 0; c < 20; c++) {
            GeneratedCase res = SyntheticCase.generate(32, true, Difficulty.HARD, r.split());
            GeneratedCase neg = SyntheticCase.generate(32, false, Difficulty.HARD, new SplittableRandom(99));
            assertNotEquals(0, res.boxes().size());
            for (Box b : res.boxes()) {
                lesions++;
                double inside = mean(res.image(), b);
                double ring = mean(res.image(), grow(b, 3)) * grow(b, 3).voxelCount() - inside * b.voxelCount();
                ring /= grow(b, 3).voxelCount() - b.voxelCount();
                if (Math.abs(inside - ring) < 0.12) {
                    lowContrast++;
                }
            }
            assertEquals(0, neg.boxes().size());
        }
        assertTrue(lesions >= 20);
        assertTrue(lowContrast > 0, "some lesions are hard to see");
        assertTrue(lowContrast < lesions, "not all lesions are hard to see");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Difficulty.class)
    void brightestVoxelDoesNotSeparateTheClassesPerfectly(Difficulty difficulty) {
        // A trivial detector (a case is positive when its brightest voxel is bright) must not solve the task:
        // vessels and organs are as bright as lesions, and some lesions are faint or dark.
        SplittableRandom r = new SplittableRandom(11);
        double[] pos = new double[16];
        double[] neg = new double[16];
        for (int c = 0; c < 16; c++) {
            pos[c] = max(SyntheticCase.generate(32, true, difficulty, r.split()).image());
            neg[c] =
                    max(SyntheticCase.generate(32, false, difficulty, r.split()).image());
        }
        double auc = 0;
        for (double p : pos) {
            for (double n : neg) {
                auc += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        auc /= 16.0 * 16.0;
        assertTrue(auc > 0.5, "lesions add signal, AUC " + auc);
        assertTrue(auc < 0.95, "but not a trivially separable one, AUC " + auc);
    }

    private static double max(Volume v) {
        double m = Double.NEGATIVE_INFINITY;
        for (float x : v.data()) {
            m = Math.max(m, x);
        }
        return m;
    }

    @Test
    void refusesTooFewCasesForThreeStratifiedSplits() {
        assertThrows(IllegalArgumentException.class, () -> new SynthSettings(5, 32, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new SynthSettings(10, 32, 1, 1.0));
        assertEquals(3, new SynthSettings(10, 32, 1, 0.05).positives());
    }

    private static Box grow(Box b, int m) {
        return new Box(
                Math.max(0, b.i0() - m),
                Math.max(0, b.j0() - m),
                Math.max(0, b.k0() - m),
                Math.min(31, b.i1() + m),
                Math.min(31, b.j1() + m),
                Math.min(31, b.k1() + m));
    }

    private static double mean(Volume v, Box b) {
        double s = 0;
        for (int k = b.k0(); k <= b.k1(); k++) {
            for (int j = b.j0(); j <= b.j1(); j++) {
                for (int i = b.i0(); i <= b.i1(); i++) {
                    s += v.get(i, j, k);
                }
            }
        }
        return s / b.voxelCount();
    }
}
