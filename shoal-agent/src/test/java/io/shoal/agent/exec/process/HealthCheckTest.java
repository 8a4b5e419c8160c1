package io.shoal.agent.exec.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.TaskSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
    private static TaskSpec.HealthConfig test(String... test) {
        return new TaskSpec.HealthConfig(List.of(test), null, null, null, null, null);
    }

    @Test
    void cmdShellRunsThroughTheShell() {
        HealthCheck h = HealthCheck.of(test("CMD-SHELL", "test -f /tmp/ok")).orElseThrow();
        assertThat(h.command()).containsExactly("/bin/sh", "-c", "test -f /tmp/ok");
    }

    @Test
    void cmdRunsItsArgumentsAsTheyAre() {
        assertThat(HealthCheck.of(test("CMD", "true", "x y")).orElseThrow().command()).containsExactly("true", "x y");
    }

    @Test
    void noneEmptyAndMissingMeanNoCheck() {
        assertThat(HealthCheck.of(test("NONE"))).isEmpty();
        assertThat(HealthCheck.of(new TaskSpec.HealthConfig(List.of(), 1_000_000_000L, null, 2, null, null))).isEmpty();
        assertThat(HealthCheck.of(null)).isEmpty();
        assertThat(HealthCheck.of(test("CMD"))).isEmpty();
        assertThat(HealthCheck.of(test("BOGUS", "x"))).isEmpty();
    }

    @Test
    void unsetOrZeroFieldsTakeDockersDefaults() {
        HealthCheck h = HealthCheck.of(new TaskSpec.HealthConfig(List.of("CMD", "true"), 0L, null, 0, null, null))
                .orElseThrow();
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(h.retries()).isEqualTo(3);
        assertThat(h.startPeriod()).isZero();
        assertThat(h.startInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void setFieldsAreKept() {
        HealthCheck h = HealthCheck.of(new TaskSpec.HealthConfig(List.of("CMD", "true"), 100_000_000L, 2_000_000_000L,
                5, 10_000_000_000L, 50_000_000L)).orElseThrow();
        assertThat(h.interval()).isEqualTo(Duration.ofMillis(100));
        assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(h.retries()).isEqualTo(5);
        assertThat(h.startPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(h.startInterval()).isEqualTo(Duration.ofMillis(50));
    }
}
