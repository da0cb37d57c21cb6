package io.tonno.activities.support;

import io.temporal.activity.ActivityExecutionContext;
import io.tonno.imaging.InvalidInputException;
import io.tonno.workflows.activity.TrainSegmentRequest;
import io.tonno.workflows.activity.TrainingProgress;
import java.io.IOException;
import java.util.Optional;

/**
 * Runs one training segment in checkpoint intervals with heartbeats, so that a retried activity
 * resumes from its last checkpoint instead of the segment's start. The training itself comes from
 * a {@link TrainingRun} (the classifier module's loop); this class owns only the resume and heartbeat
 * protocol:
 * <ol>
 *   <li>start from the last heartbeat's {@link TrainingProgress} or the last published checkpoint
 *       ({@link TrainingRun#latest}), whichever is further, when the attempt is a retry and that point
 *       is ahead of the request's {@code from}, else from {@code from};</li>
 *   <li>advance to the next multiple of {@code checkpointInterval} (or {@code toStep}), which
 *       writes a checkpoint and returns its progress;</li>
 *   <li>heartbeat that progress (heartbeat details are what the next attempt sees) and call
 *       {@link TrainingRun#published} so the implementation can update {@code model/latest.json};</li>
 *   <li>repeat until {@code toStep}.</li>
 * </ol>
 */
public final class CheckpointedTraining {
    /** The training loop of one checkpoint interval. */
    public interface TrainingRun {
        /**
         * Trains from {@code from} (fresh weights when {@code from.checkpointKey()} is null) up to
         * {@code toStep} and writes the checkpoint of {@code toStep}. Deterministic for a given
         * seed, start checkpoint and step range.
         *
         * @param beat call at least once per step; keeps the activity's heartbeat alive
         * @return the progress at {@code toStep} with its checkpoint key and mean loss
         */
        TrainingProgress advance(TrainSegmentRequest request, TrainingProgress from, int toStep, Runnable beat)
                throws IOException, InvalidInputException;

        /** Called after each checkpoint was heartbeated (e.g. to update {@code model/latest.json}). */
        default void published(TrainSegmentRequest request, TrainingProgress progress) throws IOException {}

        /**
         * The last checkpoint published under the request's training hash (e.g. {@code model/latest.json}),
         * or empty. A retry uses it when it is ahead of the last heartbeat that reached the server
         * (the SDK throttles heartbeats, so the server's copy can lag several checkpoints behind).
         */
        default Optional<TrainingProgress> latest(TrainSegmentRequest request) throws IOException {
            return Optional.empty();
        }
    }

    private CheckpointedTraining() {}

    /** Where this attempt starts: the last heartbeat when it is ahead of the request's start. */
    public static TrainingProgress resumePoint(ActivityExecutionContext context, TrainSegmentRequest request) {
        Optional<TrainingProgress> beat = context.getHeartbeatDetails(TrainingProgress.class);
        TrainingProgress from = request.from() == null ? TrainingProgress.NONE : request.from();
        if (beat.isPresent() && beat.get().step() > from.step() && beat.get().checkpointKey() != null) {
            return beat.get();
        }
        return from;
    }

    /**
     * Where an attempt starts: the furthest of the request's start, the last heartbeat and the last
     * published checkpoint within this segment ({@code (from, toStep]}; training is deterministic, so
     * that checkpoint is the one this attempt would write). So a retry recomputes at most one
     * checkpoint interval, even when the last heartbeats never reached the server.
     */
    static TrainingProgress resumePoint(
            ActivityExecutionContext context, TrainSegmentRequest request, TrainingRun trainer) throws IOException {
        TrainingProgress point = resumePoint(context, request);
        Optional<TrainingProgress> latest = trainer.latest(request);
        if (latest.isPresent()
                && latest.get().checkpointKey() != null
                && latest.get().step() > point.step()
                && latest.get().step() <= request.toStep()) {
            return latest.get();
        }
        return point;
    }

    /** Runs the segment; see the class comment. */
    public static TrainingProgress run(
            ActivityExecutionContext context, TrainSegmentRequest request, TrainingRun trainer) {
        return InvalidInputFailures.call(() -> {
            int interval = request.training().checkpointInterval();
            TrainingProgress current = resumePoint(context, request, trainer);
            while (current.step() < request.toStep()) {
                int next = Math.min(request.toStep(), (current.step() / interval + 1) * interval);
                TrainingProgress last = current;
                // Heartbeats inside the interval repeat the last checkpoint, so a retry never
                // resumes from weights that were not written.
                current = trainer.advance(request, current, next, () -> context.heartbeat(last));
                context.heartbeat(current);
                trainer.published(request, current);
            }
            return current;
        });
    }
}
