package io.tonno.tomography;

/**
 * The slice itself as its map (no pooling): map cell {@code (a, b)} is pixel {@code (a, b)}, whose centre is
 * the pixel's own align-corners position. With it the Averaged reconstruction returns the input up to
 * interpolation ({@code method.md} §8).
 */
public final class IdentityMapScorer implements SliceMapScorer {
    @Override
    public int[] mapShape(int height, int width) {
        return new int[] {height, width};
    }

    @Override
    public void score(float[] slices, int count, int height, int width, float[] maps) {
        System.arraycopy(slices, 0, maps, 0, count * height * width);
    }
}
