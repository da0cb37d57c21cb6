package io.tonno.workflows.activity;

import io.temporal.activity.ActivityInterface;

/** Threshold calibration, binarization, scoring and the report, on the CPU queue. */
@ActivityInterface
public interface EvaluationActivities {
    /** Chooses one method's threshold on the calibration split. */
    Calibration calibrate(CalibrateRequest request);

    /** Binarizes and scores one method's heatmaps of the test split. */
    MethodScore evaluate(EvaluateRequest request);

    /** Writes the results table and the HTML report. */
    Report report(ReportRequest request);
}
