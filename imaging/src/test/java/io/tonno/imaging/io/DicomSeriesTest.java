package io.tonno.imaging.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.testing.Fixtures;
import io.tonno.imaging.testing.Python;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DICOM series written by pydicom with known geometry, converted by dcm2niix. Every voxel stores its DICOM
 * (column, row, slice) indices, so the test checks the world position of every voxel, whatever axis flips
 * dcm2niix chooses.
 */
class DicomSeriesTest {
    @TempDir
    Path dir;

    private JsonNode makeSeries(Path out, String kind, String... extra) throws Exception {
        Python.assumeModules("pydicom", "numpy");
        assumeTrue(hasDcm2niix(), "dcm2niix is not installed (apt-get install dcm2niix)");
        String[] args = new String[2 + extra.length];
        args[0] = out.toString();
        args[1] = kind;
        System.arraycopy(extra, 0, args, 2, extra.length);
        String script = "import runpy, sys; sys.argv = ['make_dicom.py'] + sys.argv[1:]; runpy.run_path('"
                + Fixtures.path("make_dicom.py") + "', run_name='__main__')";
        return new ObjectMapper().readTree(Python.run(script, args));
    }

    private static boolean hasDcm2niix() {
        try {
            DicomSeries.locateTool(null);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ct", "mr", "oblique"})
    void placesEveryVoxelAtItsDicomWorldPosition(String kind) throws Exception {
        Path folder = dir.resolve(kind);
        JsonNode g = makeSeries(folder, kind);
        Volume v = DicomSeries.read(folder);
        int nc = g.get("nc").asInt();
        int nr = g.get("nr").asInt();
        int ns = g.get("ns").asInt();
        int[] shape = v.shape();
        int[] sorted = shape.clone();
        Arrays.sort(sorted);
        int[] want = {nc, nr, ns};
        Arrays.sort(want);
        assertArrayEquals(want, sorted, "shape is a permutation of (columns, rows, slices)");
        double[] spacingWant = {
            g.get("pixelSpacing").get(1).asDouble(),
            g.get("pixelSpacing").get(0).asDouble(),
            g.get("sliceSpacing").asDouble()
        };
        double[] sp = v.spacing();
        double[] spSorted = sp.clone();
        Arrays.sort(spSorted);
        Arrays.sort(spacingWant);
        assertArrayEquals(spacingWant, spSorted, 1e-4);
        double[] a = v.affine();
        double[] x = vec(g.get("x"));
        double[] y = vec(g.get("y"));
        double[] n = vec(g.get("normal"));
        double[] o = vec(g.get("origin"));
        double dc = g.get("pixelSpacing").get(1).asDouble();
        double dr = g.get("pixelSpacing").get(0).asDouble();
        double ds = g.get("sliceSpacing").asDouble();
        int intercept = g.get("rescaleIntercept").asInt();
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++) {
                    int raw = Math.round(v.get(i, j, k)) - intercept;
                    int c = raw % nc;
                    int r = (raw / nc) % nr;
                    int s = raw / (nc * nr);
                    for (int e = 0; e < 3; e++) {
                        double lps = o[e] + c * dc * x[e] + r * dr * y[e] + s * ds * n[e];
                        double ras = e < 2 ? -lps : lps;
                        double got = a[e * 4] * i + a[e * 4 + 1] * j + a[e * 4 + 2] * k + a[e * 4 + 3];
                        assertEquals(ras, got, 1e-3, kind + " voxel (" + i + "," + j + "," + k + ") axis " + e);
                    }
                }
            }
        }
    }

    @Test
    void datasetCaseWithDicomFolderIsPreprocessed() throws Exception {
        Path folder = dir.resolve("cases/ct01");
        makeSeries(folder, "ct");
        Files.writeString(
                dir.resolve("cases/dataset.json"),
                "{\"name\":\"d\",\"cases\":[{\"id\":\"ct01\",\"image\":\"ct01\",\"label\":1,\"split\":\"test\"}]}");
        io.tonno.imaging.dataset.Dataset d = io.tonno.imaging.dataset.Dataset.load(dir.resolve("cases/dataset.json"));
        io.tonno.imaging.preprocess.Preset p = io.tonno.imaging.preprocess.Preset.load("ct-lung");
        io.tonno.imaging.dataset.Dataset out = io.tonno.imaging.preprocess.Preprocessor.run(d, p, dir.resolve("pre"));
        Volume v = Nifti.read(out.cases().get(0).image());
        assertEquals(v.nx(), v.ny());
        assertEquals(v.nx(), v.nz());
        assertArrayEquals(new double[] {1.5, 1.5, 1.5}, v.spacing(), 1e-9);
        assertTrue(Files.isRegularFile(dir.resolve("pre/ct01/foreground.nii.gz")));
    }

    @Test
    void refusesFolderWithTwoSeries() throws Exception {
        Path folder = dir.resolve("two");
        makeSeries(folder, "ct", "--second-series");
        InvalidInputException ex = assertThrows(InvalidInputException.class, () -> DicomSeries.read(folder));
        assertEquals("series", ex.field());
        assertTrue(ex.getMessage().contains("2 image series"), ex.getMessage());
    }

    @Test
    void refusesSeriesWithMissingSlice() throws Exception {
        Path folder = dir.resolve("gap");
        makeSeries(folder, "ct", "--drop-slice", "4");
        InvalidInputException ex = assertThrows(InvalidInputException.class, () -> DicomSeries.read(folder));
        assertEquals("slices", ex.field());
    }

    @Test
    void refusesFolderWithoutImages() throws Exception {
        assumeTrue(hasDcm2niix());
        Path folder = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(folder.resolve("readme.txt"), "not dicom");
        assertEquals(
                "images",
                assertThrows(InvalidInputException.class, () -> DicomSeries.read(folder))
                        .field());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(
                "images",
                assertThrows(InvalidInputException.class, () -> DicomSeries.read(empty))
                        .field());
    }

    @Test
    void missingToolMessageSaysHowToInstall() {
        IOException ex = assertThrows(IOException.class, () -> DicomSeries.locateTool(dir.resolve("no-such-dcm2niix")));
        assertTrue(ex.getMessage().contains("apt-get install dcm2niix"), ex.getMessage());
        assertTrue(ex.getMessage().contains("TONNO_DCM2NIIX"), ex.getMessage());
    }

    private static double[] vec(JsonNode n) {
        return new double[] {n.get(0).asDouble(), n.get(1).asDouble(), n.get(2).asDouble()};
    }
}
