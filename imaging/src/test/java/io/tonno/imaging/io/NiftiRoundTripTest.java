package io.tonno.imaging.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.imaging.Volume;
import io.tonno.imaging.testing.Python;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our writer, read back by nibabel (the reference) and by our reader: same array and same affine. */
class NiftiRoundTripTest {
    private static final String READ = String.join(
            "\n",
            "import sys, json, nibabel as nib, numpy as np",
            "img = nib.load(sys.argv[1])",
            "def nibq(a):",
            "    h = nib.Nifti1Header(); h.set_qform(a); return h.get_qform().tolist()",
            "d = np.asanyarray(img.dataobj)",
            "print(json.dumps({'shape': list(img.shape), 'affine': img.affine.tolist(),",
            "  'dtype': img.get_data_dtype().name, 'data': img.get_fdata().ravel(order='F').tolist(),",
            "  'qform': img.header.get_qform().tolist(), 'qcode': int(img.header['qform_code']),",
            "  'scode': int(img.header['sform_code']), 'nibqform': nibq(img.affine)}))");

    @TempDir
    Path dir;

    /** An oblique rotation with a reflection (negative determinant) and anisotropic spacing. */
    static double[] obliqueAffine() {
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        double c2 = Math.cos(0.2);
        double s2 = Math.sin(0.2);
        // Rz(0.3) * Rx(0.2), then the first column negated (reflection).
        double[] r = {c, -s * c2, s * s2, s, c * c2, -c * s2, 0, s2, c2};
        double[] sp = {0.8, 1.1, 2.5};
        return new double[] {
            -r[0] * sp[0],
            r[1] * sp[1],
            r[2] * sp[2],
            90.5,
            -r[3] * sp[0],
            r[4] * sp[1],
            r[5] * sp[2],
            -120.25,
            -r[6] * sp[0],
            r[7] * sp[1],
            r[8] * sp[2],
            33,
            0,
            0,
            0,
            1
        };
    }

    /** An affine with shear, which a qform cannot represent exactly. */
    static double[] shearedAffine() {
        return new double[] {0.9, -0.3, 0.1, -20, 0.35, 1.8, -0.2, 14.5, -0.05, 0.25, 2.5, 7.25, 0, 0, 0, 1};
    }

    private static Volume randomVolume(double[] affine, float scale) {
        double[] sp = new double[3];
        for (int col = 0; col < 3; col++) {
            sp[col] = Math.sqrt(
                    affine[col] * affine[col] + affine[4 + col] * affine[4 + col] + affine[8 + col] * affine[8 + col]);
        }
        Volume v = new Volume(new int[] {7, 5, 4}, sp, affine, new float[140]);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 140; i++) {
            v.data()[i] = (float) (r.nextDouble() * scale);
        }
        return v;
    }

    private void assertNibabelReads(Volume v, Path p, String dtype, boolean rounded) throws Exception {
        assertNibabelReads(v, p, dtype, rounded, true);
    }

    private void assertNibabelReads(Volume v, Path p, String dtype, boolean rounded, boolean qformIsAffine)
            throws Exception {
        JsonNode n = new ObjectMapper().readTree(Python.run(READ, p.toString()));
        assertEquals(dtype, n.get("dtype").asText());
        assertEquals(2, n.get("scode").asInt());
        assertEquals(2, n.get("qcode").asInt());
        double[] a = v.affine();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(a[r * 4 + c], n.get("affine").get(r).get(c).asDouble(), 1e-5, "affine " + r + c);
                double q = n.get("qform").get(r).get(c).asDouble();
                assertEquals(n.get("nibqform").get(r).get(c).asDouble(), q, 1e-5, "qform as nibabel " + r + c);
                if (qformIsAffine) {
                    assertEquals(a[r * 4 + c], q, 1e-5, "qform " + r + c);
                }
            }
        }
        for (int i = 0; i < v.voxelCount(); i++) {
            double want = rounded ? NiftiWriter.toUint8(v.data()[i]) : v.data()[i];
            assertEquals(want, n.get("data").get(i).asDouble(), 0.0, "voxel " + i);
        }
        Volume back = Nifti.read(p);
        for (int i = 0; i < v.voxelCount(); i++) {
            assertEquals(rounded ? NiftiWriter.toUint8(v.data()[i]) : v.data()[i], back.data()[i], 0.0);
        }
        for (int e = 0; e < 16; e++) {
            assertEquals(a[e], back.affine()[e], 1e-5);
        }
    }

    @Test
    void nibabelReadsOurFloat32GzipWithSameArrayAffineAndQform() throws Exception {
        Python.assumeModules("nibabel");
        Volume v = randomVolume(obliqueAffine(), 1000f);
        Path p = dir.resolve("heat.nii.gz");
        Nifti.writeFloat32(v, p);
        assertNibabelReads(v, p, "float32", false);
    }

    @Test
    void shearedAffineKeepsExactSformAndNibabelsClosestQform() throws Exception {
        Python.assumeModules("nibabel");
        Volume v = randomVolume(shearedAffine(), 1f);
        Path p = dir.resolve("shear.nii");
        Nifti.writeFloat32(v, p);
        assertNibabelReads(v, p, "float32", false, false);
    }

    @Test
    void nibabelReadsOurUint8MaskRoundedAndClamped() throws Exception {
        Python.assumeModules("nibabel");
        Volume v = randomVolume(Volume.diagonalAffine(new double[] {1.5, 2, 3}), 300f);
        v.data()[0] = -4f;
        v.data()[1] = Float.NaN;
        v.data()[2] = 1.5f;
        Path p = dir.resolve("mask.nii");
        Nifti.writeUint8(v, p);
        assertNibabelReads(v, p, "uint8", true);
        assertEquals(0f, Nifti.read(p).data()[1]);
        assertEquals(2f, Nifti.read(p).data()[2]);
    }

    @Test
    void parallelGzipOfManyBlocksDecompressesToThePlainFileInJavaAndPython() throws Exception {
        Volume v = Volume.zeros(97, 83, 101); // 813k voxels: 4 parallel blocks, the last one partial
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < v.voxelCount(); i++) {
            v.data()[i] = i % 5 == 0 ? (float) r.nextGaussian() : i % 13;
        }
        Path plain = dir.resolve("v.nii");
        Path gz = dir.resolve("v.nii.gz");
        Nifti.writeFloat32(v, plain);
        Nifti.writeFloat32(v, gz);
        byte[] want = java.nio.file.Files.readAllBytes(plain);
        try (var in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(gz))) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(want, in.readAllBytes());
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                v.data(), Nifti.read(gz).data());
        Python.assumeModules("gzip", "hashlib");
        String sha = Python.run(
                        "import gzip, hashlib, sys; print(hashlib.sha256(gzip.open(sys.argv[1]).read()).hexdigest())",
                        gz.toString())
                .strip();
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(want);
        assertEquals(java.util.HexFormat.of().formatHex(d), sha);
    }

    @Test
    void writeReplacesExistingFileAndLeavesNoTemporaryFiles() throws Exception {
        Path p = dir.resolve("v.nii.gz");
        Nifti.writeFloat32(Volume.zeros(3, 3, 3), p);
        Volume ones = Volume.zeros(3, 3, 3);
        java.util.Arrays.fill(ones.data(), 1f);
        Nifti.writeFloat32(ones, p);
        assertEquals(1f, Nifti.read(p).get(2, 2, 2));
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
