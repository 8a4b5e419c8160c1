package io.shoal.manager.orchestrator.restart;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeState;
import io.shoal.api.RestartCondition;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.manager.testing.Harness;
import io.shoal.manager.testing.NodeBuilder;
import io.shoal.manager.testing.ServiceSpecBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The restart policy, as the replicated orchestrator applies it through the restart supervisor. */
class RestartSupervisorTest {
    private final Harness h = Harness.withOrchestration();

    @BeforeEach
    void nodes() {
        h.addNode(NodeBuilder.node("n1").build());
        h.addNode(NodeBuilder.node("n2").build());
    }

    private Service service(RestartCondition condition, Duration delay, long maxAttempts, Duration window) {
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 1)
                .restart(condition, delay, maxAttempts, window).build());
        h.converge();
        assertThat(h.running(s.id())).hasSize(1);
        return s;
    }

    private Task runningTask(Service s) {
        List<Task> running = h.running(s.id());
        assertThat(running).hasSize(1);
        return running.get(0);
    }

    /** Fails the running task and lets everything happen, including the restart delay. */
    private void failAndWait(Service s) {
        h.fail(runningTask(s).id());
        h.converge();
        h.advance(Duration.ofSeconds(1));
        h.converge();
    }

    @Test
    void conditionNoneNeverRestarts() {
        Service s = service(RestartCondition.NONE, Duration.ZERO, 0, Duration.ZERO);
        Task t = runningTask(s);
        h.complete(t.id());
        h.converge();
        assertThat(h.tasks(s.id())).hasSize(1);
        assertThat(h.task(t.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(h.running(s.id())).isEmpty();
    }

    @Test
    void conditionOnFailureRestartsFailedTasksOnly() {
        Service s = service(RestartCondition.ON_FAILURE, Duration.ZERO, 0, Duration.ZERO);
        failAndWait(s);
        assertThat(h.tasks(s.id())).hasSize(2);
        assertThat(h.running(s.id())).hasSize(1);

        h.complete(runningTask(s).id());
        h.converge();
        assertThat(h.tasks(s.id())).hasSize(2); // exit 0: done, not replaced
        assertThat(h.running(s.id())).isEmpty();
    }

    @Test
    void conditionAnyRestartsCompletedTasksToo() {
        Service s = service(RestartCondition.ANY, Duration.ZERO, 0, Duration.ZERO);
        h.complete(runningTask(s).id());
        h.converge();
        assertThat(h.tasks(s.id())).hasSize(2);
        assertThat(h.running(s.id())).hasSize(1);
    }

    @Test
    void replacementStartsAfterTheRestartDelay() {
        Service s = service(RestartCondition.ANY, Duration.ofSeconds(10), 0, Duration.ZERO);
        h.fail(runningTask(s).id());
        h.converge();
        Task replacement = h.active(s.id()).get(0);
        assertThat(replacement.desiredState()).isEqualTo(TaskState.READY);
        assertThat(replacement.state()).isEqualTo(TaskState.READY); // prepared, held

        h.advance(Duration.ofMillis(9_999));
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.READY);
        h.advance(Duration.ofMillis(1));
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
        h.converge();
        assertThat(runningTask(s).id()).isEqualTo(replacement.id());
    }

    @Test
    void maxAttemptsLimitsRestartsPerSlot() {
        Service s = service(RestartCondition.ANY, Duration.ZERO, 2, Duration.ZERO);
        failAndWait(s);
        failAndWait(s);
        assertThat(h.running(s.id())).hasSize(1);
        failAndWait(s); // a third restart is not allowed
        assertThat(h.running(s.id())).isEmpty();
        assertThat(h.tasks(s.id())).hasSize(3);
    }

    @Test
    void maxAttemptsCountOnlyRestartsWithinTheWindow() {
        Service s = service(RestartCondition.ANY, Duration.ZERO, 1, Duration.ofSeconds(30));
        failAndWait(s);
        assertThat(h.running(s.id())).hasSize(1);
        h.advance(Duration.ofSeconds(31)); // the first restart leaves the window
        failAndWait(s);
        assertThat(h.running(s.id())).hasSize(1);
        failAndWait(s); // a second one within 30 s is one too many
        assertThat(h.running(s.id())).isEmpty();
    }

    @Test
    void aSpecChangeResetsTheAttempts() {
        Service s = service(RestartCondition.ANY, Duration.ZERO, 1, Duration.ZERO);
        failAndWait(s);
        failAndWait(s);
        assertThat(h.running(s.id())).isEmpty();

        h.updateService(s.id(), b -> b.image("busybox:2"));
        h.converge();
        assertThat(h.running(s.id())).hasSize(1);
        failAndWait(s);
        assertThat(h.running(s.id())).hasSize(1);
    }

    @Test
    void restartHistoryIsRebuiltFromTasksAfterALeaderChange() {
        Service s = service(RestartCondition.ANY, Duration.ZERO, 2, Duration.ZERO);
        failAndWait(s);
        h.restartLoops(); // a new leader: the in-memory history is gone
        failAndWait(s);
        assertThat(h.running(s.id())).hasSize(1);
        failAndWait(s);
        assertThat(h.running(s.id())).isEmpty(); // two restarts counted, one before the change
    }

    @Test
    void aDelayedStartLostWithTheLeaderIsResumed() {
        Service s = service(RestartCondition.ANY, Duration.ofSeconds(10), 0, Duration.ZERO);
        h.fail(runningTask(s).id());
        h.converge();
        Task replacement = h.active(s.id()).get(0);
        h.advance(Duration.ofSeconds(4));
        h.restartLoops();
        h.advance(Duration.ofSeconds(5));
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.READY);
        h.advance(Duration.ofSeconds(2));
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void aFailedTaskLeftByTheOldLeaderIsRestarted() {
        Service s = service(RestartCondition.ANY, Duration.ZERO, 0, Duration.ZERO);
        Task t = runningTask(s);
        h.stop(); // no leader while the task fails
        h.fail(t.id());
        h.restartLoops();
        h.converge();
        assertThat(h.task(t.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(h.running(s.id())).hasSize(1);
    }

    @Test
    void theReplacementOfATaskOnADrainedNodeWaitsForItToStop() {
        Service s = service(RestartCondition.ANY, Duration.ofSeconds(5), 0, Duration.ZERO);
        Task old = runningTask(s);
        h.setAvailability(old.nodeId(), NodeAvailability.DRAIN);
        h.settle();
        Task replacement = h.active(s.id()).get(0);
        assertThat(replacement.nodeId()).isNotEqualTo(old.nodeId());
        assertThat(replacement.desiredState()).isEqualTo(TaskState.READY); // no delay, but the old one still runs
        assertThat(h.task(old.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);

        h.report(old.id(), TaskState.SHUTDOWN, "shutdown", null);
        h.settle();
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void theReplacementStartsAnywayIfTheOldTaskNeverStops() {
        Service s = service(RestartCondition.ANY, Duration.ZERO, 0, Duration.ZERO);
        Task old = runningTask(s);
        h.setAvailability(old.nodeId(), NodeAvailability.DRAIN);
        h.settle();
        Task replacement = h.active(s.id()).get(0);
        h.advance(Duration.ofSeconds(59));
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.READY);
        h.advance(Duration.ofSeconds(1));
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void theReplacementOfATaskOnADownNodeStartsWithoutTheRestartDelay() {
        Service s = service(RestartCondition.ANY, Duration.ofSeconds(5), 0, Duration.ZERO);
        Task old = runningTask(s);
        h.setNodeState(old.nodeId(), NodeState.DOWN);
        h.settle(); // no time passes
        Task replacement = h.active(s.id()).get(0);
        assertThat(replacement.id()).isNotEqualTo(old.id());
        assertThat(replacement.nodeId()).isNotEqualTo(old.nodeId());
        assertThat(replacement.desiredState()).isEqualTo(TaskState.RUNNING); // not a crash loop: no delay
        assertThat(h.task(old.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        h.converge();
        assertThat(runningTask(s).id()).isEqualTo(replacement.id());
    }

    @Test
    void theReplacementOfATaskOnARemovedNodeStartsWithoutTheRestartDelay() {
        Service s = service(RestartCondition.ANY, Duration.ofSeconds(5), 0, Duration.ZERO);
        Task old = runningTask(s);
        h.removeNode(old.nodeId());
        h.settle();
        Task replacement = h.active(s.id()).get(0);
        assertThat(replacement.id()).isNotEqualTo(old.id());
        assertThat(replacement.desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void aTaskThatFailedItselfKeepsItsDelayEvenIfItsNodeThenWentDown() {
        Service s = service(RestartCondition.ANY, Duration.ofSeconds(5), 0, Duration.ZERO);
        Task old = runningTask(s);
        h.stop(); // the failure and the node loss reach the orchestrator together
        h.fail(old.id());
        h.setNodeState(old.nodeId(), NodeState.DOWN);
        h.restartLoops();
        Task replacement = h.active(s.id()).get(0);
        assertThat(replacement.desiredState()).isEqualTo(TaskState.READY);
        h.advance(Duration.ofMillis(4_999));
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.READY);
        h.advance(Duration.ofMillis(1));
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void aCrashingReplacementOfALostNodesTaskGetsTheDelayAgain() {
        Service s = service(RestartCondition.ANY, Duration.ofSeconds(5), 0, Duration.ZERO);
        h.setNodeState(runningTask(s).nodeId(), NodeState.DOWN);
        h.converge();
        Task moved = runningTask(s);
        h.fail(moved.id());
        h.settle();
        Task replacement = h.active(s.id()).get(0);
        assertThat(replacement.desiredState()).isEqualTo(TaskState.READY);
        h.advance(Duration.ofSeconds(5));
        assertThat(h.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }
}
