package io.tonno.activities.reconstruction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.activities.training.TrainingSpecs;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.sampling.Augmentation;
import io.tonno.tomography.DirectionLattice;
import io.tonno.tomography.ReconstructionSettings;
import io.tonno.workflows.spec.MethodSpec;
import io.tonno.workflows.spec.ModelSpec;
import io.tonno.workflows.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

/** The spec's sampling scheme and mirror augmentation reach the science settings. */
class MethodSpecsTest {
    @Test
    void samplingSchemeReachesTheReconstruction() {
        MethodSpec scheme =
                new MethodSpec("tonno", null, null, null, 500, 50, 32, null, null, "hemisphere", "body", null, null);
        ReconstructionSettings r = MethodSpecs.settings(scheme, 64, 1, 8).reconstruction();
        assertEquals(DirectionLattice.HEMISPHERE, r.lattice());
        assertTrue(r.bodyOffsets());
        assertEquals(500, r.directions());
        assertEquals(50, r.slices());
        ReconstructionSettings paper =
                MethodSpecs.settings(MethodSpec.of("tonno"), 64, 1, 8).reconstruction();
        assertEquals(DirectionLattice.SPHERE, paper.lattice());
        assertFalse(paper.bodyOffsets());
        assertEquals(2000, paper.directions());
        assertEquals(100, paper.slices());
        MethodSettings copy =
                MethodSpecs.settings(scheme, 64, 1, 8).withDirections(100, 20).withResources(2, 4);
        assertTrue(copy.lattice() == DirectionLattice.HEMISPHERE && copy.bodyOffsets(), "copies keep the scheme");
        assertEquals(null, r.adaptiveOffsets());
        MethodSpec adaptive =
                new MethodSpec("tonno", null, null, null, 500, 50, 32, null, null, null, "adaptive:0.1", null, null);
        MethodSettings a = MethodSpecs.settings(adaptive, 64, 1, 8);
        assertEquals(
                0.1,
                a.withDirections(100, 20).withResources(2, 4).reconstruction().adaptiveOffsets());
        assertTrue(a.reconstruction().bodyOffsets(), "adaptive offsets are body offsets");
        assertEquals(
                MethodSpec.ADAPTIVE_TOLERANCE,
                MethodSpecs.settings(
                                new MethodSpec(
                                        "tonno",
                                        null,
                                        null,
                                        null,
                                        500,
                                        50,
                                        32,
                                        null,
                                        null,
                                        null,
                                        "adaptive",
                                        null,
                                        null),
                                64,
                                1,
                                8)
                        .adaptiveOffsets());
        for (DirectionLattice lattice : DirectionLattice.values()) {
            MethodSpec named =
                    new MethodSpec("tonno", null, null, null, 500, 50, 32, null, null, lattice.id(), null, null, null);
            assertEquals(
                    lattice,
                    MethodSpecs.settings(named, 64, 1, 8).reconstruction().lattice());
            assertTrue(MethodSpec.SAMPLINGS.contains(lattice.id()), "the spec accepts " + lattice.id());
        }
        assertEquals(DirectionLattice.values().length, MethodSpec.SAMPLINGS.size(), "one spec value per lattice");
    }

    @Test
    void tonnoAtASamplingIsTheSpecWithThatSampling() {
        assertEquals(
                MethodSpecs.settings(MethodSpec.of("tonno").withSampling(300, 40), 32, 2, 16),
                MethodSpecs.tonno(300, 40, 32, 2, 16));
    }

    @Test
    void mirrorAugmentationReachesTheTrainer() {
        TrainingSpec mirror = new TrainingSpec(
                10, 2, 2, null, null, null, null, null, null, null, null, null, null, null, true, null, null, null,
                null, null);
        assertTrue(TrainingSpecs.config(ModelSpec.defaults(), mirror, "cpu")
                .augmentation()
                .mirror());
        assertEquals(
                Augmentation.DEFAULT,
                TrainingSpecs.config(ModelSpec.defaults(), TrainingSpec.defaults(), "cpu")
                        .augmentation());
    }
}
