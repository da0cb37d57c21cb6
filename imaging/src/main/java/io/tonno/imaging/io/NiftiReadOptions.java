package io.tonno.imaging.io;

/**
 * How {@link Nifti#read(java.nio.file.Path, NiftiReadOptions)} treats large and non-finite input.
 *
 * @param maxVoxels        the largest voxel count accepted; the header is checked against it before
 *                         any voxel memory is allocated. At most {@link io.tonno.imaging.Volume#MAX_VOXELS}.
 * @param nonFinite        what to do with NaN or infinite voxels (after scaling)
 */
public record NiftiReadOptions(long maxVoxels, NonFinitePolicy nonFinite) {

    /** Default voxel limit: 512³, the largest volume the issue requires, with headroom to 600³. */
    public static final long DEFAULT_MAX_VOXELS = 600L * 600L * 600L;

    /** What to do with NaN or infinite voxels. */
    public enum NonFinitePolicy {
        /** Refuse the file with an {@link io.tonno.imaging.InvalidInputException} (the default). */
        REFUSE,
        /** Replace each non-finite voxel by 0 and log one warning with the count. */
        REPLACE_WITH_ZERO,
        /** Keep NaN and infinities in the volume; for inspection tools that report them. */
        KEEP
    }

    public NiftiReadOptions {
        if (maxVoxels < 1 || maxVoxels > io.tonno.imaging.Volume.MAX_VOXELS) {
            throw new IllegalArgumentException(
                    "maxVoxels must be in [1, " + io.tonno.imaging.Volume.MAX_VOXELS + "], got " + maxVoxels);
        }
        if (nonFinite == null) {
            throw new IllegalArgumentException("nonFinite policy must not be null");
        }
    }

    /** {@link #DEFAULT_MAX_VOXELS} and {@link NonFinitePolicy#REFUSE}. */
    public static NiftiReadOptions defaults() {
        return new NiftiReadOptions(DEFAULT_MAX_VOXELS, NonFinitePolicy.REFUSE);
    }

    /** A copy with another voxel limit. */
    public NiftiReadOptions withMaxVoxels(long limit) {
        return new NiftiReadOptions(limit, nonFinite);
    }

    /** A copy with another non-finite policy. */
    public NiftiReadOptions withNonFinite(NonFinitePolicy policy) {
        return new NiftiReadOptions(maxVoxels, policy);
    }
}
