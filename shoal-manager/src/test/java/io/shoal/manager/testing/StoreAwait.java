package io.shoal.manager.testing;

import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Waits for the store to reach a state, woken by its commits (no sleeping); for loops on real threads. */
public final class StoreAwait {
    private StoreAwait() {}

    public static void until(MemoryStore store, Duration timeout, Predicate<ReadTx> condition) {
        Instant deadline = Instant.now().plus(timeout);
        try (Watch w = store.watch()) {
            while (true) {
                if (store.view(condition::test)) {
                    return;
                }
                Duration left = Duration.between(Instant.now(), deadline);
                if (left.isNegative()) {
                    throw new AssertionError("store did not reach the expected state within " + timeout);
                }
                w.poll(left.compareTo(Duration.ofMillis(100)) < 0 ? left : Duration.ofMillis(100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
