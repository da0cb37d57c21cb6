package io.tonno.evaluation.calibration;

import io.tonno.imaging.InvalidInputException;
import java.io.IOException;

/**
 * Loads case {@code index} (0-based) of a split on demand, so that the split need not fit in memory;
 * calibration calls it twice per case.
 *
 * @param <T> what a case is: a {@link CalibrationCase} for {@link ThresholdCalibrator}, an
 *            {@link io.tonno.evaluation.EvaluationCase} for {@link io.tonno.evaluation.CalibratedEvaluation}
 */
@FunctionalInterface
public interface CaseLoader<T> {
    /** The case; reading it may fail, and bad files are {@link InvalidInputException}s naming file and field. */
    T load(int index) throws IOException, InvalidInputException;
}
