package io.shoal.agent.exec.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static HealthCheck check(int retries, Duration startPeriod) {
        return new HealthCheck(List.of("true"), Duration.ofSeconds(1), Duration.ofSeconds(1), retries, startPeriod,
                Duration.ofMillis(200));
    }

    @Test
    void startsStartingAndOnePassMakesItHealthy() {
        Health h = new Health(check(3, Duration.ZERO), T0);
        assertThat(h.status()).isEqualTo(Health.Status.STARTING);
        assertThat(h.record(T0.plusSeconds(1), true)).isEqualTo(Health.Status.HEALTHY);
    }

    @Test
    void retriesFailuresInARowMakeItUnhealthy() {
        Health h = new Health(check(3, Duration.ZERO), T0);
        assertThat(h.record(T0.plusSeconds(1), false)).isEqualTo(Health.Status.STARTING);
        assertThat(h.record(T0.plusSeconds(2), false)).isEqualTo(Health.Status.STARTING);
        assertThat(h.record(T0.plusSeconds(3), false)).isEqualTo(Health.Status.UNHEALTHY);
    }

    @Test
    void aPassClearsTheFailingStreak() {
        Health h = new Health(check(2, Duration.ZERO), T0);
        h.record(T0.plusSeconds(1), true);
        h.record(T0.plusSeconds(2), false);
        assertThat(h.failingStreak()).isEqualTo(1);
        h.record(T0.plusSeconds(3), true);
        assertThat(h.failingStreak()).isZero();
        assertThat(h.record(T0.plusSeconds(4), false)).isEqualTo(Health.Status.HEALTHY);
        assertThat(h.record(T0.plusSeconds(5), false)).isEqualTo(Health.Status.UNHEALTHY);
    }

    @Test
    void failuresInTheStartPeriodDoNotCountWhileStarting() {
        Health h = new Health(check(1, Duration.ofSeconds(10)), T0);
        assertThat(h.record(T0.plusSeconds(1), false)).isEqualTo(Health.Status.STARTING);
        assertThat(h.record(T0.plusSeconds(9), false)).isEqualTo(Health.Status.STARTING);
        assertThat(h.failingStreak()).isZero();
        assertThat(h.record(T0.plusSeconds(10), false)).isEqualTo(Health.Status.UNHEALTHY);
    }

    @Test
    void onceHealthyTheStartPeriodNoLongerExcusesFailures() {
        Health h = new Health(check(1, Duration.ofSeconds(10)), T0);
        h.record(T0.plusSeconds(1), true);
        assertThat(h.record(T0.plusSeconds(2), false)).isEqualTo(Health.Status.UNHEALTHY);
    }

    @Test
    void probesUseTheStartIntervalOnlyWhileStartingInTheStartPeriod() {
        Health h = new Health(check(3, Duration.ofSeconds(10)), T0);
        assertThat(h.nextDelay(T0)).isEqualTo(Duration.ofMillis(200));
        assertThat(h.nextDelay(T0.plusSeconds(10))).isEqualTo(Duration.ofSeconds(1));
        h.record(T0.plusSeconds(1), true);
        assertThat(h.nextDelay(T0.plusSeconds(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(new Health(check(3, Duration.ZERO), T0).nextDelay(T0)).isEqualTo(Duration.ofSeconds(1));
    }
}
