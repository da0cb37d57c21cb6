package io.tonno.tomography;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which {@code L} unit normals a ToNNO reconstruction cuts its slices along (docs/tomography.md, "Fewer network
 * calls"). The spec and command-line name of each is {@link #id()}.
 *
 * <ul>
 *   <li>{@link #SPHERE}: the paper's Fibonacci lattice of {@code L} normals over the whole sphere, {@code 4π/L}
 *       steradians each ({@link DirectionSet#fibonacci}).
 *   <li>{@link #HEMISPHERE}: the {@code L} normals with {@code y > 0} of the lattice of {@code 2L}, each standing for
 *       itself and its antipode ({@link DirectionSet#hemisphere}): half the slices at the same angular density.
 *   <li>{@link #RELAXED_HEMISPHERE}: the hemisphere set after repulsion steps between its {@code 2L} axes, which
 *       even out the seam the cut leaves at the equator ({@link DirectionSet#relaxedHemisphere}).
 *   <li>{@link #RANDOM_HEMISPHERE}: {@code L} independent uniform random axes ({@link DirectionSet#randomHemisphere},
 *       seed {@code L}): Monte-Carlo quadrature over the directions, for comparison.
 * </ul>
 *
 * The three hemisphere lattices are exact for a mirror-symmetric scorer; all four weigh the directions equally.
 */
public enum DirectionLattice {
    SPHERE,
    HEMISPHERE,
    RELAXED_HEMISPHERE,
    RANDOM_HEMISPHERE;

    /** The name in specs and on the command line: the constant's in lower case with dashes, e.g. {@code relaxed-hemisphere}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True when each normal stands for itself and its antipode (every lattice but {@link #SPHERE}). */
    public boolean hemisphere() {
        return this != SPHERE;
    }

    /** The smallest {@code L} the lattice is defined for: 2 for the sphere, 1 otherwise. */
    public int minDirections() {
        return hemisphere() ? 1 : 2;
    }

    /** The {@code count} directions of this lattice. */
    public DirectionSet directions(int count) {
        return switch (this) {
            case SPHERE -> DirectionSet.fibonacci(count);
            case HEMISPHERE -> DirectionSet.hemisphere(count);
            case RELAXED_HEMISPHERE -> DirectionSet.relaxedHemisphere(count);
            case RANDOM_HEMISPHERE -> DirectionSet.randomHemisphere(count, count);
        };
    }

    /** {@link #SPHERE} or {@link #HEMISPHERE}. */
    public static DirectionLattice of(boolean hemisphere) {
        return hemisphere ? HEMISPHERE : SPHERE;
    }

    /**
     * The lattice named {@code id} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted ids
     */
    public static DirectionLattice parse(String id) {
        for (DirectionLattice l : values()) {
            if (l.id().equals(id.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown direction lattice '" + id + "', expected one of " + ids());
    }

    /** The accepted ids, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(DirectionLattice::id).collect(Collectors.joining(", "));
    }
}
