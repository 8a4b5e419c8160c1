package io.shoal.manager.orchestrator.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.FailureAction;
import io.shoal.api.RestartCondition;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.UpdateOrder;
import io.shoal.api.UpdateState;
import io.shoal.manager.testing.Harness;
import io.shoal.manager.testing.NodeBuilder;
import io.shoal.manager.testing.ServiceSpecBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rolling updates and rollbacks, driven through the replicated and global orchestrators. */
class UpdaterTest {
    private static final Duration MONITOR = Duration.ofSeconds(5);
    private final Harness h = Harness.withOrchestration();

    @BeforeEach
    void nodes() {
        for (int i = 1; i <= 3; i++) {
            h.addNode(NodeBuilder.node("n" + i).build());
        }
    }

    private Service service(long replicas, long parallelism, Duration delay, FailureAction action, double ratio,
            UpdateOrder order) {
        Service s = h.createService(ServiceSpecBuilder.replicated("web", replicas)
                .restart(RestartCondition.NONE, Duration.ZERO)
                .update(parallelism, delay, action, MONITOR, ratio, order)
                .rollbackConfig(parallelism, delay, FailureAction.PAUSE, MONITOR, 0, order)
                .build());
        h.converge();
        assertThat(h.running(s.id())).hasSize((int) replicas);
        return s;
    }

    private Service update(Service s, String image) {
        return h.updateService(s.id(), b -> b.image(image));
    }

    private List<Task> active(Service s, String image) {
        return h.active(s.id()).stream().filter(t -> t.spec().containerSpec().image().equals(image)).toList();
    }

    private List<Task> running(Service s, String image) {
        return h.running(s.id()).stream().filter(t -> t.spec().containerSpec().image().equals(image)).toList();
    }

    /** Lets the first slot's new task be started, and fails it as it starts. Returns it. */
    private Task failFirstNewTask(Service s, String image) {
        h.settle();
        h.agentStep(); // the old task stops, the new one is prepared
        h.settle();    // ...and may now start
        Task first = active(s, image).get(0);
        assertThat(first.desiredState()).isEqualTo(TaskState.RUNNING);
        h.fail(first.id());
        h.converge();
        return first;
    }

    private UpdateState state(Service s) {
        Service.UpdateStatus u = h.service(s.id()).updateStatus();
        return u == null ? null : u.state();
    }

    @Test
    void stopFirstReplacesOneSlotAtATimeAndCompletesAfterTheMonitorPeriod() {
        Service s = service(3, 1, Duration.ZERO, FailureAction.PAUSE, 0, UpdateOrder.STOP_FIRST);
        update(s, "busybox:2");
        h.settle();
        Service.UpdateStatus u = h.service(s.id()).updateStatus();
        assertThat(u.state()).isEqualTo(UpdateState.UPDATING);
        assertThat(u.message()).isEqualTo("update in progress");
        assertThat(u.startedAt()).isEqualTo(h.clock.instant());

        // one slot at a time: its old task is told to stop, the new one waits until it has
        List<Task> fresh = active(s, "busybox:2");
        assertThat(fresh).hasSize(1);
        Task next = fresh.get(0);
        assertThat(next.desiredState()).isEqualTo(TaskState.READY);
        Task old = h.tasks(s.id()).stream().filter(t -> t.slot() == next.slot() && !t.id().equals(next.id()))
                .findFirst().orElseThrow();
        assertThat(old.desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(running(s, "busybox:latest")).hasSize(2);

        // never two running tasks in a slot: step the agents and check after every step
        for (int i = 0; i < 50 && h.agentStep(); i++) {
            h.settle();
            Map<Long, Long> runningPerSlot = h.tasks(s.id()).stream().filter(t -> t.state() == TaskState.RUNNING)
                    .collect(Collectors.groupingBy(Task::slot, Collectors.counting()));
            assertThat(runningPerSlot.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
        }
        assertThat(running(s, "busybox:2")).hasSize(3);
        assertThat(state(s)).isEqualTo(UpdateState.UPDATING); // the last task has not run for Monitor yet

        h.advance(MONITOR.minusMillis(1));
        assertThat(state(s)).isEqualTo(UpdateState.UPDATING);
        h.advance(Duration.ofMillis(1));
        u = h.service(s.id()).updateStatus();
        assertThat(u.state()).isEqualTo(UpdateState.COMPLETED);
        assertThat(u.message()).isEqualTo("update completed");
        assertThat(u.completedAt()).isEqualTo(h.clock.instant());
        assertThat(u.startedAt()).isBefore(u.completedAt());
    }

    @Test
    void startFirstStartsTheNewTaskBeforeStoppingTheOld() {
        Service s = service(2, 1, Duration.ZERO, FailureAction.PAUSE, 0, UpdateOrder.START_FIRST);
        update(s, "busybox:2");
        h.settle();
        Task next = active(s, "busybox:2").get(0);
        assertThat(next.desiredState()).isEqualTo(TaskState.RUNNING);
        assertThat(running(s, "busybox:latest")).hasSize(2); // the old one keeps running meanwhile

        h.agentStep(); // the new task runs
        h.settle();
        Task old = h.tasks(s.id()).stream().filter(t -> t.slot() == next.slot() && !t.id().equals(next.id()))
                .findFirst().orElseThrow();
        assertThat(old.desiredState()).isEqualTo(TaskState.SHUTDOWN);
        h.converge();
        assertThat(running(s, "busybox:2")).hasSize(2);
        assertThat(h.running(s.id())).hasSize(2);
    }

    @Test
    void parallelismZeroUpdatesAllSlotsAtOnce() {
        Service s = service(3, 0, Duration.ZERO, FailureAction.PAUSE, 0, UpdateOrder.STOP_FIRST);
        update(s, "busybox:2");
        h.settle();
        assertThat(active(s, "busybox:2")).hasSize(3);
    }

    @Test
    void parallelismTwoUpdatesTwoSlotsAtATime() {
        Service s = service(3, 2, Duration.ZERO, FailureAction.PAUSE, 0, UpdateOrder.STOP_FIRST);
        update(s, "busybox:2");
        h.settle();
        assertThat(active(s, "busybox:2")).hasSize(2);
        h.converge();
        assertThat(running(s, "busybox:2")).hasSize(3);
    }

    @Test
    void theDelayIsWaitedAfterEachSlot() {
        Service s = service(2, 1, Duration.ofSeconds(10), FailureAction.PAUSE, 0, UpdateOrder.STOP_FIRST);
        update(s, "busybox:2");
        h.converge();
        assertThat(running(s, "busybox:2")).hasSize(1);
        h.advance(Duration.ofSeconds(9));
        h.converge();
        assertThat(running(s, "busybox:2")).hasSize(1);
        h.advance(Duration.ofSeconds(1));
        h.converge();
        assertThat(running(s, "busybox:2")).hasSize(2);
    }

    @Test
    void theLastBatchIsWatchedForTheMonitorPeriodAfterItsDelay() {
        Service s = service(1, 1, Duration.ofSeconds(2), FailureAction.PAUSE, 0, UpdateOrder.STOP_FIRST);
        update(s, "busybox:2");
        h.converge();
        assertThat(running(s, "busybox:2")).hasSize(1);
        h.advance(Duration.ofSeconds(2)); // the worker's delay after the slot
        h.converge();
        h.advance(MONITOR.minusMillis(1));
        h.converge();
        assertThat(state(s)).isEqualTo(UpdateState.UPDATING);
        h.advance(Duration.ofMillis(1));
        h.converge();
        assertThat(state(s)).isEqualTo(UpdateState.COMPLETED);
    }

    @Test
    void aDelayNoShorterThanTheMonitorPeriodIsWatchedForTheDelayPlusOneSecond() {
        Service s = service(1, 1, Duration.ofSeconds(10), FailureAction.PAUSE, 0, UpdateOrder.STOP_FIRST);
        update(s, "busybox:2");
        h.converge();
        h.advance(Duration.ofSeconds(10)); // the delay after the slot
        h.converge();
        h.advance(Duration.ofSeconds(11).minusMillis(1)); // SwarmKit: delay + 1 s, not the 5 s monitor
        h.converge();
        assertThat(state(s)).isEqualTo(UpdateState.UPDATING);
        h.advance(Duration.ofMillis(1));
        h.converge();
        assertThat(state(s)).isEqualTo(UpdateState.COMPLETED);
    }

    @Test
    void theLongerFinalWindowIsAlsoTheFailureWindow() {
        Service s = service(1, 1, Duration.ofSeconds(10), FailureAction.PAUSE, 0, UpdateOrder.STOP_FIRST);
        update(s, "busybox:2");
        h.converge();
        Task fresh = running(s, "busybox:2").get(0);
        h.advance(Duration.ofSeconds(10));
        h.converge();
        h.advance(Duration.ofMillis(500));
        // 10.5 s after it started running: past the 5 s monitor, within delay + 1 s, so still a failure
        h.fail(fresh.id());
        h.converge();
        assertThat(state(s)).isEqualTo(UpdateState.PAUSED);
    }

    @Test
    void theFinalMonitorPeriodIsTheLongerOfMonitorAndDelayPlusOneSecond() {
        assertThat(Updater.finalMonitor(Duration.ofSeconds(5), Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Updater.finalMonitor(Duration.ofSeconds(5), Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(5));
        assertThat(Updater.finalMonitor(Duration.ofSeconds(5), Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(6));
        assertThat(Updater.finalMonitor(Duration.ofSeconds(1), Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(31));
    }

    @Test
    void aFailedTaskPausesTheUpdate() {
        Service s = service(3, 1, Duration.ZERO, FailureAction.PAUSE, 0, UpdateOrder.STOP_FIRST);
        update(s, "busybox:bad");
        Task first = failFirstNewTask(s, "busybox:bad");
        Service.UpdateStatus u = h.service(s.id()).updateStatus();
        assertThat(u.state()).isEqualTo(UpdateState.PAUSED);
        assertThat(u.message()).isEqualTo("update paused due to failure or early termination of task " + first.id());
        h.advance(Duration.ofMinutes(1));
        h.converge();
        assertThat(h.tasks(s.id()).stream().filter(t -> t.spec().containerSpec().image().equals("busybox:bad")))
                .hasSize(1); // no further slot was touched
        assertThat(running(s, "busybox:latest")).hasSize(2);

        // a new spec resumes updating
        update(s, "busybox:3");
        h.settle();
        assertThat(state(s)).isEqualTo(UpdateState.UPDATING);
        h.converge();
        h.advance(MONITOR);
        assertThat(running(s, "busybox:3")).hasSize(3); // the failed slot's task is outdated too: replaced
        assertThat(state(s)).isEqualTo(UpdateState.COMPLETED);
    }

    @Test
    void aFailedTaskRollsTheUpdateBack() {
        Service s = service(3, 1, Duration.ZERO, FailureAction.ROLLBACK, 0, UpdateOrder.STOP_FIRST);
        Service before = h.service(s.id());
        update(s, "busybox:bad");
        h.settle();
        h.agentStep();
        h.settle();
        Task first = active(s, "busybox:bad").get(0);
        h.fail(first.id());
        h.settle();
        Service rolling = h.service(s.id());
        assertThat(rolling.updateStatus().state()).isEqualTo(UpdateState.ROLLBACK_STARTED);
        assertThat(rolling.updateStatus().message())
                .isEqualTo("update rolled back due to failure or early termination of task " + first.id());
        assertThat(rolling.spec()).isEqualTo(before.spec());
        assertThat(rolling.previousSpec()).isNull();

        h.converge();
        h.advance(MONITOR);
        h.converge();
        Service done = h.service(s.id());
        assertThat(done.updateStatus().state()).as(h.dump(s.id())).isEqualTo(UpdateState.ROLLBACK_COMPLETED);
        assertThat(done.updateStatus().message()).isEqualTo("rollback completed");
        assertThat(running(s, "busybox:latest")).as(h.dump(s.id())).hasSize(3);
    }

    @Test
    void aFailingRollbackPauses() {
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 2)
                .restart(RestartCondition.NONE, Duration.ZERO)
                .update(1, Duration.ZERO, FailureAction.PAUSE, MONITOR, 0, UpdateOrder.STOP_FIRST)
                .rollbackConfig(1, Duration.ZERO, FailureAction.ROLLBACK, MONITOR, 0, UpdateOrder.STOP_FIRST)
                .build());
        h.converge();
        update(s, "busybox:2");
        h.converge();
        h.advance(MONITOR);
        assertThat(state(s)).isEqualTo(UpdateState.COMPLETED);

        h.rollback(s.id());
        h.settle();
        assertThat(h.service(s.id()).updateStatus().message()).isEqualTo("manually requested rollback");
        Task rolledBack = failFirstNewTask(s, "busybox:latest");
        Service.UpdateStatus u = h.service(s.id()).updateStatus();
        assertThat(u.state()).isEqualTo(UpdateState.ROLLBACK_PAUSED);
        assertThat(u.message()).isEqualTo("rollback paused due to failure or early termination of task " + rolledBack.id());
    }

    @Test
    void aManualRollbackUsesTheRollbackConfigAndCompletes() {
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 3)
                .update(1, Duration.ZERO, FailureAction.PAUSE, MONITOR, 0, UpdateOrder.STOP_FIRST)
                .rollbackConfig(0, Duration.ZERO, FailureAction.PAUSE, MONITOR, 0, UpdateOrder.STOP_FIRST)
                .build());
        h.converge();
        update(s, "busybox:2");
        h.converge();
        h.advance(MONITOR);
        h.rollback(s.id());
        h.settle();
        assertThat(active(s, "busybox:latest")).hasSize(3); // rollback parallelism 0: all at once
        h.converge();
        assertThat(state(s)).isEqualTo(UpdateState.ROLLBACK_STARTED);
        h.advance(MONITOR);
        Service.UpdateStatus u = h.service(s.id()).updateStatus();
        assertThat(u.state()).isEqualTo(UpdateState.ROLLBACK_COMPLETED);
        assertThat(u.completedAt()).isNotNull();
        assertThat(running(s, "busybox:latest")).hasSize(3);
    }

    @Test
    void continueIgnoresFailures() {
        Service s = service(3, 1, Duration.ZERO, FailureAction.CONTINUE, 0, UpdateOrder.STOP_FIRST);
        update(s, "busybox:2");
        failFirstNewTask(s, "busybox:2");
        h.converge();
        h.advance(MONITOR);
        h.converge();
        assertThat(state(s)).isEqualTo(UpdateState.COMPLETED);
        assertThat(running(s, "busybox:2")).as(h.dump(s.id())).hasSize(2);
    }

    @Test
    void failuresUpToTheMaxFailureRatioAreTolerated() {
        Service s = service(3, 1, Duration.ZERO, FailureAction.PAUSE, 0.5, UpdateOrder.STOP_FIRST);
        update(s, "busybox:2");
        failFirstNewTask(s, "busybox:2"); // 1 of 3 = 0.33: tolerated
        assertThat(state(s)).isEqualTo(UpdateState.UPDATING);
        h.fail(running(s, "busybox:2").get(0).id()); // 2 of 3 = 0.67: too many
        h.converge();
        assertThat(state(s)).isEqualTo(UpdateState.PAUSED);
    }

    @Test
    void aTaskFailingAfterItsMonitorPeriodIsNotAnUpdateFailure() {
        Service s = service(2, 1, Duration.ZERO, FailureAction.PAUSE, 0, UpdateOrder.STOP_FIRST);
        h.updateService(s.id(), b -> b.image("busybox:2").update(1, Duration.ofSeconds(30), FailureAction.PAUSE,
                MONITOR, 0, UpdateOrder.STOP_FIRST));
        h.converge();
        Task first = running(s, "busybox:2").get(0);
        h.advance(MONITOR.plusSeconds(1));
        h.fail(first.id());
        h.converge();
        assertThat(state(s)).isEqualTo(UpdateState.UPDATING);
    }

    @Test
    void anUpdateGoesOnWhenTheNodeOfItsNewTaskGoesDown() {
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 2)
                .update(1, Duration.ZERO, FailureAction.PAUSE, MONITOR, 0, UpdateOrder.STOP_FIRST).build());
        h.converge();
        update(s, "busybox:2");
        h.settle();
        Task fresh = active(s, "busybox:2").get(0);
        h.setNodeState(fresh.nodeId(), io.shoal.api.NodeState.DOWN);
        h.converge();
        h.advance(Duration.ofSeconds(10)); // the restart delay of the replaced tasks
        h.converge();
        h.advance(MONITOR);
        h.converge();
        assertThat(running(s, "busybox:2")).hasSize(2);
        assertThat(state(s)).isEqualTo(UpdateState.COMPLETED);
    }

    @Test
    void scalingAloneDoesNotStartAnUpdate() {
        Service s = service(2, 1, Duration.ZERO, FailureAction.PAUSE, 0, UpdateOrder.STOP_FIRST);
        h.scale(s.id(), 3);
        h.converge();
        h.advance(MONITOR);
        assertThat(h.service(s.id()).updateStatus()).isNull();
        assertThat(h.running(s.id())).hasSize(3);
    }

    @Test
    void globalServicesUpdateNodeByNode() {
        Service s = h.createService(ServiceSpecBuilder.global("agent")
                .update(1, Duration.ZERO, FailureAction.PAUSE, MONITOR, 0, UpdateOrder.STOP_FIRST).build());
        h.converge();
        assertThat(h.running(s.id())).hasSize(3);
        h.updateService(s.id(), b -> b.image("busybox:2"));
        h.settle();
        assertThat(active(s, "busybox:2")).hasSize(1);
        assertThat(active(s, "busybox:2").get(0).nodeId()).isNotNull();
        h.converge();
        h.advance(MONITOR);
        assertThat(running(s, "busybox:2")).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2", "n3");
        assertThat(state(s)).isEqualTo(UpdateState.COMPLETED);
    }
}
