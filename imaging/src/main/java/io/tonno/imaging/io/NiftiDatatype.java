package io.tonno.imaging.io;

/**
 * The NIfTI voxel datatypes tonno reads, with their header codes, sizes and nibabel's dtype names.
 * Complex, RGB and 128-bit types are not supported and are refused as unknown.
 */
public enum NiftiDatatype {
    UINT8(2, 1, "uint8"),
    INT16(4, 2, "int16"),
    INT32(8, 4, "int32"),
    FLOAT32(16, 4, "float32"),
    FLOAT64(64, 8, "float64"),
    INT8(256, 1, "int8"),
    UINT16(512, 2, "uint16"),
    UINT32(768, 4, "uint32"),
    INT64(1024, 8, "int64");

    private final int code;
    private final int bytes;
    private final String numpyName;

    NiftiDatatype(int code, int bytes, String numpyName) {
        this.code = code;
        this.bytes = bytes;
        this.numpyName = numpyName;
    }

    /** The {@code datatype} header code. */
    public int code() {
        return code;
    }

    /** Bytes per voxel. */
    public int bytes() {
        return bytes;
    }

    /** The numpy dtype name nibabel reports for this on-disk type ({@code img.get_data_dtype().name}). */
    public String numpyName() {
        return numpyName;
    }

    /** Whether the type can hold NaN or infinite values. */
    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** The datatype with the given header code, or {@code null} when tonno does not support it. */
    public static NiftiDatatype fromCode(int code) {
        for (NiftiDatatype t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
