package io.shoal.manager.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.RestartCondition;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.manager.testing.Harness;
import io.shoal.manager.testing.NodeBuilder;
import io.shoal.manager.testing.ServiceSpecBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobsOrchestratorTest {
    private final Harness h = Harness.withOrchestration();

    @BeforeEach
    void nodes() {
        h.addNode(NodeBuilder.node("n1").build());
        h.addNode(NodeBuilder.node("n2").build());
    }

    private List<Task> runningTasks(Service s) {
        return h.tasks(s.id()).stream().filter(t -> t.state() == TaskState.RUNNING).toList();
    }

    private long completed(Service s) {
        return h.tasks(s.id()).stream().filter(t -> t.state() == TaskState.COMPLETE).count();
    }

    private void completeAllRunning(Service s) {
        runningTasks(s).forEach(t -> h.complete(t.id()));
        h.converge();
    }

    @Test
    void aReplicatedJobRunsTotalCompletionsAtMostMaxConcurrentAtATime() {
        Service s = h.createService(ServiceSpecBuilder.replicatedJob("batch", 2, 5).build());
        h.converge();
        List<Task> first = runningTasks(s);
        assertThat(first).hasSize(2).allSatisfy(t -> {
            assertThat(t.desiredState()).isEqualTo(TaskState.COMPLETE);
            assertThat(t.jobIteration()).isEqualTo(Version.ZERO);
        });
        assertThat(first).extracting(Task::slot).containsExactlyInAnyOrder(0L, 1L);

        completeAllRunning(s);
        assertThat(runningTasks(s)).hasSize(2);
        completeAllRunning(s);
        assertThat(runningTasks(s)).hasSize(1);
        completeAllRunning(s);
        assertThat(runningTasks(s)).isEmpty();
        assertThat(completed(s)).isEqualTo(5);
        assertThat(h.tasks(s.id())).extracting(Task::slot).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void aFailedJobTaskIsRetriedInItsSlotButACompletedOneIsNot() {
        Service s = h.createService(ServiceSpecBuilder.replicatedJob("batch", 1, 1)
                .restart(RestartCondition.ANY, Duration.ZERO).build());
        h.converge();
        Task t = runningTasks(s).get(0);
        h.fail(t.id());
        h.converge();
        Task retry = runningTasks(s).get(0);
        assertThat(retry.id()).isNotEqualTo(t.id());
        assertThat(retry.slot()).isEqualTo(t.slot());
        assertThat(retry.desiredState()).isEqualTo(TaskState.COMPLETE);
        h.complete(retry.id());
        h.converge();
        assertThat(runningTasks(s)).isEmpty();
        assertThat(h.tasks(s.id())).hasSize(2);
    }

    @Test
    void maxAttemptsHoldAcrossALeaderChange() {
        Service s = h.createService(ServiceSpecBuilder.replicatedJob("batch", 1, 1)
                .restart(RestartCondition.ON_FAILURE, Duration.ZERO, 1, Duration.ZERO).build());
        h.converge();
        h.fail(runningTasks(s).get(0).id());
        h.converge();
        assertThat(runningTasks(s)).hasSize(1); // the one retry allowed
        h.restartLoops();
        h.fail(runningTasks(s).get(0).id());
        h.converge();
        assertThat(runningTasks(s)).isEmpty();
        assertThat(h.tasks(s.id())).hasSize(2);
    }

    @Test
    void anUpdateRunsTheJobAgainAndStopsTheOldRun() {
        Service s = h.createService(ServiceSpecBuilder.replicatedJob("batch", 2, 2).build());
        h.converge();
        Task old = runningTasks(s).get(0);
        h.complete(runningTasks(s).get(1).id());
        h.converge();

        h.updateService(s.id(), b -> b.image("busybox:2"));
        h.settle();
        assertThat(h.task(old.id()).desiredState()).isEqualTo(TaskState.REMOVE);
        h.converge();
        assertThat(h.taskExists(old.id())).isFalse(); // stopped, then deleted by the reaper
        List<Task> now = runningTasks(s);
        assertThat(now).hasSize(2).allSatisfy(t -> assertThat(t.jobIteration()).isEqualTo(new Version(1)));
    }

    @Test
    void aGlobalJobRunsOnceOnEveryNode() {
        Service s = h.createService(ServiceSpecBuilder.globalJob("setup").build());
        h.converge();
        assertThat(runningTasks(s)).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2");
        completeAllRunning(s);
        assertThat(runningTasks(s)).isEmpty();

        h.addNode(NodeBuilder.node("n3").build());
        h.converge();
        assertThat(runningTasks(s)).extracting(Task::nodeId).containsExactly("n3");
        assertThat(completed(s)).isEqualTo(2);
    }

    @Test
    void aRestartedLeaderDoesNotRunCompletedWorkAgain() {
        Service s = h.createService(ServiceSpecBuilder.replicatedJob("batch", 1, 2).build());
        h.converge();
        completeAllRunning(s);
        h.restartLoops();
        h.converge();
        assertThat(runningTasks(s)).hasSize(1);
        completeAllRunning(s);
        h.restartLoops();
        h.converge();
        assertThat(h.tasks(s.id())).hasSize(2);
        assertThat(completed(s)).isEqualTo(2);
    }
}
