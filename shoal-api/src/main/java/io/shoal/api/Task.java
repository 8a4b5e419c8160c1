package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One scheduled unit: one container. A task is one-shot; a restart makes a new task in the same
 * slot (replicated) or on the same node (global, slot 0). {@code labels} are the service's labels,
 * which is what Docker's {@code label} task filter matches.
 */
public record Task(
        @JsonProperty("ID") String id,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        Map<String, String> labels,
        TaskSpec spec,
        @JsonProperty("ServiceID") String serviceId,
        long slot,
        @JsonProperty("NodeID") String nodeId,
        TaskStatus status,
        TaskState desiredState,
        List<JsonNode> networksAttachments,
        Version jobIteration,
        Version specVersion) implements StoreObject {

    @Override
    public Task withMeta(Version v, Instant created, Instant updated) {
        return new Task(id, v, created, updated, labels, spec, serviceId, slot, nodeId, status, desiredState,
                networksAttachments, jobIteration, specVersion);
    }

    public Task withStatus(TaskStatus s) {
        return new Task(id, version, createdAt, updatedAt, labels, spec, serviceId, slot, nodeId, s, desiredState,
                networksAttachments, jobIteration, specVersion);
    }

    public Task withDesiredState(TaskState d) {
        return new Task(id, version, createdAt, updatedAt, labels, spec, serviceId, slot, nodeId, status, d,
                networksAttachments, jobIteration, specVersion);
    }

    public Task withNodeId(String n) {
        return new Task(id, version, createdAt, updatedAt, labels, spec, serviceId, slot, n, status, desiredState,
                networksAttachments, jobIteration, specVersion);
    }

    public Task withNetworksAttachments(List<JsonNode> n) {
        return new Task(id, version, createdAt, updatedAt, labels, spec, serviceId, slot, nodeId, status,
                desiredState, n, jobIteration, specVersion);
    }

    /** The observed state (never null for a stored task). */
    @JsonIgnore
    public TaskState state() {
        return status.state();
    }

    public record TaskStatus(
            Instant timestamp,
            TaskState state,
            String message,
            String err,
            ContainerStatus containerStatus,
            PortStatus portStatus) {

        public static TaskStatus of(Instant at, TaskState state, String message) {
            return new TaskStatus(at, state, message, null, null, null);
        }

        public TaskStatus withErr(String e) {
            return new TaskStatus(timestamp, state, message, e, containerStatus, portStatus);
        }

        public TaskStatus withContainerStatus(ContainerStatus c) {
            return new TaskStatus(timestamp, state, message, err, c, portStatus);
        }
    }

    public record ContainerStatus(
            @JsonProperty("ContainerID") String containerId,
            @JsonProperty("PID") Long pid,
            Long exitCode) {}

    public record PortStatus(List<ServiceSpec.PortConfig> ports) {}
}
