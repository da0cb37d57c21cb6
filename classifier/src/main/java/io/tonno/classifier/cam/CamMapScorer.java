package io.tonno.classifier.cam;

import io.tonno.tomography.SliceMapScorer;

/**
 * A CAM method as the {@link SliceMapScorer} of Averaged and Tomographic CAM ({@code method.md} §8): each
 * {@code S×S} slice gets its raw CAM at the layer's resolution ({@code mapShape} = the feature map's
 * {@code h×w}, e.g. 2×2 at layer 4 of ResNet-10-T on 64×64 slices). Maps are <b>not</b> min-max normalised:
 * the reconstruction averages them across slices and angles, which needs their relative scale.
 *
 * <p>Not thread-safe (one network, one caller), as {@link SliceMapScorer} allows.
 */
public final class CamMapScorer implements SliceMapScorer {
    private final ActivationCam cam;

    /** @param cam the method, network, layer and batch size (also the preferred batch per call) */
    public CamMapScorer(ActivationCam cam) {
        this.cam = cam;
    }

    /** The method on {@code net} at {@code layer} with {@code batchSize} slices per forward pass. */
    public static CamMapScorer of(
            io.tonno.classifier.nn.ResNet net, CamMethod method, io.tonno.classifier.nn.Stage layer, int batchSize) {
        return new CamMapScorer(method.create(net, layer, batchSize));
    }

    public ActivationCam cam() {
        return cam;
    }

    @Override
    public int[] mapShape(int height, int width) {
        return cam.mapShape(height, width);
    }

    @Override
    public void score(float[] slices, int count, int height, int width, float[] maps) {
        cam.compute(slices, count, height, width, maps);
    }

    @Override
    public int preferredBatchSize() {
        return cam.batchSize();
    }
}
