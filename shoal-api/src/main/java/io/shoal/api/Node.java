package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A machine in the cluster. {@code managerStatus} is present only for managers. */
public record Node(
        @JsonProperty("ID") String id,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        NodeSpec spec,
        Description description,
        NodeStatus status,
        ManagerStatus managerStatus) implements StoreObject {

    @Override
    public Node withMeta(Version v, Instant created, Instant updated) {
        return new Node(id, v, created, updated, spec, description, status, managerStatus);
    }

    public Node withSpec(NodeSpec s) {
        return new Node(id, version, createdAt, updatedAt, s, description, status, managerStatus);
    }

    public Node withDescription(Description d) {
        return new Node(id, version, createdAt, updatedAt, spec, d, status, managerStatus);
    }

    public Node withStatus(NodeStatus s) {
        return new Node(id, version, createdAt, updatedAt, spec, description, s, managerStatus);
    }

    public Node withManagerStatus(ManagerStatus m) {
        return new Node(id, version, createdAt, updatedAt, spec, description, status, m);
    }

    /** The hostname, as node lookups by name use it. */
    public String hostname() {
        return description == null ? null : description.hostname();
    }

    public record NodeSpec(String name, Map<String, String> labels, NodeRole role, NodeAvailability availability) {
        public NodeSpec withAvailability(NodeAvailability a) {
            return new NodeSpec(name, labels, role, a);
        }

        public NodeSpec withRole(NodeRole r) {
            return new NodeSpec(name, labels, r, availability);
        }
    }

    public record Description(
            String hostname,
            Platform platform,
            Resources resources,
            Engine engine,
            @JsonProperty("TLSInfo") TlsInfo tlsInfo) {}

    public record Platform(String architecture, @JsonProperty("OS") String os) {}

    /**
     * What the node offers. {@code genericResources} is Docker's list of
     * {@code {"DiscreteResourceSpec":{"Kind":..,"Value":n}}} and {@code {"NamedResourceSpec":{"Kind":..,"Value":".."}}}.
     */
    public record Resources(@JsonProperty("NanoCPUs") long nanoCpus, long memoryBytes,
                            com.fasterxml.jackson.databind.JsonNode genericResources) {
        public Resources(long nanoCpus, long memoryBytes) {
            this(nanoCpus, memoryBytes, null);
        }
    }

    public record Engine(String engineVersion, Map<String, String> labels, List<Plugin> plugins) {}

    public record Plugin(String type, String name) {}

    public record TlsInfo(String trustRoot, String certIssuerSubject, String certIssuerPublicKey) {}

    public record NodeStatus(NodeState state, String message, String addr) {}

    public record ManagerStatus(boolean leader, Reachability reachability, String addr) {}
}
