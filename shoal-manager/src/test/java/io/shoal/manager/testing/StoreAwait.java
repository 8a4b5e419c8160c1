package io.shoal.manager.testing;

import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Waits for the store to reach a state, woken by its commits (no sleeping); for loops on real
 * threads. The condition is checked again after new commits, at most every 20 ms, so an expensive
 * check does not slow down a busy store.
 */
public final class StoreAwait {
    private static final Duration CHECK_EVERY = Duration.ofMillis(20);

    private StoreAwait() {}

    public static void until(MemoryStore store, Duration timeout, Predicate<ReadTx> condition) {
        Instant deadline = Instant.now().plus(timeout);
        try (Watch w = store.watch()) {
            while (true) {
                Instant checked = Instant.now();
                if (store.view(condition::test)) {
                    return;
                }
                // Wait for a commit (bounded by the deadline), then let more gather until the next check.
                while (true) {
                    Duration left = Duration.between(Instant.now(), deadline);
                    if (left.isNegative()) {
                        throw new AssertionError("store did not reach the expected state within " + timeout);
                    }
                    if (w.poll(left) != null) {
                        break;
                    }
                }
                Duration sinceCheck = Duration.between(checked, Instant.now());
                if (sinceCheck.compareTo(CHECK_EVERY) < 0) {
                    Instant until = checked.plus(CHECK_EVERY);
                    while (Instant.now().isBefore(until)) {
                        w.poll(Duration.between(Instant.now(), until)); // gathers commits until then
                    }
                }
                w.drain();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
