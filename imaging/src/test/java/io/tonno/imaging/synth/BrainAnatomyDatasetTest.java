package io.tonno.imaging.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.io.NiftiDatatype;
import io.tonno.imaging.label.ConnectedComponents;
import io.tonno.imaging.label.Connectivity;
import io.tonno.imaging.label.Labeling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MR brain benchmark on the Colin27 template of Debian's {@code mricron-data} (skipped, with a message,
 * when the package is missing): manifest and splits, determinism, lesion placement, size and contrast, and
 * the errors for a missing or unusable template and absurd settings.
 */
class BrainAnatomyDatasetTest {
    private static TemplateGrid grid32;
    private static TemplateGrid grid64;

    @TempDir
    Path dir;

    @BeforeAll
    static void template() throws Exception {
        if (Files.isRegularFile(BrainAnatomyDataset.DEFAULT_TEMPLATE)) {
            BrainTemplate t = BrainTemplate.load(BrainAnatomyDataset.DEFAULT_TEMPLATE);
            grid32 = new TemplateGrid(t, 32);
            grid64 = new TemplateGrid(t, 64);
        }
    }

    private static void assumeTemplate() {
        assumeTrue(grid32 != null, BrainAnatomyDataset.DEFAULT_TEMPLATE + " is missing; apt-get install mricron-data");
    }

    @Test
    void writesValidDatasetWithBothClassesInEverySplit() throws Exception {
        assumeTemplate();
        SynthSettings s = new SynthSettings(8, 32, 5, 0.5);
        Dataset written = BrainAnatomyDataset.write(dir, s, grid32);
        Dataset d = Dataset.load(dir.resolve("dataset.json"));
        assertEquals(written.cases(), d.cases());
        assertEquals("brain-n8-s32-seed5", d.name());
        for (Split split : Split.values()) {
            assertTrue(d.cases(split).stream().anyMatch(c -> c.label() == 1), split + " has a positive");
            assertTrue(d.cases(split).stream().anyMatch(c -> c.label() == 0), split + " has a negative");
        }
        for (CaseEntry c : d.cases()) {
            assertEquals(NiftiDatatype.FLOAT32, Nifti.readHeader(c.image()).datatype());
            assertEquals(NiftiDatatype.UINT8, Nifti.readHeader(c.mask()).datatype());
            Volume img = Nifti.read(c.image());
            Volume mask = Nifti.read(c.mask());
            assertArrayEquals(new int[] {32, 32, 32}, img.shape());
            assertArrayEquals(img.affine(), mask.affine(), 0);
            double h = img.spacing()[0];
            assertArrayEquals(new double[] {h, h, h}, img.spacing(), 1e-9, "isotropic");
            assertEquals(grid32.spacing, h, 1e-5);
            for (int col = 0; col < 3; col++) {
                double[] a = img.affine();
                assertEquals(
                        h,
                        Math.sqrt(a[col] * a[col] + a[4 + col] * a[4 + col] + a[8 + col] * a[8 + col]),
                        1e-5,
                        "affine column " + col + " has the spacing's length");
            }
            long brain = 0;
            for (int k = 0; k < 32; k++) {
                for (int j = 0; j < 32; j++) {
                    for (int i = 0; i < 32; i++) {
                        float v = img.get(i, j, k);
                        brain += v > 0 ? 1 : 0;
                        if (i == 0 || j == 0 || k == 0 || i == 31 || j == 31 || k == 31) {
                            assertEquals(0f, v, "the brain lies inside the cube");
                        }
                        if (mask.get(i, j, k) > 0) {
                            assertTrue(v > 0, "lesion voxels lie in the brain");
                        }
                    }
                }
            }
            double fraction = brain / (32.0 * 32 * 32);
            assertTrue(fraction > 0.15 && fraction < 0.35, "the brain fills the cube: " + fraction);
            Labeling lesions = ConnectedComponents.label(mask, Connectivity.TWENTY_SIX);
            if (c.label() == 0) {
                assertEquals(0, lesions.count(), c.id() + " has an empty mask");
                assertTrue(c.boxes().isEmpty());
            } else {
                assertTrue(c.boxes().size() >= 1 && c.boxes().size() <= BrainCase.LESIONS_MAX, c.id());
                assertEquals(c.boxes().size(), lesions.count(), c.id() + ": one separate component per lesion");
                List<Box> componentBoxes = new ArrayList<>();
                for (int l = 1; l <= lesions.count(); l++) {
                    componentBoxes.add(lesions.box(l));
                }
                assertEquals(
                        new HashSet<>(componentBoxes), new HashSet<>(c.boxes()), c.id() + ": boxes bound the lesions");
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalBytesWhateverTheThreadsAndOtherSeedDiffers() throws Exception {
        assumeTemplate();
        SynthSettings s = new SynthSettings(6, 32, 42, 0.5);
        BrainAnatomyDataset.write(dir.resolve("a"), s, grid32);
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            single.submit(() -> BrainAnatomyDataset.write(dir.resolve("b"), s, grid32))
                    .get();
        } finally {
            single.shutdown();
        }
        BrainAnatomyDataset.write(dir.resolve("c"), new SynthSettings(6, 32, 43, 0.5), grid32);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("a"))) {
            files = walk.filter(Files::isRegularFile)
                    .map(dir.resolve("a")::relativize)
                    .sorted()
                    .toList();
        }
        assertEquals(13, files.size(), "6 images, 6 masks, dataset.json: " + files);
        for (Path f : files) {
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve("a").resolve(f)),
                    Files.readAllBytes(dir.resolve("b").resolve(f)),
                    f.toString());
        }
        Path first = Path.of("images", "case000.nii.gz");
        assertFalse(Arrays.equals(
                Nifti.read(dir.resolve("a").resolve(first)).data(),
                Nifti.read(dir.resolve("c").resolve(first)).data()));
    }

    @Test
    void lesionsLieInWhiteMatterInsideTheBrainWithTheDocumentedRadiusAndContrast() {
        assumeTemplate();
        SplittableRandom r = new SplittableRandom(3);
        int lesions = 0;
        for (int c = 0; c < 6; c++) {
            BrainCase.Result res = BrainCase.generate(grid64, true, r.split());
            float[] brain = res.brain().data();
            float[] wm = res.whiteMatter().data();
            float[] img = res.generated().image().data();
            Labeling comps = ConnectedComponents.label(res.generated().mask(), Connectivity.TWENTY_SIX);
            assertEquals(res.lesions().size(), comps.count());
            for (BrainLesion lesion : res.lesions()) {
                lesions++;
                double[] ctr = lesion.centre();
                int centre = index(64, (int) Math.round(ctr[0]), (int) Math.round(ctr[1]), (int) Math.round(ctr[2]));
                assertEquals(1f, wm[centre], "centre in white matter");
                int label = comps.labels()[centre];
                assertTrue(label > 0, "the centre voxel belongs to the lesion's mask");
                long voxels = 0;
                long inWm = 0;
                double inside = 0;
                for (int idx = 0; idx < brain.length; idx++) {
                    if (comps.labels()[idx] == label) {
                        voxels++;
                        inWm += wm[idx] > 0 ? 1 : 0;
                        inside += img[idx];
                    }
                }
                assertTrue(inWm >= BrainCase.MIN_WM_FRACTION * voxels, "mostly white matter: " + inWm + "/" + voxels);
                double radius = Math.cbrt(3 * voxels / (4 * Math.PI));
                assertTrue(
                        radius >= 0.9 * BrainCase.RADIUS_MIN && radius <= 1.1 * BrainCase.RADIUS_MAX,
                        "equivalent-sphere radius " + radius + " voxels at 64^3");
                assertTrue(lesion.contrast() >= LesionContrast.STANDARD.min()
                        && lesion.contrast() <= LesionContrast.STANDARD.max());
                // Every voxel the lesion darkens lies in the brain; the white matter around it is brighter.
                double ring = 0;
                long ringVoxels = 0;
                int reach = lesion.reach() + 3;
                for (int k = (int) ctr[2] - reach; k <= (int) ctr[2] + reach; k++) {
                    for (int j = (int) ctr[1] - reach; j <= (int) ctr[1] + reach; j++) {
                        for (int i = (int) ctr[0] - reach; i <= (int) ctr[0] + reach; i++) {
                            if (Math.min(i, Math.min(j, k)) < 0 || Math.max(i, Math.max(j, k)) > 63) {
                                continue;
                            }
                            double dist = lesion.distance(i, j, k);
                            int idx = index(64, i, j, k);
                            if (BrainLesion.weight(dist) > 0) {
                                assertEquals(1f, brain[idx], "the whole lesion lies inside the brain");
                            } else if (dist > -BrainLesion.EDGE - 3 && wm[idx] > 0) {
                                ring += img[idx];
                                ringVoxels++;
                            }
                        }
                    }
                }
                double measured = 1 - (inside / voxels) / (ring / ringVoxels);
                assertTrue(
                        measured > 0.5 * LesionContrast.STANDARD.min()
                                && measured < LesionContrast.STANDARD.max() + 0.1,
                        "contrast against the surrounding white matter " + measured + ", nominal " + lesion.contrast());
            }
        }
        assertTrue(lesions >= 6);
    }

    @Test
    void aContrastRangeChangesOnlyTheLesionsIntensity() {
        assumeTemplate();
        LesionContrast strong = LesionContrast.parse("0.5:0.6");
        BrainCase.Result standard = BrainCase.generate(grid32, true, new SplittableRandom(11));
        BrainCase.Result darker = BrainCase.generate(grid32, true, new SplittableRandom(11), strong);
        assertEquals(standard.lesions().size(), darker.lesions().size());
        assertArrayEquals(
                standard.generated().mask().data(), darker.generated().mask().data(), "same places, sizes, shapes");
        for (BrainLesion lesion : darker.lesions()) {
            assertTrue(lesion.contrast() >= 0.5 && lesion.contrast() <= 0.6, "contrast " + lesion.contrast());
        }
        float[] a = standard.generated().image().data();
        float[] b = darker.generated().image().data();
        float[] mask = darker.generated().mask().data();
        double inA = 0;
        double inB = 0;
        for (int idx = 0; idx < a.length; idx++) {
            if (mask[idx] > 0) {
                inA += a[idx];
                inB += b[idx];
            }
        }
        assertTrue(inB < 0.85 * inA, "lesions darker: " + inB + " vs " + inA);
        int far = 0;
        for (int idx = 0; idx < a.length; idx++) {
            if (mask[idx] == 0 && a[idx] == b[idx]) {
                far++;
            }
        }
        assertTrue(far > 0.95 * a.length, "the rest of the image is unchanged: " + far + "/" + a.length);
    }

    @Test
    void contrastRangesParseAndRefuseWhatIsNotAContrast() {
        assertEquals(new LesionContrast(0.45, 0.6), LesionContrast.parse(" 0.45:0.6 "));
        assertEquals(new LesionContrast(0.3, 0.3), LesionContrast.parse("0.3"));
        assertEquals("0.45-0.6", LesionContrast.parse("0.45:0.6").label());
        assertTrue(LesionContrast.parse("0.2:0.4").standard());
        for (String bad : new String[] {"0:0.4", "0.5:0.4", "0.2:0.95", "x", "0.2:"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LesionContrast.parse(bad));
            assertTrue(e.getMessage().contains("lesion contrast"), e.getMessage());
        }
    }

    @Test
    void negativeCasesHaveNoLesions() {
        assumeTemplate();
        BrainCase.Result res = BrainCase.generate(grid32, false, new SplittableRandom(9));
        assertTrue(res.lesions().isEmpty());
        assertTrue(res.generated().boxes().isEmpty());
        for (float m : res.generated().mask().data()) {
            assertEquals(0f, m);
        }
    }

    @Test
    void missingTemplateNamesTheFileAndTheDebianPackage() {
        Path missing = dir.resolve("no-such-template.nii.gz");
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> BrainAnatomyDataset.write(dir.resolve("out"), new SynthSettings(6, 32, 1, 0.5), missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install mricron-data"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")), "nothing is written");
    }

    @Test
    void unusableTemplatesAreRefusedNamingTheFile() throws Exception {
        Path notNifti = dir.resolve("text.nii");
        Files.writeString(notNifti, "not an image");
        assertThrows(
                InvalidInputException.class,
                () -> BrainAnatomyDataset.write(dir.resolve("o1"), new SynthSettings(6, 32, 1, 0.5), notNifti));

        Volume head = Volume.zeros(40, 40, 40);
        Arrays.fill(head.data(), 50f);
        assertMessage(head, "skull-stripped");
        assertMessage(Volume.zeros(40, 40, 40), "at least " + BrainTemplate.MIN_BRAIN_VOXELS);
        Volume flat = Volume.zeros(40, 40, 40);
        for (int k = 5; k < 35; k++) {
            for (int j = 5; j < 35; j++) {
                for (int i = 5; i < 35; i++) {
                    flat.set(i, j, k, 80f);
                }
            }
        }
        assertMessage(flat, "tissue");
    }

    private void assertMessage(Volume template, String expected) throws Exception {
        Path file = dir.resolve("t" + expected.hashCode() + ".nii.gz");
        Nifti.writeFloat32(template, file);
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> BrainAnatomyDataset.write(dir.resolve("o"), new SynthSettings(6, 32, 1, 0.5), file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void refusesAbsurdSizesAndCaseCounts() {
        Path t = dir.resolve("unused.nii.gz");
        IllegalArgumentException small = assertThrows(
                IllegalArgumentException.class,
                () -> BrainAnatomyDataset.write(dir, new SynthSettings(6, 16, 1, 0.5), t));
        assertTrue(small.getMessage().contains("size must be in 32..256"), small.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> BrainAnatomyDataset.write(dir, new SynthSettings(6, 300, 1, 0.5), t));
        IllegalArgumentException many = assertThrows(
                IllegalArgumentException.class,
                () -> BrainAnatomyDataset.write(dir, new SynthSettings(20_000, 64, 1, 0.5), t));
        assertTrue(many.getMessage().contains("cases"), many.getMessage());
    }

    private static int index(int n, int i, int j, int k) {
        return i + n * (j + n * k);
    }
}
