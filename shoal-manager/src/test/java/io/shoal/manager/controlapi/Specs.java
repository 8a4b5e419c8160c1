package io.shoal.manager.controlapi;

import io.shoal.api.EndpointMode;
import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.PortProtocol;
import io.shoal.api.PublishMode;
import io.shoal.api.Reachability;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Test fixtures: service specs, nodes and tasks as the API would receive or store them. */
final class Specs {
    private Specs() {}

    /** A spec like {@code docker service create --name NAME busybox} sends (no replicas: {@code Replicated:{}}). */
    static ServiceSpec service(String name) {
        return new ServiceSpec(name, null,
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox:latest"), null, null, null, null, null, null, null),
                new ServiceSpec.Mode(new ServiceSpec.Replicated(null), null, null, null), null, null, null);
    }

    static ServiceSpec withContainer(ServiceSpec s, UnaryOperator<TaskSpec.ContainerSpec> f) {
        return s.withTaskTemplate(s.taskTemplate().withContainerSpec(f.apply(s.taskTemplate().containerSpec())));
    }

    static ServiceSpec withPorts(ServiceSpec s, EndpointMode mode, ServiceSpec.PortConfig... ports) {
        return s.withEndpointSpec(new ServiceSpec.EndpointSpec(mode, new ArrayList<>(List.of(ports))));
    }

    static ServiceSpec.PortConfig ingress(int published, int target) {
        return new ServiceSpec.PortConfig(null, PortProtocol.TCP, target, published, PublishMode.INGRESS);
    }

    static ServiceSpec.PortConfig host(int published, int target) {
        return new ServiceSpec.PortConfig(null, PortProtocol.TCP, target, published, PublishMode.HOST);
    }

    static Node node(String id, String hostname, NodeRole role, NodeState state) {
        return new Node(id, Version.ZERO, null, null,
                new Node.NodeSpec(null, Map.of(), role, NodeAvailability.ACTIVE),
                new Node.Description(hostname, null, null, null, null),
                new Node.NodeStatus(state, null, "10.0.0.1"),
                role == NodeRole.MANAGER ? new Node.ManagerStatus(false, Reachability.REACHABLE, "10.0.0.1:2377") : null);
    }

    static Task task(String serviceId, long slot, String nodeId, TaskState state) {
        return new Task(Ids.newId(), Version.ZERO, null, null, Map.of(),
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox:latest"), null, null, null, null, null, null, null),
                serviceId, slot, nodeId, Task.TaskStatus.of(null, state, "test"), TaskState.RUNNING, null, null,
                new Version(1));
    }
}
