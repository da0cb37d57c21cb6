package io.tonno.activities.support;

import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Heartbeats an activity from a background thread while it runs one long call that cannot report
 * progress (a backprojection, a stack of 2D CAMs along one axis). The heartbeat proves the worker is
 * alive, so a killed worker is still noticed within the heartbeat timeout, while a healthy one is never
 * timed out in the middle of a long step. Close it when the call returns.
 */
public final class KeepAlive implements AutoCloseable {
    private final ScheduledExecutorService timer;

    private KeepAlive(ActivityExecutionContext ctx, Supplier<Object> details, Duration period) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tonno-keepalive");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(100, period.toMillis());
        timer.scheduleAtFixedRate(() -> {
            try {
                ctx.heartbeat(details.get());
            } catch (RuntimeException e) {
                // Cancellation or a lost server surfaces at the activity's own next heartbeat or return.
                timer.shutdown();
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Starts heartbeating {@code details} every {@code period}, the first one after one period. */
    public static KeepAlive start(ActivityExecutionContext ctx, Supplier<Object> details, Duration period) {
        return new KeepAlive(ctx, details, period);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
