package io.tonno.activities.plugin;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityExecutionContextBase;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker interceptor (installed by {@link TonnoPlugin}) that gives every activity a liveness
 * heartbeat and logs every execution.
 *
 * <p><b>Liveness.</b> Every {@link #PULSE} a daemon thread heartbeats on behalf of the running
 * activity, repeating the details of the activity's own last heartbeat (or, before it sent any, the
 * details of the previous attempt), so the progress a retry resumes from is never overwritten. The
 * activity options set a short heartbeat timeout ({@code ActivityOptionsCatalog.HEARTBEAT_TIMEOUT}),
 * so a worker that dies ({@code kill -9}, lost machine) is noticed within that timeout whatever the
 * length of a training step or a network load, and its activity is retried on another worker.
 *
 * <p><b>Execution log.</b> One INFO line when an activity attempt starts and one when it ends
 * ({@code activity TYPE attempt N of WORKFLOW_ID started|completed in S s|failed: ...}), the
 * record the fault tests count executions with.
 */
public final class ActivityLiveness extends WorkerInterceptorBase {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityLiveness.class);
    /** Period of the liveness heartbeat; well below the heartbeat timeout of every activity. */
    public static final Duration PULSE = Duration.ofSeconds(3);

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tonno-activity-liveness");
        t.setDaemon(true);
        return t;
    });

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new Inbound(next);
    }

    private static final class Inbound extends ActivityInboundCallsInterceptorBase {
        private Recording context;

        Inbound(ActivityInboundCallsInterceptor next) {
            super(next);
        }

        @Override
        public void init(ActivityExecutionContext context) {
            this.context = new Recording(context);
            super.init(this.context);
        }

        @Override
        public ActivityOutput execute(ActivityInput input) {
            ActivityInfo info = context.getInfo();
            String what = "activity " + info.getActivityType() + " attempt " + info.getAttempt() + " of "
                    + info.getWorkflowId();
            LOG.info("{} started", what);
            long t0 = System.nanoTime();
            ScheduledFuture<?> pulse = TIMER.scheduleAtFixedRate(
                    context::pulse, PULSE.toMillis(), PULSE.toMillis(), TimeUnit.MILLISECONDS);
            try {
                ActivityOutput out = super.execute(input);
                LOG.info(
                        "{} completed in {} s",
                        what,
                        String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
                return out;
            } catch (RuntimeException | Error e) {
                LOG.info("{} failed: {}", what, e.toString());
                throw e;
            } finally {
                pulse.cancel(false);
            }
        }
    }

    /** The activity's context, recording the details of its heartbeats so the pulse can repeat them. */
    private static final class Recording extends ActivityExecutionContextBase {
        private final ActivityExecutionContext inner;
        private final Object previousAttempt;
        private volatile boolean own;
        private volatile Object details;

        Recording(ActivityExecutionContext inner) {
            super(inner);
            this.inner = inner;
            Object previous;
            try {
                Optional<Object> d = inner.getHeartbeatDetails(Object.class);
                previous = d.orElse(null);
            } catch (RuntimeException e) {
                previous = null;
            }
            this.previousAttempt = previous;
        }

        @Override
        public <V> void heartbeat(V details) throws ActivityCompletionException {
            this.details = details;
            this.own = true;
            super.heartbeat(details);
        }

        void pulse() {
            try {
                inner.heartbeat(own ? details : previousAttempt);
            } catch (ActivityCompletionException e) {
                // Cancelled or timed out: the activity thread sees it on its own next heartbeat.
                LOG.debug("liveness heartbeat of {}: {}", inner.getInfo().getActivityType(), e.toString());
            } catch (RuntimeException e) {
                LOG.warn("liveness heartbeat of {} failed: {}", inner.getInfo().getActivityType(), e.toString());
            }
        }
    }
}
