package io.tonno.workflows.activity;

import io.temporal.activity.ActivityInterface;
import io.tonno.workflows.spec.ExperimentSpec;

/**
 * Dataset reading and preprocessing, on the CPU queue. Bad input (unreadable manifest, missing
 * file, malformed NIfTI or DICOM) fails with a non-retryable {@code InvalidInput} failure naming
 * the file and field; store errors are retried.
 */
@ActivityInterface
public interface DataActivities {
    /**
     * Stores the spec at {@code ArtifactKeys.spec}, reads and validates the dataset manifest (every
     * case's files exist, labels are 0/1, splits are known, calibration and test cases have masks).
     */
    DatasetInfo validateDataset(ExperimentSpec spec);

    /** Preprocesses one case into {@code data/{caseId}/}; idempotent (deterministic keys). */
    PreparedCase preprocessCase(PreprocessRequest request);

    /**
     * Builds the population template from the training cases' preprocessed volumes (one in memory at a time) and
     * stores it; returns its key. Cases on different grids fail with an {@code InvalidInput} failure naming the
     * case and field {@code dim}. Deterministic: the same cases in the same order give the same bytes.
     */
    String buildTemplate(TemplateRequest request);

    /** Writes one case's residual to the template at {@code ArtifactKeys.image}; idempotent. */
    PreparedCase residualCase(ResidualRequest request);
}
