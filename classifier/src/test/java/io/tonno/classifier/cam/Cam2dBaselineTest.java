package io.tonno.classifier.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;
import io.tonno.imaging.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Cam2dBaselineTest {
    private static final double[] AFFINE = {0, 0, 1.5, -7, 0, 2, 0, 3, 1, 0, 0, 11, 0, 0, 0, 1};
    private static ResNet net;

    @BeforeAll
    static void network() {
        net = TestNets.resnet10t(21);
    }

    @AfterAll
    static void close() {
        net.close();
    }

    /** A "CAM" that average-pools each slice by 4×4: reproduces linear images exactly away from the border. */
    private static final class PoolingCam extends ActivationCam {
        PoolingCam() {
            super(CamMethod.LAYERCAM, net, Stage.LAYER1, 3);
        }

        @Override
        protected ai.djl.ndarray.NDArray weights(Inputs in) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int[] mapShape(int height, int width) {
            return new int[] {height / 4, width / 4};
        }

        @Override
        public void compute(float[] slices, int count, int height, int width, float[] maps) {
            int h = height / 4;
            int w = width / 4;
            for (int b = 0; b < count; b++) {
                for (int a = 0; a < h; a++) {
                    for (int c = 0; c < w; c++) {
                        double acc = 0;
                        for (int i = 0; i < 4; i++) {
                            for (int j = 0; j < 4; j++) {
                                acc += slices[(b * height + 4 * a + i) * width + 4 * c + j];
                            }
                        }
                        maps[(b * h + a) * w + c] = (float) (acc / 16);
                    }
                }
            }
        }
    }

    private static Volume ramp(int nx, int ny, int nz) {
        Volume v = Volume.zeros(new int[] {nx, ny, nz}, new double[] {1.5, 2, 1}, AFFINE);
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    v.set(i, j, k, (float) (i + 2.0 * j - 0.5 * k));
                }
            }
        }
        return v;
    }

    @Test
    void protocolReproducesALinearVolumeAwayFromTheBorderOnEveryAxis() {
        // Bilinear resampling (align corners), 4x4 pooling (cell centres) and the way back are all exact on a
        // linear function, so any slip in orientation, offset or convention shows up as an error.
        Volume v = ramp(20, 14, 9);
        Cam2dBaseline baseline = new Cam2dBaseline(new PoolingCam(), 32, false);
        for (SliceAxes axes : SliceAxes.values()) {
            Volume out = baseline.compute(v, axes);
            assertArrayEquals(v.shape(), out.shape());
            int checked = 0;
            for (int k = 0; k < 9; k++) {
                for (int j = 0; j < 14; j++) {
                    for (int i = 0; i < 20; i++) {
                        // Keep away from the clamped half-cell border in every slice direction.
                        if (interior(i, 20) && interior(j, 14) && (axes == SliceAxes.AXIAL || interior(k, 9))) {
                            assertEquals(v.get(i, j, k), out.get(i, j, k), 1e-3, axes + " at " + i + "," + j + "," + k);
                            checked++;
                        }
                    }
                }
            }
            assertTrue(checked > 100);
        }
    }

    private static boolean interior(int index, int n) {
        double margin = 2.5 * (n - 1) / 31.0;
        return index >= margin && index <= n - 1 - margin;
    }

    @Test
    void layerCamStackHasTheInputGeometryAndOneMapPerAxialSlice() {
        Volume v = ramp(24, 18, 5);
        float[] d = v.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.sin(d[i] * 0.3) * 0.5f + 0.5f;
        }
        ActivationCam cam = CamMethod.LAYERCAM.create(net, Stage.LAYER2, 2);
        Volume axial = new Cam2dBaseline(cam, 32, false).compute(v, SliceAxes.AXIAL);
        assertArrayEquals(v.shape(), axial.shape());
        assertArrayEquals(v.spacing(), axial.spacing());
        assertArrayEquals(v.affine(), axial.affine());
        // Slice k = 3 of the stack is the upsampled CAM of slice k = 3 alone.
        float[] slice = new float[24 * 18];
        for (int i = 0; i < 24; i++) {
            for (int j = 0; j < 18; j++) {
                slice[i * 18 + j] = v.get(i, j, 3);
            }
        }
        float[] input = new float[32 * 32];
        Bilinear.resize(
                slice, 0, 24, 18, Bilinear.alignCorners(24, 32), 32, Bilinear.alignCorners(18, 32), 32, input, 0);
        float[] map = cam.compute(input, 1, 32, 32);
        assertEquals(16, map.length);
        double max = 0;
        for (float x : map) {
            max = Math.max(max, x);
        }
        assertTrue(max > 0, "the CAM of slice 3 is not all zero");
        // The voxel nearest each cell centre cannot exceed the map's range (bilinear is a convex combination).
        for (int i = 0; i < 24; i++) {
            for (int j = 0; j < 18; j++) {
                assertTrue(axial.get(i, j, 3) >= 0 && axial.get(i, j, 3) <= max + 1e-6);
            }
        }
        // The corner voxel sits in the clamped corner of the first cell: exactly its value.
        assertEquals(map[0], axial.get(0, 0, 3), 1e-6 * max);
        assertEquals(map[15], axial.get(23, 17, 3), 1e-6 * max);

        Volume all = new Cam2dBaseline(cam, 32, true).compute(v, SliceAxes.ALL);
        assertArrayEquals(v.affine(), all.affine());
        for (float x : all.data()) {
            assertTrue(x >= 0 && x <= 1 + 1e-6, "normalised maps stay in [0, 1], got " + x);
        }
    }
}
