package io.tonno.imaging.io;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@code tonno inspect} prints about a NIfTI file, with nibabel's meaning for each field.
 *
 * @param shape    the data shape, nibabel's {@code img.shape} (a 4D file with one volume keeps its 4th axis)
 * @param spacing  header zooms of the spatial axes, {@code img.header.get_zooms()[:3]}, millimetres
 * @param affine   4×4 row-major, {@code img.affine}
 * @param dtype    numpy name of the on-disk type, {@code img.get_data_dtype().name}
 * @param min      smallest finite voxel after scaling ({@code NaN} when no voxel is finite)
 * @param max      largest finite voxel after scaling
 * @param mean     mean of the finite voxels after scaling, accumulated in double
 * @param nanCount number of NaN voxels
 */
public record NiftiSummary(
        long[] shape,
        double[] spacing,
        double[][] affine,
        String dtype,
        double min,
        double max,
        double mean,
        long nanCount) {

    /** Reads the file keeping NaN and infinities (so they can be counted) and summarises it. */
    public static NiftiSummary of(Path path, long maxVoxels) throws IOException, InvalidInputException {
        NiftiHeader h = Nifti.readHeader(path);
        Volume v = Nifti.read(path, new NiftiReadOptions(maxVoxels, NiftiReadOptions.NonFinitePolicy.KEEP));
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long finite = 0;
        long nan = 0;
        for (float x : v.data()) {
            if (Float.isNaN(x)) {
                nan++;
            } else if (Float.isFinite(x)) {
                finite++;
                sum += x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        double[] a = h.affine();
        double[][] aff = new double[4][4];
        for (int r = 0; r < 4; r++) {
            System.arraycopy(a, r * 4, aff[r], 0, 4);
        }
        double[] zooms = h.zooms();
        double[] spacing = java.util.Arrays.copyOf(zooms, Math.min(3, zooms.length));
        return new NiftiSummary(
                h.dataShape(),
                spacing,
                aff,
                h.datatype().numpyName(),
                finite > 0 ? min : Double.NaN,
                finite > 0 ? max : Double.NaN,
                finite > 0 ? sum / finite : Double.NaN,
                nan);
    }
}
