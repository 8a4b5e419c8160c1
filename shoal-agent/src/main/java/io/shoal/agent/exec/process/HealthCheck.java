package io.shoal.agent.exec.process;

import static java.util.Objects.requireNonNull;

import io.shoal.api.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A task's health check as the process executor runs it, with Docker's defaults filled in: interval
 * 30 s, timeout 30 s, 3 retries, no start period, start interval 5 s. The command is the test's
 * {@code CMD} arguments, or {@code /bin/sh -c <cmd>} for {@code CMD-SHELL}. There is no image to
 * inherit a check from, so an empty test means no check, as does {@code NONE}.
 */
record HealthCheck(List<String> command, Duration interval, Duration timeout, int retries, Duration startPeriod,
        Duration startInterval) {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_RETRIES = 3;
    static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);

    HealthCheck {
        command = List.copyOf(requireNonNull(command, "command is null"));
        requireNonNull(interval, "interval is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(startPeriod, "startPeriod is null");
        requireNonNull(startInterval, "startInterval is null");
    }

    /** The check a task's spec asks for, if any. */
    static Optional<HealthCheck> of(TaskSpec.HealthConfig h) {
        if (h == null || h.test() == null || h.test().isEmpty()) {
            return Optional.empty();
        }
        List<String> test = h.test();
        List<String> command = new ArrayList<>();
        switch (test.get(0)) {
            case "CMD" -> command.addAll(test.subList(1, test.size()));
            case "CMD-SHELL" -> {
                command.addAll(List.of("/bin/sh", "-c"));
                command.add(String.join(" ", test.subList(1, test.size())));
            }
            default -> {
                return Optional.empty(); // NONE, or a form Docker does not know either
            }
        }
        if (command.isEmpty() || command.get(command.size() - 1).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new HealthCheck(command,
                orDefault(h.interval(), DEFAULT_INTERVAL),
                orDefault(h.timeout(), DEFAULT_TIMEOUT),
                h.retries() == null || h.retries() <= 0 ? DEFAULT_RETRIES : h.retries(),
                orDefault(h.startPeriod(), Duration.ZERO),
                orDefault(h.startInterval(), DEFAULT_START_INTERVAL)));
    }

    /** Docker treats an unset or zero duration as "use the default". */
    private static Duration orDefault(Long nanos, Duration fallback) {
        return nanos == null || nanos <= 0 ? fallback : Duration.ofNanos(nanos);
    }
}
