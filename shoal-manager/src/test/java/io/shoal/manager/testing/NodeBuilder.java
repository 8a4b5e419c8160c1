package io.shoal.manager.testing;

import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import java.util.HashMap;
import java.util.Map;

/** Nodes for tests: {@code NodeBuilder.node("n1").labels("zone", "a").build()} is READY, ACTIVE, a worker. */
public final class NodeBuilder {
    private final String id;
    private String hostname;
    private NodeState state = NodeState.READY;
    private NodeAvailability availability = NodeAvailability.ACTIVE;
    private NodeRole role = NodeRole.WORKER;
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, String> engineLabels = new HashMap<>();
    private long nanoCpus = 4_000_000_000L;
    private long memoryBytes = 8L << 30;
    private String os = "linux";
    private String arch = "x86_64";
    private String addr = "10.0.0.1";

    private NodeBuilder(String id) {
        this.id = id;
        this.hostname = id;
    }

    public static NodeBuilder node(String id) {
        return new NodeBuilder(id);
    }

    public NodeBuilder hostname(String h) {
        this.hostname = h;
        return this;
    }

    public NodeBuilder state(NodeState s) {
        this.state = s;
        return this;
    }

    public NodeBuilder availability(NodeAvailability a) {
        this.availability = a;
        return this;
    }

    public NodeBuilder role(NodeRole r) {
        this.role = r;
        return this;
    }

    public NodeBuilder label(String k, String v) {
        labels.put(k, v);
        return this;
    }

    public NodeBuilder engineLabel(String k, String v) {
        engineLabels.put(k, v);
        return this;
    }

    public NodeBuilder resources(double cpus, long memoryBytes) {
        this.nanoCpus = (long) (cpus * 1e9);
        this.memoryBytes = memoryBytes;
        return this;
    }

    public NodeBuilder platform(String os, String arch) {
        this.os = os;
        this.arch = arch;
        return this;
    }

    public NodeBuilder addr(String addr) {
        this.addr = addr;
        return this;
    }

    public Node build() {
        return new Node(id, null, null, null,
                new Node.NodeSpec(null, Map.copyOf(labels), role, availability),
                new Node.Description(hostname, new Node.Platform(arch, os), new Node.Resources(nanoCpus, memoryBytes),
                        new Node.Engine("20.10", Map.copyOf(engineLabels), null), null),
                new Node.NodeStatus(state, null, addr), null);
    }
}
