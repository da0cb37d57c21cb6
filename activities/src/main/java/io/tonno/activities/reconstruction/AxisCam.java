package io.tonno.activities.reconstruction;

import io.tonno.imaging.Volume;
import io.tonno.tomography.PartialVolume;
import io.tonno.tomography.SliceMapScorer;

/**
 * The 2D CAM baseline along one volume axis (method.md §8, "2D CAM"): every voxel plane orthogonal
 * to {@code axis} is resized to {@code size×size} (bilinear, half-pixel centres, edges clamped), given
 * to the CAM scorer, and its map is resized back to the plane (same interpolation) and stored in that
 * plane of the output. Plane rows run along the lower remaining axis, columns along the higher one.
 * The baseline over several axes is the mean of their outputs (done by the reduce).
 */
public final class AxisCam {
    /** Called after every batch of planes (heartbeats). */
    public interface Beat {
        void planesDone(int done, int total);
    }

    private AxisCam() {
    }

    /** The CAM volume of {@code volume} along {@code axis} (0, 1 or 2), on the volume's grid. */
    public static PartialVolume compute(Volume volume, SliceMapScorer scorer, int axis, int size, Beat beat) {
        int[] shape = volume.shape();
        int p = axis == 0 ? 1 : 0;
        int q = axis == 2 ? 1 : 2;
        int dp = shape[p];
        int dq = shape[q];
        int planes = shape[axis];
        int[] ms = scorer.mapShape(size, size);
        int cells = ms[0] * ms[1];
        int batch = Math.max(1, Math.min(planes, scorer.preferredBatchSize()));
        float[] slices = new float[batch * size * size];
        float[] maps = new float[batch * cells];
        float[] plane = new float[dp * dq];
        PartialVolume out = PartialVolume.zeros(shape);
        float[] data = volume.data();
        int[] idx = new int[3];
        for (int t0 = 0; t0 < planes; t0 += batch) {
            int n = Math.min(batch, planes - t0);
            for (int b = 0; b < n; b++) {
                idx[axis] = t0 + b;
                for (int u = 0; u < dp; u++) {
                    idx[p] = u;
                    for (int v = 0; v < dq; v++) {
                        idx[q] = v;
                        plane[u * dq + v] = data[idx[0] + shape[0] * (idx[1] + shape[1] * idx[2])];
                    }
                }
                resize(plane, dp, dq, slices, b * size * size, size, size);
            }
            scorer.score(slices, n, size, size, maps);
            float[] back = new float[dp * dq];
            for (int b = 0; b < n; b++) {
                float[] map = new float[cells];
                System.arraycopy(maps, b * cells, map, 0, cells);
                resize(map, ms[0], ms[1], back, 0, dp, dq);
                idx[axis] = t0 + b;
                for (int u = 0; u < dp; u++) {
                    idx[p] = u;
                    for (int v = 0; v < dq; v++) {
                        idx[q] = v;
                        out.data()[idx[0] + shape[0] * (idx[1] + shape[1] * idx[2])] = back[u * dq + v];
                    }
                }
            }
            beat.planesDone(t0 + n, planes);
        }
        return out;
    }

    /** Bilinear resize of a {@code (h, w)} image into {@code dst[offset ..]} of {@code (oh, ow)}. */
    static void resize(float[] src, int h, int w, float[] dst, int offset, int oh, int ow) {
        for (int i = 0; i < oh; i++) {
            double y = clamp((i + 0.5) * h / oh - 0.5, h - 1);
            int y0 = (int) Math.floor(y);
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = y - y0;
            for (int j = 0; j < ow; j++) {
                double x = clamp((j + 0.5) * w / ow - 0.5, w - 1);
                int x0 = (int) Math.floor(x);
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = x - x0;
                double top = src[y0 * w + x0] * (1 - fx) + src[y0 * w + x1] * fx;
                double bottom = src[y1 * w + x0] * (1 - fx) + src[y1 * w + x1] * fx;
                dst[offset + i * ow + j] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
    }

    private static double clamp(double x, int max) {
        return Math.max(0, Math.min(max, x));
    }
}
