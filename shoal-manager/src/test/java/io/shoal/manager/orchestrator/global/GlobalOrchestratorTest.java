package io.shoal.manager.orchestrator.global;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeState;
import io.shoal.api.RestartCondition;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.manager.scheduler.Scheduler;
import io.shoal.manager.testing.Harness;
import io.shoal.manager.testing.NodeBuilder;
import io.shoal.manager.testing.ServiceSpecBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GlobalOrchestratorTest {
    private final Harness h = Harness.withOrchestration();

    @BeforeEach
    void nodes() {
        h.addNode(NodeBuilder.node("n1").label("disk", "ssd").build());
        h.addNode(NodeBuilder.node("n2").label("disk", "ssd").build());
        h.addNode(NodeBuilder.node("n3").label("disk", "hdd").build());
    }

    private List<String> runningNodes(Service s) {
        return h.running(s.id()).stream().map(Task::nodeId).sorted().toList();
    }

    @Test
    void runsOneTaskOnEveryNodeWithItsNodePreset() {
        Service s = h.createService(ServiceSpecBuilder.global("agent").build());
        h.converge();
        assertThat(runningNodes(s)).containsExactly("n1", "n2", "n3");
        assertThat(h.tasks(s.id())).allSatisfy(t -> {
            assertThat(t.slot()).isZero();
            assertThat(t.status().message()).isEqualTo("started");
        });
    }

    @Test
    void theSchedulerConfirmsPresetNodes() {
        Service s = h.createService(ServiceSpecBuilder.global("agent").build());
        h.settle();
        assertThat(h.tasks(s.id())).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TaskState.ASSIGNED);
            assertThat(t.status().message()).isEqualTo(Scheduler.PREASSIGNED_MESSAGE);
        });
    }

    @Test
    void followsNodesJoiningAndLeaving() {
        Service s = h.createService(ServiceSpecBuilder.global("agent").build());
        h.converge();
        h.addNode(NodeBuilder.node("n4").build());
        h.converge();
        assertThat(runningNodes(s)).containsExactly("n1", "n2", "n3", "n4");

        Task onN2 = h.running(s.id()).stream().filter(t -> t.nodeId().equals("n2")).findFirst().orElseThrow();
        h.removeNode("n2");
        h.converge();
        assertThat(h.task(onN2.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(runningNodes(s)).containsExactly("n1", "n3", "n4");
    }

    @Test
    void drainedAndDownNodesLoseTheirTasks() {
        Service s = h.createService(ServiceSpecBuilder.global("agent").build());
        h.converge();
        h.setAvailability("n1", NodeAvailability.DRAIN);
        h.setNodeState("n2", NodeState.DOWN);
        h.converge();
        assertThat(runningNodes(s)).containsExactly("n3");
        assertThat(h.active(s.id())).extracting(Task::nodeId).containsExactly("n3");

        h.setAvailability("n1", NodeAvailability.ACTIVE);
        h.setNodeState("n2", NodeState.READY);
        h.converge();
        assertThat(runningNodes(s)).containsExactly("n1", "n2", "n3");
    }

    @Test
    void pausedNodesKeepTheirTasksButGetNoNewOnes() {
        h.setAvailability("n1", NodeAvailability.PAUSE);
        Service s = h.createService(ServiceSpecBuilder.global("agent").build());
        h.converge();
        assertThat(runningNodes(s)).containsExactly("n2", "n3");

        h.setAvailability("n2", NodeAvailability.PAUSE);
        h.converge();
        assertThat(runningNodes(s)).containsExactly("n2", "n3");
    }

    @Test
    void onlyNodesMatchingTheConstraintsRunTasks() {
        Service s = h.createService(ServiceSpecBuilder.global("agent").constraint("node.labels.disk==ssd").build());
        h.converge();
        assertThat(runningNodes(s)).containsExactly("n1", "n2");

        h.updateNode("n2", n -> n.withSpec(new io.shoal.api.Node.NodeSpec(null, java.util.Map.of("disk", "hdd"),
                n.spec().role(), n.spec().availability())));
        h.converge();
        assertThat(runningNodes(s)).containsExactly("n1");
    }

    @Test
    void aFailedTaskIsRestartedOnTheSameNode() {
        Service s = h.createService(ServiceSpecBuilder.global("agent").restart(RestartCondition.ANY, Duration.ZERO).build());
        h.converge();
        Task onN3 = h.running(s.id()).stream().filter(t -> t.nodeId().equals("n3")).findFirst().orElseThrow();
        h.fail(onN3.id());
        h.converge();
        assertThat(runningNodes(s)).containsExactly("n1", "n2", "n3");
        assertThat(h.tasksOnNode("n3")).hasSize(2);
    }

    @Test
    void deletingTheServiceRemovesItsTasks() {
        Service s = h.createService(ServiceSpecBuilder.global("agent").build());
        h.converge();
        h.removeService(s.id());
        h.converge();
        assertThat(h.tasks(s.id())).isEmpty();
    }
}
