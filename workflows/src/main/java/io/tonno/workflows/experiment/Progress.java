package io.tonno.workflows.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The answer of the {@code progress} query.
 *
 * @param stage         the current stage ({@code validate}, {@code preprocess}, {@code train},
 *                      {@code calibrate}, {@code reconstruct}, {@code evaluate}, {@code report},
 *                      {@code done})
 * @param step          training steps done
 * @param steps         training steps planned
 * @param loss          last training loss, null before the first segment
 * @param chunksDone    reconstruction chunks of finished reconstructions in this stage
 * @param chunksTotal   reconstruction chunks planned in this stage
 * @param casesDone     units of the current stage done: cases (preprocess), case-method pairs
 *                      (calibrate, reconstruct), methods (evaluate)
 * @param casesTotal    units of the current stage planned
 * @param paused        whether a pause signal holds the experiment
 * @param stopRequested whether stopEarly was signalled
 * @param skippedStages stages skipped because their manifest matched
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Progress(
        String stage,
        int step,
        int steps,
        Double loss,
        int chunksDone,
        int chunksTotal,
        int casesDone,
        int casesTotal,
        boolean paused,
        boolean stopRequested,
        List<String> skippedStages) {

    /** Markdown for the Temporal UI's "Current Details" panel. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("**Stage:** ").append(stage);
        if (paused) {
            md.append(" (paused: send the `resume` signal)");
        }
        md.append("\n\n**Training:** step ").append(step).append(" / ").append(steps);
        if (loss != null) {
            md.append(", loss ").append(String.format("%.4f", loss));
        }
        if (stopRequested) {
            md.append(" (stop requested)");
        }
        md.append("\n\n**Stage units:** ").append(casesDone).append(" / ").append(casesTotal);
        if (chunksTotal > 0) {
            md.append("\n\n**Chunks:** ").append(chunksDone).append(" / ").append(chunksTotal);
        }
        if (!skippedStages.isEmpty()) {
            md.append("\n\n**Skipped (cached):** ").append(String.join(", ", skippedStages));
        }
        return md.toString();
    }
}
