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
 * which is what Docker's {@code label} task filter matches. {@code serviceName} is the owning service's
 * name when the task was made (SwarmKit's ServiceAnnotations.Name): the agent names and labels the
 * container with it ({@code <service>.<slot>.<taskID>}, {@code com.docker.swarm.service.name}).
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
        Version specVersion,
        String serviceName) implements StoreObject {

    /** A task without a recorded service name (the agent then names containers after the service ID). */
    public Task(String id, Version version, Instant createdAt, Instant updatedAt, Map<String, String> labels,
                TaskSpec spec, String serviceId, long slot, String nodeId, TaskStatus status, TaskState desiredState,
                List<JsonNode> networksAttachments, Version jobIteration, Version specVersion) {
        this(id, version, createdAt, updatedAt, labels, spec, serviceId, slot, nodeId, status, desiredState,
                networksAttachments, jobIteration, specVersion, null);
    }

    @Override
    public Task withMeta(Version v, Instant created, Instant updated) {
        return new Task(id, v, created, updated, labels, spec, serviceId, slot, nodeId, status, desiredState,
                networksAttachments, jobIteration, specVersion, serviceName);
    }

    public Task withStatus(TaskStatus s) {
        return new Task(id, version, createdAt, updatedAt, labels, spec, serviceId, slot, nodeId, s, desiredState,
                networksAttachments, jobIteration, specVersion, serviceName);
    }

    public Task withDesiredState(TaskState d) {
        return new Task(id, version, createdAt, updatedAt, labels, spec, serviceId, slot, nodeId, status, d,
                networksAttachments, jobIteration, specVersion, serviceName);
    }

    public Task withNodeId(String n) {
        return new Task(id, version, createdAt, updatedAt, labels, spec, serviceId, slot, n, status, desiredState,
                networksAttachments, jobIteration, specVersion, serviceName);
    }

    public Task withNetworksAttachments(List<JsonNode> n) {
        return new Task(id, version, createdAt, updatedAt, labels, spec, serviceId, slot, nodeId, status,
                desiredState, n, jobIteration, specVersion, serviceName);
    }

    public Task withServiceName(String name) {
        return new Task(id, version, createdAt, updatedAt, labels, spec, serviceId, slot, nodeId, status,
                desiredState, networksAttachments, jobIteration, specVersion, name);
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
