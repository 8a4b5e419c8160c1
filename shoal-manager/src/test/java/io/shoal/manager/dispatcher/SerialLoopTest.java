package io.shoal.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.ShoalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerialLoopTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void workRunsInOrderOnOneNamedThreadAndCallsReturnItsResult() {
        SerialLoop loop = new SerialLoop("test-loop");
        loop.start();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            loop.execute(() -> seen.add(n + "@" + Thread.currentThread().getName()));
        }
        List<String> copy = loop.call(() -> List.copyOf(seen), TIMEOUT);
        assertThat(copy).hasSize(100).first().isEqualTo("0@test-loop");
        assertThat(copy).last().isEqualTo("99@test-loop");
        // a call from the loop itself runs inline instead of deadlocking
        assertThat(loop.call(() -> loop.call(() -> "inner", TIMEOUT), TIMEOUT)).isEqualTo("inner");
        loop.stop(TIMEOUT);
    }

    @Test
    void failuresReachTheCallerAndTheLoopGoesOn() {
        SerialLoop loop = new SerialLoop("test-loop");
        loop.start();
        assertThatThrownBy(() -> loop.call(() -> {
            throw new ShoalException.Unavailable("session invalid");
        }, TIMEOUT)).isInstanceOf(ShoalException.Unavailable.class).hasMessage("session invalid");
        loop.execute(() -> {
            throw new IllegalStateException("logged, not fatal");
        });
        assertThat(loop.call(() -> 42, TIMEOUT)).isEqualTo(42);
        loop.stop(TIMEOUT);
        assertThat(loop.isIdle()).isTrue();
    }

    @Test
    void aStoppedLoopRefusesCalls() {
        SerialLoop loop = new SerialLoop("test-loop");
        loop.start();
        loop.stop(TIMEOUT);
        assertThatThrownBy(() -> loop.call(() -> 1, TIMEOUT))
                .isInstanceOf(ShoalException.Unavailable.class).hasMessage("dispatcher is stopped");
        loop.execute(() -> {
            throw new AssertionError("must not run");
        });
    }
}
