package io.shoal.manager.orchestrator;

import io.shoal.api.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Time as a loop's helpers see it: now, and timers whose jobs run on the loop's own thread. */
public interface LoopTimer {
    Instant now();

    /** Runs {@code job} on the loop thread after {@code delay}, then lets the loop reconcile. */
    Clock.Cancellable schedule(Duration delay, Runnable job);
}
