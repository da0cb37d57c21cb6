package io.tonno.imaging.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code tonno inspect} prints (NiftiSummary) agrees with nibabel on nibabel's own bundled test images
 * (Debian python3-nibabel): shape, affine to 1e-5, min/max/mean to 1e-4 relative, dtype and NaN count.
 * Real 4D series there are refused with the dim[4] field instead.
 */
class NiftiSummaryAgainstNibabelTest {
    static final Path DATA = Path.of("/usr/lib/python3/dist-packages/nibabel/tests/data");
    private static final String REFERENCE = String.join(
            "\n",
            "import sys, json, numpy as np, nibabel as nib",
            "img = nib.load(sys.argv[1])",
            "d = img.get_fdata()",
            "f = d[np.isfinite(d)]",
            "print(json.dumps({'shape': list(img.shape), 'affine': img.affine.tolist(),",
            "  'dtype': img.get_data_dtype().name, 'zooms': [float(z) for z in img.header.get_zooms()[:3]],",
            "  'min': float(f.min()), 'max': float(f.max()), 'mean': float(f.mean()),",
            "  'nanCount': int(np.isnan(d).sum())}))");

    static Stream<Path> bundledImages() throws Exception {
        if (!Files.isDirectory(DATA)) {
            return Stream.of(Path.of("nibabel-test-data-missing"));
        }
        try (Stream<Path> s = Files.list(DATA)) {
            List<Path> files = s.filter(p -> {
                        String n = p.getFileName().toString();
                        return (n.endsWith(".nii") || n.endsWith(".nii.gz"))
                                && !n.contains(".dconn.")
                                && !n.contains(".dscalar.")
                                && !n.contains(".dlabel.")
                                && !n.contains(".dtseries.");
                    })
                    .sorted()
                    .toList();
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("bundledImages")
    void inspectAgreesWithNibabel(Path file) throws Exception {
        Python.assumeModules("nibabel");
        assumeTrue(Files.isRegularFile(file), "nibabel's test data is missing: apt-get install python3-nibabel");
        JsonNode ref = new ObjectMapper().readTree(Python.run(REFERENCE, file.toString()));
        long[] shape = new long[ref.get("shape").size()];
        for (int a = 0; a < shape.length; a++) {
            shape[a] = ref.get("shape").get(a).asLong();
        }
        boolean series = shape.length > 3
                && java.util.Arrays.stream(shape, 3, shape.length).anyMatch(x -> x != 1);
        if (series) {
            InvalidInputException ex = assertThrows(
                    InvalidInputException.class, () -> NiftiSummary.of(file, NiftiReadOptions.DEFAULT_MAX_VOXELS));
            assertTrue(ex.field().startsWith("dim["), ex.getMessage());
            return;
        }
        NiftiSummary s = NiftiSummary.of(file, NiftiReadOptions.DEFAULT_MAX_VOXELS);
        assertArrayEquals(shape, s.shape());
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(ref.get("affine").get(r).get(c).asDouble(), s.affine()[r][c], 1e-5, "affine " + r + c);
            }
        }
        assertEquals(ref.get("dtype").asText(), s.dtype());
        for (int a = 0; a < s.spacing().length; a++) {
            assertEquals(ref.get("zooms").get(a).asDouble(), s.spacing()[a], 1e-6);
        }
        for (String f : new String[] {"min", "max", "mean"}) {
            double want = ref.get(f).asDouble();
            double got = f.equals("min") ? s.min() : f.equals("max") ? s.max() : s.mean();
            assertEquals(want, got, 1e-4 * Math.max(1e-12, Math.abs(want)), f);
        }
        assertEquals(ref.get("nanCount").asLong(), s.nanCount());
    }
}
