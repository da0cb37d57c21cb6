package io.tonno.workflows.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.tonno.workflows.activity.MethodScore;
import io.tonno.workflows.activity.Report;
import java.util.List;

/**
 * What an experiment returns; the full results are in the artifact store.
 *
 * @param experimentId  the experiment
 * @param trainedSteps  training steps of the model that was evaluated
 * @param finalLoss     its last training loss (null if training ran zero steps)
 * @param checkpointKey its weights
 * @param stoppedEarly  whether training ended on a stopEarly signal
 * @param scores        one row per method
 * @param report        keys of the results table and the HTML report
 * @param skippedStages stages skipped because their manifest matched
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperimentResult(
        String experimentId,
        int trainedSteps,
        Double finalLoss,
        String checkpointKey,
        boolean stoppedEarly,
        List<MethodScore> scores,
        Report report,
        List<String> skippedStages) {}
