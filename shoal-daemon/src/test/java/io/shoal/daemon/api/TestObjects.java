package io.shoal.daemon.api;

import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.Reachability;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import java.time.Instant;
import java.util.Map;

/** Small, valid objects for the API tests. */
final class TestObjects {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestObjects() {}

    static ServiceSpec spec(String name, ServiceSpec.Mode mode, Map<String, String> labels) {
        return new ServiceSpec(name, labels, new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox:latest"),
                null, null, null, null, null, null, null), mode, null, null, null);
    }

    static Service service(String name, long replicas) {
        return service(name, ServiceSpec.Mode.ofReplicated(replicas), Map.of());
    }

    static Service service(String name, ServiceSpec.Mode mode, Map<String, String> labels) {
        return new Service(Ids.newId(), Version.ZERO, null, null, spec(name, mode, labels), null, null, null, null,
                null, new Version(1), null);
    }

    static Task task(Service s, long slot, String nodeId, TaskState state, TaskState desired) {
        return new Task(Ids.newId(), Version.ZERO, null, null, s.spec().labels(), s.spec().taskTemplate(), s.id(), slot,
                nodeId, Task.TaskStatus.of(T0, state, state.wire()), desired, null, null, s.specVersion());
    }

    static Node node(String hostname, NodeRole role, Map<String, String> specLabels, Map<String, String> engineLabels) {
        return new Node(Ids.newId(), Version.ZERO, null, null,
                new Node.NodeSpec(null, specLabels, role, NodeAvailability.ACTIVE),
                new Node.Description(hostname, new Node.Platform("x86_64", "linux"), new Node.Resources(2_000_000_000L, 1L << 30),
                        new Node.Engine("0.1.0", engineLabels, null), null),
                new Node.NodeStatus(NodeState.READY, null, "127.0.0.1"),
                role == NodeRole.MANAGER ? new Node.ManagerStatus(true, Reachability.REACHABLE, "127.0.0.1:2377") : null);
    }
}
