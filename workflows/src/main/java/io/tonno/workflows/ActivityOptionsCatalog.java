package io.tonno.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.Map;

/**
 * The one place where tonno's activity options are written. Transient failures (store unreachable,
 * worker lost, out of memory on a busy GPU) retry with exponential backoff; {@code InvalidInput}
 * failures never retry. Every activity has the short {@link #HEARTBEAT_TIMEOUT} (the worker pulses
 * heartbeats for it), so a killed worker's activities are retried within seconds. No schedule-to-start timeout is set anywhere: waiting in a queue for a free
 * GPU is normal and can take hours on a busy cluster.
 */
public final class ActivityOptionsCatalog {
    private ActivityOptionsCatalog() {}

    /**
     * Heartbeat timeout of every activity. The worker's liveness interceptor heartbeats every 3 s
     * for each running activity (the SDK sends at most one heartbeat per 0.8 x this timeout), so a
     * worker that dies is noticed after at most this long and its activity is retried elsewhere.
     */
    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);

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

    /**
     * The options every activity gets: its queue and start-to-close timeout, the {@link #HEARTBEAT_TIMEOUT} and
     * {@link #retry} with at most {@code attempts} attempts.
     */
    private static ActivityOptions options(String queue, Duration startToClose, int attempts) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(queue)
                .setStartToCloseTimeout(startToClose)
                .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
                .setRetryOptions(retry(attempts))
                .build();
    }

    /** Dataset validation and preprocessing on the CPU queue. */
    public static ActivityOptions data(TaskQueues queues) {
        // A large DICOM series goes through dcm2niix, resampling and a store upload.
        return options(queues.cpu(), Duration.ofMinutes(30), 10);
    }

    /** Training on the GPU queue: one segment per call, see per-method options. */
    public static ActivityOptions training(TaskQueues queues) {
        // One segment is segmentSteps steps; generous because CPU-only workers are slow. Heartbeat details carry
        // the last checkpoint, so the retry of a lost worker's segment (noticed within the heartbeat timeout)
        // resumes from that checkpoint.
        return options(queues.gpu(), Duration.ofHours(12), 20);
    }

    /** Per-method overrides of {@link #training}: reading latest.json is quick. */
    public static Map<String, ActivityOptions> trainingMethods(TaskQueues queues) {
        return Map.of("LatestCheckpoint", options(queues.gpu(), Duration.ofMinutes(2), 20));
    }

    /** Reconstruction chunks and the reduce on the GPU queue. */
    public static ActivityOptions reconstruction(TaskQueues queues) {
        // A chunk of 100 directions x 102 slices at 224^2 takes seconds on a GPU and minutes on a CPU; the reduce
        // backprojects L x M profiles into the volume. Chunks heartbeat between batches; a lost GPU worker is
        // noticed within the heartbeat timeout.
        return options(queues.gpu(), Duration.ofHours(1), 10);
    }

    /** Calibration, evaluation and the report on the CPU queue. */
    public static ActivityOptions evaluation(TaskQueues queues) {
        // One call scores every test case of one method (connected components on each volume).
        return options(queues.cpu(), Duration.ofHours(2), 10);
    }

    /** Stage manifest lookups and publishes on the CPU queue: one small object each. */
    public static ActivityOptions stages(TaskQueues queues) {
        return options(queues.cpu(), Duration.ofMinutes(1), 30);
    }
}
