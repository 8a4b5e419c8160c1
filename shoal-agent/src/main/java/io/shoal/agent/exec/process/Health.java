package io.shoal.agent.exec.process;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The health state of one started process, moved by probe results the way Docker's health monitor
 * moves a container's: it starts as STARTING; a passing probe makes it HEALTHY and clears the
 * failing streak; {@code retries} failing probes in a row make it UNHEALTHY, except that failures
 * while still STARTING within the start period do not count. Not thread-safe: one monitor owns it.
 */
final class Health {
    enum Status { STARTING, HEALTHY, UNHEALTHY }

    private final HealthCheck check;
    private final Instant startedAt;
    private Status status = Status.STARTING;
    private int failingStreak;

    Health(HealthCheck check, Instant startedAt) {
        this.check = requireNonNull(check, "check is null");
        this.startedAt = requireNonNull(startedAt, "startedAt is null");
    }

    Status status() {
        return status;
    }

    int failingStreak() {
        return failingStreak;
    }

    /** Takes the result of a probe that began at {@code probeStart}; returns the new status. */
    Status record(Instant probeStart, boolean passed) {
        if (passed) {
            failingStreak = 0;
            status = Status.HEALTHY;
            return status;
        }
        boolean inStartPeriod = status == Status.STARTING
                && Duration.between(startedAt, probeStart).compareTo(check.startPeriod()) < 0;
        if (!inStartPeriod) {
            failingStreak++;
            if (failingStreak >= check.retries()) {
                status = Status.UNHEALTHY;
            }
        }
        return status;
    }

    /** How long to wait before the next probe: the start interval while starting within the start period. */
    Duration nextDelay(Instant now) {
        boolean inStartPeriod = Duration.between(startedAt, now).compareTo(check.startPeriod()) < 0;
        return inStartPeriod && status == Status.STARTING ? check.startInterval() : check.interval();
    }
}
