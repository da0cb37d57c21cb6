package io.tonno.imaging.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.testing.Fixtures;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads every fixture written by nibabel (make_fixtures.py) and compares with what nibabel read back. */
class NiftiFixturesTest {
    private static JsonNode expected;

    @BeforeAll
    static void load() throws Exception {
        expected = new ObjectMapper()
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature())
                .readTree(Fixtures.path("expected.json").toFile());
    }

    static List<String> readableFixtures() throws Exception {
        load();
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (!n.equals("series_4d.nii.gz") && !n.equals("nonfinite.nii")) {
                names.add(n);
            }
        }
        return names;
    }

    @ParameterizedTest
    @MethodSource("readableFixtures")
    void readsVoxelsAndAffineAsNibabel(String name) throws Exception {
        JsonNode e = expected.get(name);
        Volume v = Nifti.read(Fixtures.path(name));
        int[] shape = v.shape();
        for (int a = 0; a < 3; a++) {
            assertEquals(e.get("shape").get(a).asInt(), shape[a], name + " shape[" + a + "]");
        }
        double[] aff = v.affine();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(e.get("affine").get(r).get(c).asDouble(), aff[r * 4 + c], 1e-6, name + " affine " + r + c);
            }
        }
        JsonNode data = e.get("data");
        assertEquals(data.size(), v.voxelCount());
        for (int i = 0; i < data.size(); i++) {
            double want = data.get(i).asDouble();
            assertEquals(want, v.data()[i], Math.abs(want) * 1e-6, name + " voxel " + i);
        }
        NiftiHeader h = Nifti.readHeader(Fixtures.path(name));
        assertEquals(e.get("dtype").asText(), h.datatype().numpyName());
        for (int a = 0; a < 3; a++) {
            assertEquals(e.get("zooms").get(a).asDouble(), v.spacing()[a], 1e-6, name + " spacing");
        }
    }

    @Test
    void detectsVersionAndByteOrder() throws Exception {
        assertEquals(2, Nifti.readHeader(Fixtures.path("nifti2_be.nii.gz")).version());
        assertEquals(
                java.nio.ByteOrder.BIG_ENDIAN,
                Nifti.readHeader(Fixtures.path("nifti2_be.nii.gz")).byteOrder());
        assertEquals(1, Nifti.readHeader(Fixtures.path("dtype_int8_le.nii")).version());
        assertEquals(
                java.nio.ByteOrder.LITTLE_ENDIAN,
                Nifti.readHeader(Fixtures.path("dtype_int8_le.nii")).byteOrder());
    }

    @Test
    void refusesRealFourDimensionalSeriesNamingDim4() {
        InvalidInputException ex =
                assertThrows(InvalidInputException.class, () -> Nifti.read(Fixtures.path("series_4d.nii.gz")));
        assertEquals("dim[4]", ex.field());
        assertTrue(ex.getMessage().contains("series_4d.nii.gz"), ex.getMessage());
    }

    @Test
    void refusesNonFiniteVoxelsByDefault() {
        InvalidInputException ex =
                assertThrows(InvalidInputException.class, () -> Nifti.read(Fixtures.path("nonfinite.nii")));
        assertEquals("data", ex.field());
        assertTrue(ex.getMessage().contains("2 NaN or infinite"), ex.getMessage());
    }

    @Test
    void replacesNonFiniteVoxelsWithZeroWhenAsked() throws Exception {
        Volume v = Nifti.read(
                Fixtures.path("nonfinite.nii"),
                NiftiReadOptions.defaults().withNonFinite(NiftiReadOptions.NonFinitePolicy.REPLACE_WITH_ZERO));
        assertEquals(0f, v.get(1, 2, 3));
        assertEquals(0f, v.get(0, 0, 1));
        assertEquals(-46.875f + 1.25f, v.get(1, 0, 0));
    }

    @Test
    void summaryCountsNanAndAveragesFiniteVoxels() throws Exception {
        NiftiSummary s = NiftiSummary.of(Fixtures.path("nonfinite.nii"), NiftiReadOptions.DEFAULT_MAX_VOXELS);
        assertEquals(1, s.nanCount());
        JsonNode data = expected.get("nonfinite.nii").get("data");
        double sum = 0;
        int n = 0;
        for (JsonNode x : data) {
            if (!x.isNull() && Double.isFinite(x.asDouble())) {
                sum += x.asDouble();
                n++;
            }
        }
        assertEquals(sum / n, s.mean(), 1e-9);
        assertArrayEquals(new long[] {4, 5, 6}, s.shape());
        assertEquals("float32", s.dtype());
    }
}
