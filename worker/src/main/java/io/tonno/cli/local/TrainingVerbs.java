package io.tonno.cli.local;

import io.tonno.classifier.inference.MemoryGuard;
import io.tonno.classifier.training.TrainingRun;
import io.tonno.cli.ProgressDisplay;
import io.tonno.imaging.InvalidInputException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What {@code tonno train} and {@code tonno pretrain} share: a training run shown on a {@link ProgressDisplay}, and
 * their exit codes (0 done, 2 bad input, 3 the loss diverged, 4 the resident-memory limit was reached).
 */
final class TrainingVerbs {
    private TrainingVerbs() {}

    /** A verb's work; returns its exit code. */
    interface Work {
        int run() throws Exception;
    }

    /**
     * {@code work}'s exit code; bad input, a diverged loss ({@link ArithmeticException}) and the memory limit
     * become exit codes 2, 3 and 4 with a message on {@code err} starting with {@code verb}.
     */
    static int exitCode(String verb, PrintStream err, Work work) throws Exception {
        try {
            return work.run();
        } catch (InvalidInputException e) {
            err.println(verb + ": invalid input: " + e.getMessage());
            return 2;
        } catch (ArithmeticException e) {
            err.println(verb + ": " + e.getMessage());
            return 3;
        } catch (MemoryGuard.ResidentMemoryExceededException e) {
            err.println(verb + ": " + e.getMessage() + "; the last checkpoint is kept: rerun with --resume");
            return 4;
        }
    }

    /** Runs {@code run} to its end (from its checkpoint with {@code resume}), its progress shown on {@code err}. */
    static TrainingRun.Result run(TrainingRun run, boolean resume, PrintStream err) throws Exception {
        Progress progress = new Progress(ProgressDisplay.create(err));
        try {
            return run.run(resume, Long.MAX_VALUE, progress);
        } finally {
            progress.finish();
        }
    }

    /**
     * Training on a {@link ProgressDisplay}: one {@code train} line (step, loss, ETA, rate, learning rate),
     * and a line per validation.
     */
    static final class Progress implements TrainingRun.Listener {
        private final ProgressDisplay display;
        private final long startNanos = System.nanoTime();
        private long firstStep = -1;

        Progress(ProgressDisplay display) {
            this.display = display;
        }

        @Override
        public void step(long step, long total, double loss, double lr, double slicesPerSecond) {
            if (firstStep < 0) {
                firstStep = step - 1;
            }
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            double stepsPerSecond = (step - firstStep) / Math.max(elapsed, 1e-9);
            double eta = (total - step) / Math.max(stepsPerSecond, 1e-9);
            display.update(
                    "train",
                    (double) step / total,
                    String.format(
                            Locale.ROOT,
                            "step %d/%d, loss %.4f, ETA %s, %.2f steps/s, lr %.2e",
                            step,
                            total,
                            loss,
                            ProgressDisplay.elapsed((long) (eta * 1e9)),
                            stepsPerSecond,
                            lr));
        }

        @Override
        public void validation(long step, TrainingRun.Validation v) {
            display.message(String.format(
                    Locale.ROOT,
                    "step %d validation: slice AUC %.4f%s, volume AUC %.4f, balanced accuracy %.4f%s",
                    step,
                    v.sliceAuc(),
                    Double.isFinite(v.perfectDetectorSliceAuc())
                            ? String.format(
                                    Locale.ROOT, " (a perfect lesion detector: %.4f)", v.perfectDetectorSliceAuc())
                            : "",
                    v.volumeAuc(),
                    v.balancedAccuracy(),
                    Double.isFinite(v.lesionSliceAuc())
                            ? String.format(Locale.ROOT, ", lesion-slice AUC %.4f", v.lesionSliceAuc())
                            : ""));
        }

        void finish() {
            display.close();
        }
    }
}
