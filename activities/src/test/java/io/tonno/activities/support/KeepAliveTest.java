package io.tonno.activities.support;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeepAliveTest {
    @Test
    void heartbeatsWhileOpenAndStopsWhenClosed() throws Exception {
        ActivityExecutionContext ctx = mock(ActivityExecutionContext.class);
        AtomicInteger beats = new AtomicInteger();
        doAnswer(inv -> beats.incrementAndGet()).when(ctx).heartbeat(any());
        try (KeepAlive alive = KeepAlive.start(ctx, () -> "busy", Duration.ofMillis(100))) {
            Thread.sleep(600);
        }
        verify(ctx, atLeast(2)).heartbeat("busy");
        int afterClose = beats.get();
        Thread.sleep(400);
        assertTrue(beats.get() <= afterClose + 1, "heartbeats went on after close: " + beats.get());
    }

    @Test
    void aFailingHeartbeatStopsTheTimerWithoutThrowingIntoTheActivity() throws Exception {
        ActivityExecutionContext ctx = mock(ActivityExecutionContext.class);
        AtomicInteger beats = new AtomicInteger();
        doAnswer(inv -> {
            beats.incrementAndGet();
            throw new IllegalStateException("canceled");
        }).when(ctx).heartbeat(any());
        try (KeepAlive alive = KeepAlive.start(ctx, () -> 1, Duration.ofMillis(100))) {
            Thread.sleep(500);
        }
        assertTrue(beats.get() == 1, "kept heartbeating after a failure: " + beats.get());
    }
}
