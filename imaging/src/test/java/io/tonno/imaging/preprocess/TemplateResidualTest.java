package io.tonno.imaging.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.synth.BrainAnatomyDataset;
import io.tonno.imaging.synth.SynthSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Residuals to the training cases' mean: hand-computed values on tiny volumes, gain invariance, the errors, and on
 * the MR brain benchmark (skipped without Debian's {@code mricron-data}) that lesions stand out more against the
 * residual's field than against the anatomy.
 */
class TemplateResidualTest {
    @TempDir
    Path dir;

    private static Volume vol(float... d) {
        return new Volume(new int[] {2, 2, 1}, new double[] {1, 1, 1}, Volume.identityAffine(), d);
    }

    @Test
    void templateAndResidualEqualTheHandComputedValues() throws Exception {
        // v1: body {1,2,3}, median 2 -> (0, .5, 1, 1.5); v2: body {4,4,8}, median 4 -> (1, 1, 0, 2).
        TemplateResidual.Template t = new TemplateResidual.Template(vol(0, 1, 2, 3), "v1");
        t.add(vol(0, 1, 2, 3), "v1");
        t.add(vol(4, 4, 0, 8), "v2");
        assertEquals(2, t.count());
        Volume mean = t.mean();
        assertArrayEquals(new float[] {0.5f, 0.75f, 0.5f, 1.75f}, mean.data(), 1e-7f);
        // body {2,4,6}, median 4 -> n = (.5, 0, 1, 1.5); r = 0.5 + n - T inside, 0 outside.
        Volume r = TemplateResidual.residual(vol(2, 0, 4, 6), "v", mean, "T");
        assertArrayEquals(new float[] {0.5f, 0f, 1.0f, 0.25f}, r.data(), 1e-7f);
        // body {0.4,2,4}, median 2 -> n = (1, 0, 2, .2): clamped to 1 above and to the floor 0.01 below.
        Volume c = TemplateResidual.residual(vol(2, 0, 4, 0.4f), "v", mean, "T");
        assertArrayEquals(new float[] {1.0f, 0f, 1.0f, 0.01f}, c.data(), 1e-7f);
    }

    @Test
    void aGlobalGainCancels() throws Exception {
        Volume template = vol(0.5f, 0.75f, 0.5f, 1.75f);
        Volume a = TemplateResidual.residual(vol(2, 0, 4, 6), "a", template, "T");
        Volume b = TemplateResidual.residual(vol(6, 0, 12, 18), "b", template, "T");
        assertArrayEquals(a.data(), b.data(), 1e-6f);
    }

    @Test
    void anotherGridOrNoBodyIsRefusedNamingTheFile() {
        Volume other =
                new Volume(new int[] {2, 1, 1}, new double[] {1, 1, 1}, Volume.identityAffine(), new float[] {1, 2});
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> TemplateResidual.residual(other, "case7.nii.gz", vol(1, 1, 1, 1), "template.nii.gz"));
        assertEquals("case7.nii.gz", e.source());
        assertEquals("dim", e.field());
        assertTrue(e.getMessage().contains("template.nii.gz"), e.getMessage());
        InvalidInputException empty = assertThrows(
                InvalidInputException.class,
                () -> TemplateResidual.residual(vol(0, 0, 0, 0), "empty.nii.gz", vol(1, 1, 1, 1), "T"));
        assertEquals("empty.nii.gz", empty.source());
        assertEquals("image", empty.field());
    }

    @Test
    void aDatasetWithoutTrainingCasesIsRefused() {
        Dataset d = new Dataset(
                "only-test", List.of(new CaseEntry("c0", dir.resolve("c0.nii.gz"), 0, null, List.of(), Split.TEST)));
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> TemplateResidual.run(d, dir.resolve("out")));
        assertEquals("only-test", e.source());
        assertEquals("split", e.field());
    }

    @Test
    void onTheBrainBenchmarkLesionsStandOutMoreInTheResiduals() throws Exception {
        assumeTrue(
                Files.isRegularFile(BrainAnatomyDataset.DEFAULT_TEMPLATE),
                BrainAnatomyDataset.DEFAULT_TEMPLATE + " is missing; apt-get install mricron-data");
        Dataset in = BrainAnatomyDataset.write(
                dir.resolve("brain"), new SynthSettings(24, 32, 3, 0.5), BrainAnatomyDataset.DEFAULT_TEMPLATE);
        Path out = dir.resolve("residual");
        Dataset res = TemplateResidual.run(in, out);
        assertEquals(res.cases(), Dataset.load(out.resolve("dataset.json")).cases());
        assertTrue(Files.isRegularFile(out.resolve("template.nii.gz")));
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (int i = 0; i < in.cases().size(); i++) {
            CaseEntry a = in.cases().get(i);
            CaseEntry b = res.cases().get(i);
            assertEquals(a.id(), b.id());
            assertEquals(a.label(), b.label());
            assertEquals(a.split(), b.split());
            assertEquals(a.boxes(), b.boxes());
            Volume img = Nifti.read(a.image());
            Volume r = Nifti.read(b.image());
            for (int v = 0; v < img.voxelCount(); v++) {
                assertEquals(img.data()[v] == 0, r.data()[v] == 0, "the body is kept, voxel " + v);
            }
            if (a.label() == 1) {
                Volume mask = Nifti.read(a.mask());
                before.add(contrastToNoise(img, mask));
                after.add(contrastToNoise(r, mask));
            }
        }
        double mb = before.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ma = after.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(ma > 2 * mb, "lesion contrast / body spread: residual " + ma + ", original " + mb);
    }

    /** (mean of the body outside the lesions − mean inside them) / standard deviation of the body outside them. */
    private static double contrastToNoise(Volume v, Volume mask) {
        double si = 0;
        double so = 0;
        double soo = 0;
        long ni = 0;
        long no = 0;
        for (int i = 0; i < v.voxelCount(); i++) {
            double x = v.data()[i];
            if (x == 0) {
                continue;
            }
            if (mask.data()[i] != 0) {
                si += x;
                ni++;
            } else {
                so += x;
                soo += x * x;
                no++;
            }
        }
        double mo = so / no;
        return (mo - si / ni) / Math.sqrt(soo / no - mo * mo);
    }
}
