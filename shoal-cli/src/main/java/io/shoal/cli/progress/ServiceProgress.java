package io.shoal.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import io.shoal.cli.http.EngineApi;
import io.shoal.cli.http.Filters;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Follows a service until it converges, as {@code docker service create/update/scale/rollback}
 * do without {@code -d}. Each {@link #poll()} is one round of docker's 200 ms loop: read the
 * service, its up-to-date tasks and the nodes, draw, and decide whether to stop. A service is
 * done once converged for its update monitor period (5 s unless set), a job once complete.
 */
public final class ServiceProgress {
    /** How often docker polls. */
    public static final Duration INTERVAL = Duration.ofMillis(200);
    private static final long DEFAULT_MONITOR = 5_000_000_000L;

    private final EngineApi api;
    private final String serviceId;
    private final ProgressSink sink;
    private final InstantSource clock;
    private ProgressUpdater updater;
    private boolean converged;
    private Instant convergedAt;
    private boolean rollback;
    private Progress pendingMessage;

    /**
     * @param serviceId the ID or name as the user gave it (docker prints it in "Service X converged")
     */
    public ServiceProgress(EngineApi api, String serviceId, ProgressSink sink, InstantSource clock) {
        this.api = Objects.requireNonNull(api, "api is null");
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId is null");
        this.sink = Objects.requireNonNull(sink, "sink is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** One round; true when following is over. Failures (an update paused, ...) throw. */
    public boolean poll() {
        JsonNode service = api.serviceInspect(serviceId, false);
        long monitor = DEFAULT_MONITOR;
        long configured = service.path("Spec").path("UpdateConfig").path("Monitor").asLong(0);
        if (configured != 0) {
            monitor = configured;
        }
        if (updater == null) {
            updater = ProgressUpdater.forService(service, sink);
        }
        JsonNode status = service.path("UpdateStatus");
        if (status.isObject()) {
            String message = status.path("Message").asText("");
            switch (status.path("State").asText("")) {
                case "updating" -> rollback = false;
                case "completed" -> {
                    if (!converged) {
                        // the update finished before convergence was seen: nothing left to follow
                        return true;
                    }
                }
                case "paused" -> throw new CliException("service update paused: " + message);
                case "rollback_started" -> {
                    if (!rollback && !message.isEmpty()) {
                        sink.write(Progress.update("rollback", message));
                    }
                    rollback = true;
                }
                case "rollback_paused" -> throw new CliException("service rollback paused: " + message);
                case "rollback_completed" -> {
                    if (!converged) {
                        pendingMessage = Progress.message("rollback", message);
                    }
                    rollback = true;
                }
                default -> { }
            }
        }
        Instant now = clock.instant();
        if (converged && Duration.between(convergedAt, now).toNanos() >= monitor) {
            sink.write(Progress.update("verify", "Service " + serviceId + " converged"));
            if (pendingMessage != null) {
                sink.write(pendingMessage);
            }
            return true;
        }
        String id = service.path("ID").asText(serviceId);
        List<JsonNode> tasks = api.taskList(Filters.of().add("service", id).add("_up-to-date", "true"));
        Set<String> activeNodes = new HashSet<>();
        for (JsonNode node : api.nodeList(Filters.of())) {
            if (!node.path("Status").path("State").asText("").equals("down")) {
                activeNodes.add(node.path("ID").asText(""));
            }
        }
        converged = updater.update(service, tasks.stream().map(ProgressTask::of).toList(), activeNodes, rollback);
        if (converged) {
            if (service.path("JobStatus").isObject()) {
                sink.write(Progress.message("", "job complete"));
                return true;
            }
            if (convergedAt == null) {
                convergedAt = now;
            }
            long wait = monitor - Duration.between(convergedAt, now).toNanos();
            if (wait >= 0) {
                // docker prints wait/1s+1 a moment after convergence, i.e. the seconds left rounded up
                long seconds = wait == 0 ? 1 : (wait - 1) / 1_000_000_000L + 1;
                sink.write(Progress.update("verify", "Waiting " + seconds + " seconds to verify that tasks are stable..."));
            }
        } else {
            if (convergedAt != null) {
                sink.write(Progress.update("verify", "Detected task failure"));
            }
            convergedAt = null;
        }
        return false;
    }

    /** Whether convergence has been seen (for the "continuing in background" note on interrupt). */
    public boolean converged() {
        return converged;
    }
}
