package io.shoal.store.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AppliedIndexTest {
    private final AppliedIndex applied = new AppliedIndex();

    @Test
    void aReachedIndexIsThereAtOnceAndAMissingOneIsNot() throws Exception {
        applied.set(5);
        assertThat(applied.get()).isEqualTo(5);
        assertThat(applied.await(5, Duration.ZERO)).isTrue();
        assertThat(applied.await(6, Duration.ZERO)).isFalse();
        assertThat(applied.awaitProgressing(4, Duration.ZERO)).isTrue();
        assertThat(applied.awaitProgressing(6, Duration.ZERO)).isFalse();
    }

    @Test
    void aWaiterWakesWhenTheIndexArrives() throws Exception {
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return applied.awaitProgressing(3, Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        applied.set(1);
        applied.set(2);
        applied.set(3);
        assertThat(waiter.get(1, TimeUnit.MINUTES)).isTrue();
    }
}
