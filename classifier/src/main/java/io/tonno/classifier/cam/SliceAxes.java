package io.tonno.classifier.cam;

import io.tonno.imaging.SpecName;

/**
 * Which slices the 2D baseline protocol uses ({@code method.md} §7, paper §4.3).
 *
 * <p>Slices are taken perpendicular to a {@link io.tonno.imaging.Volume} axis; as images their rows and
 * columns are the two remaining axes in increasing order: axis 2 ({@code k} fixed, "axial") gives rows
 * {@code i}, columns {@code j}; axis 1 gives rows {@code i}, columns {@code k}; axis 0 gives rows {@code j},
 * columns {@code k}.
 */
public enum SliceAxes implements SpecName {
    /** Every slice with fixed {@code k} (axis 2), the paper's protocol. */
    AXIAL(2),
    /** The voxel-wise mean of the three stacks of slices along axes 0, 1 and 2. */
    ALL(0, 1, 2);

    private final int[] axes;

    SliceAxes(int... axes) {
        this.axes = axes;
    }

    /** The volume axes whose stacks are averaged, in the order they are summed: {@code {2}} or {@code {0, 1, 2}}. */
    public int[] axes() {
        return axes.clone();
    }

    /** Parses {@code axial} or {@code all}; case-insensitive. */
    public static SliceAxes parse(String text) {
        return SpecName.parse(SliceAxes.class, text, "axes");
    }
}
