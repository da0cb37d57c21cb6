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
 * a {@link Trainer} (the classifier module's loop); this class owns only the resume and heartbeat
 * protocol:
 * <ol>
 *   <li>start from the last heartbeat's {@link TrainingProgress} when the attempt is a retry and
 *       that heartbeat is ahead of the request's {@code from}, else from {@code from};</li>
 *   <li>advance to the next multiple of {@code checkpointInterval} (or {@code toStep}), which
 *       writes a checkpoint and returns its progress;</li>
 *   <li>heartbeat that progress (heartbeat details are what the next attempt sees) and call
 *       {@link Trainer#published} so the implementation can update {@code model/latest.json};</li>
 *   <li>repeat until {@code toStep}.</li>
 * </ol>
 */
public final class CheckpointedTraining {
    /** The training loop of one checkpoint interval. */
    public interface Trainer {
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
        default void published(TrainSegmentRequest request, TrainingProgress progress) throws IOException {
        }
    }

    private CheckpointedTraining() {
    }

    /** Where this attempt starts: the last heartbeat when it is ahead of the request's start. */
    public static TrainingProgress resumePoint(ActivityExecutionContext context, TrainSegmentRequest request) {
        Optional<TrainingProgress> beat = context.getHeartbeatDetails(TrainingProgress.class);
        TrainingProgress from = request.from() == null ? TrainingProgress.NONE : request.from();
        if (beat.isPresent() && beat.get().step() > from.step() && beat.get().checkpointKey() != null) {
            return beat.get();
        }
        return from;
    }

    /** Runs the segment; see the class comment. */
    public static TrainingProgress run(ActivityExecutionContext context, TrainSegmentRequest request, Trainer trainer) {
        return InvalidInputFailures.call(() -> {
            int interval = request.training().checkpointInterval();
            TrainingProgress current = resumePoint(context, request);
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
