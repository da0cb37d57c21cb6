package io.tonno.imaging.synth;

import java.util.SplittableRandom;

/**
 * Draws one case of a synthetic dataset from its label and its own random source. Implementations must
 * depend on nothing else (no shared mutable state), so that cases can be generated in parallel and the
 * dataset stays identical whatever the thread scheduling.
 */
@FunctionalInterface
interface CaseGenerator {
    GeneratedCase generate(boolean positive, SplittableRandom random);
}
