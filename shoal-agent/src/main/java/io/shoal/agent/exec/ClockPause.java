package io.shoal.agent.exec;

import io.shoal.api.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Blocks the calling (virtual) thread for a while of the injected clock, so fake clocks drive it too. */
public final class ClockPause {
    private ClockPause() {}

    public static void pause(Clock clock, Duration d) throws InterruptedException {
        CompletableFuture<Void> due = new CompletableFuture<>();
        Clock.Cancellable timer = clock.schedule(d, () -> due.complete(null));
        try {
            due.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            timer.cancel();
        }
    }
}
