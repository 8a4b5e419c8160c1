package io.shoal.api.time;

import java.time.Duration;
import java.time.InstantSource;

/**
 * Time as components see it: the current instant and timers. Injected everywhere, so unit tests
 * drive time with a fake clock instead of sleeping.
 */
public interface Clock extends InstantSource {
    /** Runs {@code task} once after {@code delay} on the clock's timer thread. */
    Cancellable schedule(Duration delay, Runnable task);

    interface Cancellable {
        void cancel();
    }
}
