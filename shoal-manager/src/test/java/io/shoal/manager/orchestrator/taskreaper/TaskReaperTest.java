package io.shoal.manager.orchestrator.taskreaper;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.RestartCondition;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.manager.orchestrator.Tasks;
import io.shoal.manager.testing.Harness;
import io.shoal.manager.testing.NodeBuilder;
import io.shoal.manager.testing.ServiceSpecBuilder;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskReaperTest {
    /** The reaper alone, on tasks written by the test. */
    private final Harness h = new Harness();
    private final TaskReaper reaper = new TaskReaper(h.store, h.clock);

    private Service service(ServiceSpecBuilder b) {
        Service s = h.createService(b.build());
        h.attach(reaper.loop());
        return s;
    }

    /** Writes a task of {@code s} in {@code slot} with the given states, one second after the previous one. */
    private Task task(Service s, long slot, String node, TaskState state, TaskState desired) {
        h.clock.advance(Duration.ofSeconds(1));
        Task t = Tasks.newTask(s, slot, node, h.clock.instant())
                .withStatus(Task.TaskStatus.of(h.clock.instant(), state, "x")).withDesiredState(desired);
        h.store.write(tx -> tx.create(Table.TASKS, t));
        return t;
    }

    private List<Task> history(Service s, int finished, long slot) {
        List<Task> out = new ArrayList<>();
        for (int i = 0; i < finished; i++) {
            out.add(task(s, slot, "n1", TaskState.FAILED, TaskState.SHUTDOWN));
        }
        out.add(task(s, slot, "n1", TaskState.RUNNING, TaskState.RUNNING));
        return out;
    }

    private boolean exists(Task t) {
        return h.taskExists(t.id());
    }

    @Test
    void keepsFiveTasksPerSlotByDefaultDeletingTheOldestFinished() {
        Service s = service(ServiceSpecBuilder.replicated("web", 2));
        List<Task> slot1 = history(s, 7, 1);
        List<Task> slot2 = history(s, 3, 2);
        h.settle();
        assertThat(h.tasks(s.id()).stream().filter(t -> t.slot() == 1)).hasSize(5);
        assertThat(slot1.subList(0, 3)).noneMatch(this::exists);
        assertThat(slot1.subList(3, 8)).allMatch(this::exists);
        assertThat(slot2).allMatch(this::exists);
    }

    @Test
    void theClusterSetsTheRetentionLimit() {
        h.setTaskHistoryRetention(2);
        Service s = service(ServiceSpecBuilder.replicated("web", 1));
        List<Task> slot1 = history(s, 4, 1);
        h.settle();
        assertThat(slot1).filteredOn(this::exists).containsExactly(slot1.get(3), slot1.get(4));
    }

    @Test
    void aNegativeLimitKeepsEverything() {
        h.setTaskHistoryRetention(-1);
        Service s = service(ServiceSpecBuilder.replicated("web", 1));
        List<Task> slot1 = history(s, 9, 1);
        h.settle();
        assertThat(slot1).allMatch(this::exists);
    }

    @Test
    void keepsMaxAttemptsPlusOneWhenThatIsMore() {
        Service s = service(ServiceSpecBuilder.replicated("web", 1)
                .restart(RestartCondition.ANY, Duration.ZERO, 7, Duration.ZERO));
        List<Task> slot1 = history(s, 9, 1);
        h.settle();
        assertThat(slot1).filteredOn(this::exists).hasSize(8);
    }

    @Test
    void runningTasksAreNeverPruned() {
        h.setTaskHistoryRetention(1);
        Service s = service(ServiceSpecBuilder.replicated("web", 1));
        Task a = task(s, 1, "n1", TaskState.RUNNING, TaskState.RUNNING);
        Task b = task(s, 1, "n1", TaskState.RUNNING, TaskState.SHUTDOWN); // still stopping
        Task c = task(s, 1, "n1", TaskState.PENDING, TaskState.SHUTDOWN); // never ran: may go
        h.settle();
        assertThat(exists(a)).isTrue();
        assertThat(exists(b)).isTrue();
        assertThat(exists(c)).isFalse();
    }

    @Test
    void globalServicesKeepHistoryPerNode() {
        h.setTaskHistoryRetention(2);
        Service s = service(ServiceSpecBuilder.global("agent"));
        List<Task> onN1 = new ArrayList<>();
        List<Task> onN2 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            onN1.add(task(s, 0, "n1", TaskState.FAILED, TaskState.SHUTDOWN));
            onN2.add(task(s, 0, "n2", TaskState.FAILED, TaskState.SHUTDOWN));
        }
        h.settle();
        assertThat(onN1).filteredOn(this::exists).containsExactly(onN1.get(1), onN1.get(2));
        assertThat(onN2).filteredOn(this::exists).containsExactly(onN2.get(1), onN2.get(2));
    }

    @Test
    void removedTasksGoOnceStoppedOrIfNeverAssigned() {
        Service s = service(ServiceSpecBuilder.replicated("web", 1));
        Task unassigned = task(s, 1, null, TaskState.PENDING, TaskState.REMOVE);
        Task running = task(s, 2, "n1", TaskState.RUNNING, TaskState.REMOVE);
        Task assigned = task(s, 3, "n1", TaskState.ASSIGNED, TaskState.REMOVE);
        h.settle();
        assertThat(exists(unassigned)).isFalse();
        assertThat(exists(running)).isTrue(); // its agent must stop it first
        assertThat(exists(assigned)).isTrue();

        h.report(running.id(), TaskState.SHUTDOWN, "shutdown", null);
        h.settle();
        assertThat(exists(running)).isFalse();
    }

    @Test
    void prunesInBatches() {
        Service s = service(ServiceSpecBuilder.replicated("web", 1));
        h.settle();
        history(s, 6, 1);
        // nothing yet: the reaper waits 250 ms after a change to prune many at once
        for (var l : List.of(reaper.loop())) {
            l.runPending();
        }
        assertThat(h.tasks(s.id())).hasSize(7);
        h.clock.advance(Duration.ofMillis(250));
        reaper.loop().runPending();
        assertThat(h.tasks(s.id())).hasSize(5);
    }

    @Test
    void withTheOrchestratorsHistoryStaysBounded() {
        Harness full = Harness.withOrchestration();
        full.addNode(NodeBuilder.node("n1").build());
        Service s = full.createService(ServiceSpecBuilder.replicated("web", 1)
                .restart(RestartCondition.ANY, Duration.ZERO).build());
        full.converge();
        for (int i = 0; i < 12; i++) {
            full.fail(full.running(s.id()).get(0).id());
            full.converge();
        }
        assertThat(full.tasks(s.id())).hasSize(5);
        assertThat(full.running(s.id())).hasSize(1);
    }
}
