package io.tonno.classifier.cam;

import io.tonno.imaging.Volume;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.IntStream;

/**
 * The 2D baseline protocol for CAM methods ({@code method.md} §7, paper §4.3): every slice of the volume
 * perpendicular to an axis (see {@link SliceAxes} for rows and columns) is resampled bilinearly, align
 * corners, to the network's {@code sliceSize×sliceSize} input; its CAM ({@code h×w}, cells at the centres of
 * the pixel blocks they summarise, {@link Bilinear#cellCentres}) is upsampled to the {@code S×S} input and
 * then resampled back to the slice's shape (the exact composition of both linear maps), and the slices are
 * stacked into a volume with the input's shape, spacing and affine. {@link SliceAxes#ALL} averages the three
 * stacks voxel by voxel.
 *
 * <p>Maps are raw unless {@code normalizeSlices} asks for each slice's map to be min-max normalised (what
 * CAM libraries do; {@link MapNormalization}) before it is upsampled.
 *
 * <p>Memory: the output volume and one batch of slices. Deterministic for a fixed PyTorch thread count.
 */
public final class Cam2dBaseline {
    private final ActivationCam cam;
    private final int sliceSize;
    private final boolean normalizeSlices;

    /**
     * @param cam             the method, layer and batch size
     * @param sliceSize       the network's input size {@code S >= 8}
     * @param normalizeSlices min-max normalise each slice's map before stacking
     */
    public Cam2dBaseline(ActivationCam cam, int sliceSize, boolean normalizeSlices) {
        if (sliceSize < 8) {
            throw new IllegalArgumentException("slice size must be >= 8, got " + sliceSize);
        }
        this.cam = cam;
        this.sliceSize = sliceSize;
        this.normalizeSlices = normalizeSlices;
    }

    /** The heatmap of {@code volume}: float32, the input's geometry; the {@link #mean} of the stacks of {@code axes}. */
    public Volume compute(Volume volume, SliceAxes axes) {
        return mean(() ->
                IntStream.of(axes.axes()).mapToObj(axis -> stack(volume, axis)).iterator());
    }

    /**
     * The voxel-wise mean of stacks of one shape (one per axis, {@link #stack}): summed in float32 in the given
     * order into the first stack, which is returned, then divided by their number. Only one stack besides the
     * first is held at a time when the iterable produces them lazily.
     *
     * @throws IllegalArgumentException when there is no stack or the shapes differ
     */
    public static Volume mean(Iterable<Volume> stacks) {
        Iterator<Volume> it = stacks.iterator();
        if (!it.hasNext()) {
            throw new IllegalArgumentException("no stacks to average");
        }
        Volume sum = it.next();
        float[] s = sum.data();
        int n = 1;
        while (it.hasNext()) {
            Volume next = it.next();
            if (!next.sameShape(sum)) {
                throw new IllegalArgumentException("stacks of shapes " + Arrays.toString(sum.shape()) + " and "
                        + Arrays.toString(next.shape()) + " cannot be averaged");
            }
            float[] d = next.data();
            for (int i = 0; i < s.length; i++) {
                s[i] += d[i];
            }
            n++;
        }
        if (n > 1) {
            for (int i = 0; i < s.length; i++) {
                s[i] /= n;
            }
        }
        return sum;
    }

    /** The stack of the slices perpendicular to {@code axis} ({@code 0..2}). */
    public Volume stack(Volume volume, int axis) {
        int[] shape = volume.shape();
        int[] plane = planeAxes(axis);
        int rows = shape[plane[0]];
        int cols = shape[plane[1]];
        int count = shape[axis];
        int s = sliceSize;
        int[] map = cam.mapShape(s, s);
        int h = map[0];
        int w = map[1];
        double[] inRows = Bilinear.alignCorners(rows, s);
        double[] inCols = Bilinear.alignCorners(cols, s);
        // Map cells to S×S pixels (cell centres), then S×S pixels back to the slice (align corners).
        double[] outRows = Bilinear.multiply(Bilinear.alignCorners(s, rows), Bilinear.cellCentres(h, s), rows, s, h);
        double[] outCols = Bilinear.multiply(Bilinear.alignCorners(s, cols), Bilinear.cellCentres(w, s), cols, s, w);
        int batch = Math.max(1, Math.min(count, cam.batchSize()));
        float[] slice = new float[rows * cols];
        float[] inputs = new float[batch * s * s];
        float[] maps = new float[batch * h * w];
        float[] back = new float[rows * cols];
        Volume out = Volume.zerosLike(volume);
        for (int first = 0; first < count; first += batch) {
            int n = Math.min(batch, count - first);
            for (int b = 0; b < n; b++) {
                extract(volume, axis, first + b, plane, slice);
                Bilinear.resize(slice, 0, rows, cols, inRows, s, inCols, s, inputs, b * s * s);
            }
            cam.compute(inputs, n, s, s, maps);
            if (normalizeSlices) {
                MapNormalization.minMaxPerMap(maps, n, h * w);
            }
            for (int b = 0; b < n; b++) {
                Bilinear.resize(maps, b * h * w, h, w, outRows, rows, outCols, cols, back, 0);
                insert(out, axis, first + b, plane, back);
            }
        }
        return out;
    }

    /** The two in-plane axes of slices perpendicular to {@code axis}, in increasing order (rows, columns). */
    static int[] planeAxes(int axis) {
        return switch (axis) {
            case 0 -> new int[] {1, 2};
            case 1 -> new int[] {0, 2};
            case 2 -> new int[] {0, 1};
            default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
        };
    }

    private static void extract(Volume v, int axis, int index, int[] plane, float[] slice) {
        copy(v, axis, index, plane, slice, true);
    }

    private static void insert(Volume v, int axis, int index, int[] plane, float[] slice) {
        copy(v, axis, index, plane, slice, false);
    }

    /**
     * Copies slice {@code index} perpendicular to {@code axis} between {@code v} and {@code slice} ({@code rows×cols}
     * row-major over the {@code plane} axes): into {@code slice} when {@code toSlice}, else into {@code v}.
     */
    private static void copy(Volume v, int axis, int index, int[] plane, float[] slice, boolean toSlice) {
        int[] ijk = new int[3];
        ijk[axis] = index;
        int cols = v.shape()[plane[1]];
        int rows = v.shape()[plane[0]];
        float[] d = v.data();
        for (int r = 0; r < rows; r++) {
            ijk[plane[0]] = r;
            for (int c = 0; c < cols; c++) {
                ijk[plane[1]] = c;
                int n = v.index(ijk[0], ijk[1], ijk[2]);
                if (toSlice) {
                    slice[r * cols + c] = d[n];
                } else {
                    d[n] = slice[r * cols + c];
                }
            }
        }
    }
}
