package io.shoal.agent;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * SwarmKit's reconnect backoff: each failure doubles the bound (plus 100 ms) up to 8 s, and the wait
 * is a random time below the bound, so nodes cut off together do not all come back at once.
 */
final class Backoff {
    static final Duration BASE = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofSeconds(8);

    private final RandomGenerator random;
    private Duration bound = Duration.ZERO;

    Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** The wait before the next attempt, after one more failure. */
    synchronized Duration next() {
        Duration b = BASE.plus(bound.multipliedBy(2));
        bound = b.compareTo(MAX) > 0 ? MAX : b;
        return Duration.ofNanos(random.nextLong(bound.toNanos()));
    }

    /** The bound the next failure starts from; for tests and logs. */
    synchronized Duration bound() {
        return bound;
    }

    synchronized void reset() {
        bound = Duration.ZERO;
    }
}
