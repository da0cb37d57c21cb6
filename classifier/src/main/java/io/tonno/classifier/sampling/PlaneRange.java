package io.tonno.classifier.sampling;

/**
 * Where planes through a volume may lie: for a unit normal {@code n}, the offsets {@code s} (cube
 * coordinates, {@code method.md} §2) of the planes {@code x·n = s} that meet the volume's content.
 */
public interface PlaneRange {
    /**
     * @param n unit normal, 3 components
     * @return {@code {min, max}} offsets, {@code min <= max}
     */
    double[] offsetRange(double[] n);
}
