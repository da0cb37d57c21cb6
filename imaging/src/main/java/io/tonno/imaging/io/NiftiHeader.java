package io.tonno.imaging.io;

import io.tonno.imaging.InvalidInputException;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A parsed and validated NIfTI-1 or NIfTI-2 single-file header, after the same automatic fixes nibabel
 * applies on load (qfac not ±1 becomes 1; zero pixdim[1..3] become 1, negative ones their absolute value;
 * unknown xform codes become 0).
 *
 * <p>{@link #affine()} is nibabel's {@code img.affine}: the sform when {@code sform_code > 0}, else the
 * qform when {@code qform_code > 0}, else the "base" affine built from pixdim alone (x flipped, origin at
 * the centre of the image: {@code diag(-p1, p2, p3)} with translation {@code -(dim-1)/2 * zooms}).
 */
public final class NiftiHeader {
    private final String source;
    private final int version;
    private final ByteOrder order;
    private final long[] dim;
    private final NiftiDatatype datatype;
    private final double[] pixdim;
    private final long voxOffset;
    private final double sclSlope;
    private final double sclInter;
    private final int qformCode;
    private final int sformCode;
    private final double[] quatern;
    private final double[] qoffset;
    private final double[] srow;

    NiftiHeader(
            String source,
            int version,
            ByteOrder order,
            long[] dim,
            NiftiDatatype datatype,
            double[] pixdim,
            long voxOffset,
            double sclSlope,
            double sclInter,
            int qformCode,
            int sformCode,
            double[] quatern,
            double[] qoffset,
            double[] srow) {
        this.source = source;
        this.version = version;
        this.order = order;
        this.dim = dim;
        this.datatype = datatype;
        this.pixdim = pixdim;
        this.voxOffset = voxOffset;
        this.sclSlope = sclSlope;
        this.sclInter = sclInter;
        this.qformCode = qformCode;
        this.sformCode = sformCode;
        this.quatern = quatern;
        this.qoffset = qoffset;
        this.srow = srow;
    }

    /** The file this header came from. */
    public String source() {
        return source;
    }

    /** 1 for NIfTI-1, 2 for NIfTI-2. */
    public int version() {
        return version;
    }

    /** Byte order of the header and the voxels. */
    public ByteOrder byteOrder() {
        return order;
    }

    /** Number of dimensions, {@code dim[0]}. */
    public int ndim() {
        return (int) dim[0];
    }

    /** The data shape as nibabel reports it: {@code dim[1..ndim]}. */
    public long[] dataShape() {
        return Arrays.copyOfRange(dim, 1, 1 + ndim());
    }

    /** The 3D shape {@code (nx, ny, nz)}; axes beyond {@code ndim} are 1. Only valid for readable 3D data. */
    public int[] shape3() {
        int[] s = {1, 1, 1};
        for (int a = 0; a < Math.min(3, ndim()); a++) {
            s[a] = (int) dim[a + 1];
        }
        return s;
    }

    /** Product of {@code dim[1..ndim]}. */
    public long voxelCount() {
        long n = 1;
        for (long d : dataShape()) {
            n *= d;
        }
        return n;
    }

    /** On-disk voxel type. */
    public NiftiDatatype datatype() {
        return datatype;
    }

    /** Header zooms as nibabel's {@code header.get_zooms()}: {@code pixdim[1..ndim]} after the load fixes. */
    public double[] zooms() {
        return Arrays.copyOfRange(pixdim, 1, 1 + ndim());
    }

    /** Millimetres per voxel along the three spatial axes; 1 for axes beyond {@code ndim}. */
    public double[] spacing() {
        double[] s = {1, 1, 1};
        for (int a = 0; a < Math.min(3, ndim()); a++) {
            s[a] = pixdim[a + 1];
        }
        return s;
    }

    /** Byte offset of the first voxel. */
    public long voxOffset() {
        return voxOffset;
    }

    /** True when {@code scl_slope} is finite and non-zero, so that voxels are {@code raw * slope + inter}. */
    public boolean hasScaling() {
        return sclSlope != 0 && Double.isFinite(sclSlope);
    }

    /** {@code scl_slope} as stored. */
    public double sclSlope() {
        return sclSlope;
    }

    /** {@code scl_inter} as stored. */
    public double sclInter() {
        return sclInter;
    }

    /** {@code qform_code} (0 when the stored code was not a valid one). */
    public int qformCode() {
        return qformCode;
    }

    /** {@code sform_code} (0 when the stored code was not a valid one). */
    public int sformCode() {
        return sformCode;
    }

    /** The voxel-to-world affine nibabel chooses, 4×4 row-major (see the class comment). */
    public double[] affine() {
        if (sformCode > 0) {
            return sform();
        }
        if (qformCode > 0) {
            return qform();
        }
        return baseAffine();
    }

    /** The sform rows as a 4×4 row-major matrix. */
    public double[] sform() {
        double[] a = new double[16];
        System.arraycopy(srow, 0, a, 0, 12);
        a[15] = 1;
        return a;
    }

    /** The qform matrix rebuilt from quaternion, pixdim and qfac exactly as nibabel's {@code get_qform}. */
    public double[] qform() {
        return QForm.toAffine(quatern[0], quatern[1], quatern[2], qoffset, pixdim);
    }

    /** nibabel's {@code get_base_affine}: pixdim zooms, x flipped, origin at the image centre. */
    public double[] baseAffine() {
        double[] shape = {1, 1, 1};
        double[] zooms = {1, 1, 1};
        for (int a = 0; a < Math.min(3, ndim()); a++) {
            shape[a] = dim[a + 1];
            zooms[a] = pixdim[a + 1];
        }
        zooms[0] = -zooms[0];
        double[] aff = new double[16];
        for (int a = 0; a < 3; a++) {
            aff[a * 4 + a] = zooms[a];
            aff[a * 4 + 3] = -((shape[a] - 1) / 2.0) * zooms[a];
        }
        aff[15] = 1;
        return aff;
    }

    /** Throws when the header describes more voxels than {@code limit}. */
    public void checkVoxelLimit(long limit) throws InvalidInputException {
        long n = 1;
        for (int a = 1; a <= ndim(); a++) {
            n = Math.multiplyHigh(n, dim[a]) != 0 || n * dim[a] < 0 ? Long.MAX_VALUE : n * dim[a];
            if (n > limit) {
                throw new InvalidInputException(
                        source,
                        "dim",
                        "shape " + Arrays.toString(dataShape()) + " has more voxels than the limit of " + limit
                                + " (NiftiReadOptions.maxVoxels)");
            }
        }
    }
}
