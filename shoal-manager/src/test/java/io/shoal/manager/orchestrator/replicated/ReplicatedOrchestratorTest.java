package io.shoal.manager.orchestrator.replicated;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeState;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.manager.orchestrator.Tasks;
import io.shoal.manager.testing.Harness;
import io.shoal.manager.testing.NodeBuilder;
import io.shoal.manager.testing.ServiceSpecBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReplicatedOrchestratorTest {
    private final Harness h = Harness.withOrchestration();

    private void nodes(int n) {
        for (int i = 1; i <= n; i++) {
            h.addNode(NodeBuilder.node("n" + i).build());
        }
    }

    private static List<Long> slots(List<Task> tasks) {
        return tasks.stream().map(Task::slot).sorted().toList();
    }

    @Test
    void createsOneTaskPerSlotAndRunsThem() {
        nodes(3);
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 3).build());
        h.converge();

        List<Task> tasks = h.tasks(s.id());
        assertThat(slots(tasks)).containsExactly(1L, 2L, 3L);
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TaskState.RUNNING);
            assertThat(t.desiredState()).isEqualTo(TaskState.RUNNING);
            assertThat(t.specVersion()).isEqualTo(s.specVersion());
            assertThat(t.status().timestamp()).isNotNull();
        });
        // spread: one per node
        assertThat(tasks.stream().map(Task::nodeId).distinct()).hasSize(3);
    }

    @Test
    void newTasksCarryTheServicesTemplateAndGetAssigned() {
        nodes(1);
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 1).build());
        h.settle(); // orchestrator (NEW), allocator (PENDING), scheduler (ASSIGNED); no agent

        Task t = h.tasks(s.id()).get(0);
        assertThat(t.state()).isEqualTo(TaskState.ASSIGNED);
        assertThat(t.status().message()).isEqualTo("scheduler assigned task to node");
        assertThat(t.nodeId()).isEqualTo("n1");
        assertThat(t.spec()).isEqualTo(s.spec().taskTemplate());
        assertThat(t.slot()).isEqualTo(1);
        assertThat(t.serviceName()).isEqualTo("web");
        assertThat(t.desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void scalesUpIntoTheLowestFreeSlots() {
        nodes(2);
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 3).build());
        h.converge();
        h.scale(s.id(), 1);
        h.converge();
        assertThat(slots(h.active(s.id()))).containsExactly(1L);
        h.scale(s.id(), 4);
        h.converge();
        assertThat(slots(h.running(s.id()))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(h.service(s.id()).updateStatus()).isNull(); // scaling is not an update
    }

    private Task slotTask(Service s, long slot, String node, TaskState state) {
        return Tasks.newTask(s, slot, node, h.clock.instant()).withStatus(Task.TaskStatus.of(h.clock.instant(), state, "x"));
    }

    @Test
    void scaleDownOrderBalancesNodesThenPrefersNonRunningThenHighSlots() {
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 5).build());
        Task s1 = slotTask(s, 1, "n1", TaskState.RUNNING);
        Task s2 = slotTask(s, 2, "n1", TaskState.RUNNING);
        Task s3 = slotTask(s, 3, "n1", TaskState.RUNNING);
        Task s4 = slotTask(s, 4, "n2", TaskState.RUNNING);
        Task s5 = slotTask(s, 5, "n2", TaskState.PREPARING);
        Task s6 = slotTask(s, 6, null, TaskState.PENDING);
        List<List<Task>> order = ReplicatedOrchestrator.ScalePlan.scaleDownOrder(new java.util.ArrayList<>(List.of(
                List.of(s6), List.of(s5), List.of(s4), List.of(s3), List.of(s2), List.of(s1))));
        // kept first: the 1st copy on each node, then the 2nd (running before not running), then the 3rd;
        // an unplaced task goes first of all
        assertThat(order.stream().map(l -> l.get(0).slot()).toList()).containsExactly(1L, 4L, 2L, 5L, 3L, 6L);
    }

    @Test
    void scalingDownKeepsNodesBalanced() {
        nodes(2);
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 6).build());
        h.converge();
        h.scale(s.id(), 2);
        h.converge();
        Map<String, Long> counts = h.running(s.id()).stream()
                .collect(Collectors.groupingBy(Task::nodeId, Collectors.counting()));
        assertThat(counts).containsEntry("n1", 1L).containsEntry("n2", 1L);
        assertThat(h.tasks(s.id())).hasSize(2); // the removed ones were stopped, then deleted
    }

    @Test
    void replacesAFailedTaskInTheSameSlotAfterTheRestartDelay() {
        nodes(2);
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 1).build());
        h.converge();
        Task first = h.running(s.id()).get(0);

        h.fail(first.id());
        h.converge();
        assertThat(h.task(first.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        Task replacement = h.active(s.id()).get(0);
        assertThat(replacement.id()).isNotEqualTo(first.id());
        assertThat(replacement.slot()).isEqualTo(first.slot());
        assertThat(replacement.desiredState()).isEqualTo(TaskState.READY);
        assertThat(replacement.state()).isEqualTo(TaskState.READY);

        h.advance(Duration.ofMillis(4800));
        h.converge();
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.READY);
        h.advance(Duration.ofMillis(300));
        h.converge();
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
        assertThat(h.task(replacement.id()).state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void tasksOfANodeThatGoesDownAreReplacedElsewhere() {
        nodes(2);
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 2).build());
        h.converge();
        Task onN1 = h.running(s.id()).stream().filter(t -> t.nodeId().equals("n1")).findFirst().orElseThrow();

        h.setNodeState("n1", NodeState.DOWN);
        h.converge();
        assertThat(h.task(onN1.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        Task replacement = h.active(s.id()).stream().filter(t -> t.slot() == onN1.slot()).findFirst().orElseThrow();
        assertThat(replacement.nodeId()).isEqualTo("n2");

        // the old task is not waited for (its node is down); the restart delay still applies
        h.advance(Duration.ofSeconds(5));
        h.converge();
        assertThat(h.running(s.id())).hasSize(2).allSatisfy(t -> assertThat(t.nodeId()).isEqualTo("n2"));
    }

    @Test
    void drainingANodeMovesItsTasksWithoutDelay() {
        nodes(2);
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 2).build());
        h.converge();

        h.setAvailability("n1", NodeAvailability.DRAIN);
        h.converge();
        assertThat(h.running(s.id())).hasSize(2).allSatisfy(t -> assertThat(t.nodeId()).isEqualTo("n2"));
        assertThat(h.tasksOnNode("n1")).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.SHUTDOWN));
    }

    @Test
    void aRemovedNodesTasksAreReplaced() {
        nodes(2);
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 2).build());
        h.converge();
        h.removeNode("n1");
        h.converge();
        h.advance(Duration.ofSeconds(5));
        h.converge();
        assertThat(h.running(s.id())).hasSize(2).allSatisfy(t -> assertThat(t.nodeId()).isEqualTo("n2"));
    }

    @Test
    void deletingTheServiceRemovesItsTasks() {
        nodes(2);
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 3).build());
        h.converge();
        List<Task> tasks = h.tasks(s.id());
        h.removeService(s.id());
        h.settle();
        assertThat(tasks).allSatisfy(t -> assertThat(h.task(t.id()).desiredState()).isEqualTo(TaskState.REMOVE));
        h.converge(); // agents stop them; the reaper deletes them
        assertThat(h.tasks(s.id())).isEmpty();
    }
}
