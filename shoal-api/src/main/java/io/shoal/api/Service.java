package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A service as stored and as the API shows it.
 * {@code specVersion} is the store version of the spec the tasks should run (Swarm's SpecVersion);
 * tasks made from it carry the same value, which is how "up to date" is decided cheaply.
 * {@code serviceStatus} is never stored: the API fills it in on {@code GET /services?status=true}.
 */
public record Service(
        @JsonProperty("ID") String id,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        ServiceSpec spec,
        ServiceSpec previousSpec,
        Endpoint endpoint,
        UpdateStatus updateStatus,
        ServiceStatus serviceStatus,
        JobStatus jobStatus,
        Version specVersion,
        Version previousSpecVersion) implements StoreObject {

    @Override
    public Service withMeta(Version v, Instant created, Instant updated) {
        return new Service(id, v, created, updated, spec, previousSpec, endpoint, updateStatus, serviceStatus,
                jobStatus, specVersion, previousSpecVersion);
    }

    public Service withSpec(ServiceSpec s, ServiceSpec previous, Version sv, Version psv) {
        return new Service(id, version, createdAt, updatedAt, s, previous, endpoint, updateStatus, serviceStatus,
                jobStatus, sv, psv);
    }

    public Service withEndpoint(Endpoint e) {
        return new Service(id, version, createdAt, updatedAt, spec, previousSpec, e, updateStatus, serviceStatus,
                jobStatus, specVersion, previousSpecVersion);
    }

    public Service withUpdateStatus(UpdateStatus u) {
        return new Service(id, version, createdAt, updatedAt, spec, previousSpec, endpoint, u, serviceStatus,
                jobStatus, specVersion, previousSpecVersion);
    }

    public Service withServiceStatus(ServiceStatus s) {
        return new Service(id, version, createdAt, updatedAt, spec, previousSpec, endpoint, updateStatus, s,
                jobStatus, specVersion, previousSpecVersion);
    }

    public Service withJobStatus(JobStatus j) {
        return new Service(id, version, createdAt, updatedAt, spec, previousSpec, endpoint, updateStatus,
                serviceStatus, j, specVersion, previousSpecVersion);
    }

    public String name() {
        return spec.name();
    }

    public record Endpoint(ServiceSpec.EndpointSpec spec, List<ServiceSpec.PortConfig> ports, List<VirtualIp> virtualIPs) {}

    public record VirtualIp(@JsonProperty("NetworkID") String networkId, String addr) {}

    public record UpdateStatus(UpdateState state, Instant startedAt, Instant completedAt, String message) {}

    public record ServiceStatus(long runningTasks, long desiredTasks, long completedTasks) {}

    public record JobStatus(Version jobIteration, Instant lastExecution) {}
}
