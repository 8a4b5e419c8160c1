package io.shoal.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.time.FakeClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClockPauseTest {
    @Test
    void endsWhenTheClockSaysSo() throws Exception {
        FakeClock clock = new FakeClock();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                ClockPause.pause(clock, Duration.ofSeconds(5));
                done.complete(null);
            } catch (InterruptedException e) {
                done.completeExceptionally(e);
            }
        });
        while (clock.pendingTimers() == 0) {
            Thread.onSpinWait();
        }
        clock.advance(Duration.ofSeconds(4));
        assertThat(done).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        done.get(10, TimeUnit.SECONDS);
        t.join();
    }

    @Test
    void anInterruptEndsItAndCancelsTheTimer() throws Exception {
        FakeClock clock = new FakeClock();
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                ClockPause.pause(clock, Duration.ofHours(1));
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
        });
        while (clock.pendingTimers() == 0) {
            Thread.onSpinWait();
        }
        t.interrupt();
        assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
        t.join();
        assertThat(clock.pendingTimers()).isZero();
    }
}
