package io.shoal.cli.command;

import io.shoal.api.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/** Waits between polls (service progress, CA rotation); tests substitute one that moves a fake clock. */
@FunctionalInterface
public interface Pacer {
    void pause(Duration d) throws InterruptedException;

    /** Waits on the clock's timer, so time stays injectable. */
    static Pacer on(Clock clock) {
        Objects.requireNonNull(clock, "clock is null");
        return d -> {
            CountDownLatch done = new CountDownLatch(1);
            Clock.Cancellable timer = clock.schedule(d, done::countDown);
            try {
                done.await();
            } finally {
                timer.cancel();
            }
        };
    }
}
