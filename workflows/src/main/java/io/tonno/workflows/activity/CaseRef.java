package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One case of the dataset manifest.
 *
 * @param caseId  identifier, unique in the dataset, safe in artifact keys
 * @param label   1 when the region of interest is present in the volume, 0 otherwise
 * @param split   {@code train}, {@code calibration} or {@code test}
 * @param hasMask whether a ground-truth mask exists (required for calibration and test cases that
 *                are scored on segmentation)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaseRef(String caseId, int label, String split, boolean hasMask) {
    public static final String TRAIN = "train";
    public static final String CALIBRATION = "calibration";
    public static final String TEST = "test";
}
