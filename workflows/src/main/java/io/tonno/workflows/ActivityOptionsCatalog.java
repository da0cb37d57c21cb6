package io.tonno.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.Map;

/**
 * The one place where tonno's activity options are written. Transient failures (store unreachable,
 * worker lost, out of memory on a busy GPU) retry with exponential backoff; {@code InvalidInput}
 * failures never retry. No schedule-to-start timeout is set anywhere: waiting in a queue for a free
 * GPU is normal and can take hours on a busy cluster.
 */
public final class ActivityOptionsCatalog {
    private ActivityOptionsCatalog() {
    }

    /** Backoff from 1 s doubling up to 2 min, at most {@code attempts} attempts, InvalidInput final. */
    static RetryOptions retry(int attempts) {
        return RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(2))
                .setMaximumAttempts(attempts)
                .setDoNotRetry(Failures.INVALID_INPUT)
                .build();
    }

    /** Dataset validation and preprocessing on the CPU queue. */
    public static ActivityOptions data(TaskQueues queues) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(queues.cpu())
                // A large DICOM series goes through dcm2niix, resampling and a store upload.
                .setStartToCloseTimeout(Duration.ofMinutes(30))
                .setRetryOptions(retry(10))
                .build();
    }

    /** Training on the GPU queue: one segment per call, see per-method options. */
    public static ActivityOptions training(TaskQueues queues) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(queues.gpu())
                // One segment is segmentSteps steps; generous because CPU-only workers are slow.
                .setStartToCloseTimeout(Duration.ofHours(12))
                // The activity heartbeats at least once per step with its last checkpoint, so a lost
                // worker is noticed within minutes and the retry resumes from that checkpoint.
                .setHeartbeatTimeout(Duration.ofMinutes(10))
                .setRetryOptions(retry(20))
                .build();
    }

    /** Per-method overrides of {@link #training}: reading latest.json is quick. */
    public static Map<String, ActivityOptions> trainingMethods(TaskQueues queues) {
        return Map.of("LatestCheckpoint", ActivityOptions.newBuilder()
                .setTaskQueue(queues.gpu())
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(retry(20))
                .build());
    }

    /** Reconstruction chunks and the reduce on the GPU queue. */
    public static ActivityOptions reconstruction(TaskQueues queues) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(queues.gpu())
                // A chunk of 100 directions x 102 slices at 224^2 takes seconds on a GPU and minutes
                // on a CPU; the reduce backprojects L x M profiles into the volume.
                .setStartToCloseTimeout(Duration.ofHours(1))
                // Chunks heartbeat between batches; a lost GPU worker is noticed in 5 minutes.
                .setHeartbeatTimeout(Duration.ofMinutes(5))
                .setRetryOptions(retry(10))
                .build();
    }

    /** Calibration, evaluation and the report on the CPU queue. */
    public static ActivityOptions evaluation(TaskQueues queues) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(queues.cpu())
                // One call scores every test case of one method (connected components on each volume).
                .setStartToCloseTimeout(Duration.ofHours(2))
                .setRetryOptions(retry(10))
                .build();
    }

    /** Stage manifest lookups and publishes on the CPU queue: one small object each. */
    public static ActivityOptions stages(TaskQueues queues) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(queues.cpu())
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(retry(30))
                .build();
    }
}
