package io.tonno.tomography;

/**
 * A model of a saturating classifier for the saturation study (docs/tomography.md, "Saturation"): the score of a
 * slice is {@code tanh(k · a / a_ref)}, {@code a} the slice's {@link RadonSumScorer} score (for the indicator of an
 * object, the area of its cross-section in cube units²) and {@code a_ref} a reference area, e.g. the object's
 * largest cross-section. {@code k → 0} (scaled by {@code 1/k}) is the linear scorer that ToNNO inverts exactly;
 * a large {@code k} scores every plane that meets the object about 1, as a trained network does for a lesion it
 * finds obvious.
 */
public final class SaturatingScorer implements SliceScorer {
    private final RadonSumScorer area = new RadonSumScorer();
    private final double steepness;
    private final double referenceArea;

    /**
     * @param steepness     {@code k > 0}
     * @param referenceArea {@code a_ref > 0}, cube units²
     */
    public SaturatingScorer(double steepness, double referenceArea) {
        if (!(steepness > 0) || !(referenceArea > 0)) {
            throw new IllegalArgumentException(
                    "steepness and reference area must be > 0, got " + steepness + " and " + referenceArea);
        }
        this.steepness = steepness;
        this.referenceArea = referenceArea;
    }

    @Override
    public void score(float[] slices, int count, int height, int width, double[] scores) {
        area.score(slices, count, height, width, scores);
        for (int b = 0; b < count; b++) {
            scores[b] = Math.tanh(steepness * scores[b] / referenceArea);
        }
    }
}
