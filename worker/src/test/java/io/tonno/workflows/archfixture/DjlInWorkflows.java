package io.tonno.workflows.archfixture;

import ai.djl.ndarray.NDArray;

/** Breaks the module rules on purpose (a workflows package holding a DJL array): ArchitectureTest's fixture. */
public final class DjlInWorkflows {
    private DjlInWorkflows() {}

    static long[] shapeOf(NDArray voxels) {
        return voxels.getShape().getShape();
    }
}
