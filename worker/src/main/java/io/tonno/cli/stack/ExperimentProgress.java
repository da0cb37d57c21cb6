package io.tonno.cli.stack;

import io.temporal.client.WorkflowStub;
import io.tonno.cli.ProgressDisplay;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.experiment.ExperimentStage;
import io.tonno.workflows.experiment.Progress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows a running experiment on a {@link ProgressDisplay}: polls its {@code progress} query every second
 * and shows one line per stage (preprocess cases, training step and loss, heatmaps and chunks, ...),
 * until the result. Used by {@code demo} and {@code submit --wait}.
 */
public final class ExperimentProgress {
    private ExperimentProgress() {}

    /**
     * Waits for the experiment's result, showing its progress.
     *
     * @throws io.temporal.client.WorkflowException when the experiment failed
     */
    static ExperimentResult follow(WorkflowStub stub, ProgressDisplay display) {
        Progress last = null;
        while (true) {
            try {
                ExperimentResult result = stub.getResult(1, TimeUnit.SECONDS, ExperimentResult.class);
                if (last != null) {
                    show(display, completed(last));
                }
                display.close();
                return result;
            } catch (TimeoutException e) {
                Progress p;
                try {
                    p = stub.query("progress", Progress.class);
                } catch (RuntimeException queryFailed) {
                    continue;
                }
                if (last != null && !last.stage().equals(p.stage())) {
                    show(display, completed(last));
                }
                if (ExperimentStage.of(p.stage()) != ExperimentStage.DONE) {
                    show(display, p);
                }
                last = p;
            } catch (RuntimeException failed) {
                display.close();
                throw failed;
            }
        }
    }

    private static void show(ProgressDisplay display, Progress p) {
        display.update(p.stage(), fraction(p), detail(p));
    }

    /** The fraction of the current stage done, NaN when the stage has no count. */
    static double fraction(Progress p) {
        return switch (ExperimentStage.of(p.stage())) {
            case TRAIN -> p.steps() > 0 ? (double) p.step() / p.steps() : Double.NaN;
            case CALIBRATE, RECONSTRUCT ->
                p.chunksTotal() > 0
                        ? (double) p.chunksDone() / p.chunksTotal()
                        : p.casesTotal() > 0 ? (double) p.casesDone() / p.casesTotal() : Double.NaN;
            default -> p.casesTotal() > 0 ? (double) p.casesDone() / p.casesTotal() : Double.NaN;
        };
    }

    /** What the stage's line says next to its bar. */
    static String detail(Progress p) {
        StringBuilder s = new StringBuilder();
        switch (ExperimentStage.of(p.stage())) {
            case TRAIN -> {
                s.append(String.format(Locale.ROOT, "step %d/%d", p.step(), p.steps()));
                if (p.loss() != null) {
                    s.append(String.format(Locale.ROOT, ", loss %.4f", p.loss()));
                }
            }
            case CALIBRATE, RECONSTRUCT ->
                s.append(String.format(
                        Locale.ROOT,
                        "heatmaps %d/%d, chunks %d/%d",
                        p.casesDone(),
                        p.casesTotal(),
                        p.chunksDone(),
                        p.chunksTotal()));
            case PREPROCESS -> s.append(String.format(Locale.ROOT, "cases %d/%d", p.casesDone(), p.casesTotal()));
            case EVALUATE -> s.append(String.format(Locale.ROOT, "methods %d/%d", p.casesDone(), p.casesTotal()));
            default -> {
                if (p.casesTotal() > 0) {
                    s.append(String.format(Locale.ROOT, "%d/%d", p.casesDone(), p.casesTotal()));
                }
            }
        }
        if (p.skippedStages().contains(p.stage())) {
            s.append(s.length() == 0 ? "" : " ").append("(cached)");
        }
        if (p.paused()) {
            s.append(s.length() == 0 ? "" : " ").append("(paused: send the resume signal)");
        }
        return s.toString();
    }

    /**
     * The state a stage ended in, seen after it ended: every unit done (training only up to its last
     * step when it was stopped early, and without a loss unless its last step was seen).
     */
    static Progress completed(Progress p) {
        int step = ExperimentStage.of(p.stage()) == ExperimentStage.TRAIN && !p.stopRequested() ? p.steps() : p.step();
        // The loss seen belongs to the last step seen; the final loss is in the result.
        Double loss = step == p.step() ? p.loss() : null;
        return new Progress(
                p.stage(),
                step,
                p.steps(),
                loss,
                p.chunksTotal(),
                p.chunksTotal(),
                p.casesTotal(),
                p.casesTotal(),
                false,
                p.stopRequested(),
                p.skippedStages());
    }
}
