package io.shoal.agent;

import static io.shoal.api.TaskState.ACCEPTED;
import static io.shoal.api.TaskState.ASSIGNED;
import static io.shoal.api.TaskState.COMPLETE;
import static io.shoal.api.TaskState.FAILED;
import static io.shoal.api.TaskState.PREPARING;
import static io.shoal.api.TaskState.READY;
import static io.shoal.api.TaskState.REJECTED;
import static io.shoal.api.TaskState.RUNNING;
import static io.shoal.api.TaskState.SHUTDOWN;
import static io.shoal.api.TaskState.STARTING;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.time.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a dispatcher and an executor in the test, on a fake clock, with all work run
 * inline: every step happens before the call that caused it returns.
 */
class AgentTest {
    static final String NODE = "node1";

    @TempDir
    Path stateDir;

    final FakeClock clock = new FakeClock();
    final FakeDispatcher dispatcher = new FakeDispatcher();
    final FakeExecutor executor = new FakeExecutor();
    final List<Agent> agents = new ArrayList<>();
    Agent agent;

    @BeforeEach
    void startAgent() {
        agent = newAgent();
        agent.start();
    }

    @AfterEach
    void closeAgents() {
        agents.forEach(Agent::close);
        // whatever happened, no task was ever reported going backwards within a session
        for (var s : dispatcher.sessions) {
            var bySession = dispatcher.reportsIn(s.sessionId());
            bySession.stream().map(r -> r.update().taskId()).distinct().forEach(id -> {
                List<TaskState> states = bySession.stream().filter(r -> r.update().taskId().equals(id))
                        .map(r -> r.update().status().state()).toList();
                assertThat(states).as("states of %s in %s", id, s.sessionId()).isSorted();
            });
        }
    }

    Agent newAgent() {
        Agent a = new Agent(NODE, () -> dispatcher, executor, clock, stateDir, "10.0.0.1",
                Runnable::run, new SplittableRandom(7));
        agents.add(a);
        return a;
    }

    static Task task(String id, String image, TaskState desired) {
        TaskSpec spec = new TaskSpec(TaskSpec.ContainerSpec.ofImage(image), null, null, null, null, null, null, null);
        return new Task(id, new Version(1), null, null, Map.of(), spec, "svc1", 1, NODE,
                Task.TaskStatus.of(Instant.parse("2026-01-01T00:00:00Z"), ASSIGNED, "scheduler assigned task to node"),
                desired, null, null, null, "web");
    }

    void flush() {
        clock.advance(Agent.FLUSH_PERIOD);
    }

    @Test
    void opensASessionWithTheNodeDescription() {
        assertThat(dispatcher.sessions).hasSize(1);
        var s = dispatcher.sessions.getFirst();
        assertThat(s.nodeId()).isEqualTo(NODE);
        assertThat(s.addr()).isEqualTo("10.0.0.1");
        assertThat(s.description()).isEqualTo(FakeExecutor.DESCRIPTION);
        assertThat(agent.connected()).isTrue();
    }

    @Test
    void heartbeatsAtThePeriodTheDispatcherGives() {
        clock.advance(Duration.ofSeconds(4));
        assertThat(dispatcher.heartbeats).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(dispatcher.heartbeats).isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(dispatcher.heartbeats).isEqualTo(3);
    }

    @Test
    void runsATaskThroughEveryStateAndReportsTheNewest() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        assertThat(executor.calls("t1")).containsExactly("controller", "prepare", "start");
        assertThat(agent.tasks()).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo(RUNNING));
        flush();

        // accepted, preparing, prepared, starting and started all happened before the flush
        assertThat(dispatcher.states("t1")).containsExactly(RUNNING);
        Task.TaskStatus running = dispatcher.last("t1");
        assertThat(running.message()).isEqualTo("started");
        assertThat(running.timestamp()).isEqualTo(clock.instant().minus(Agent.FLUSH_PERIOD));
        assertThat(running.containerStatus()).isEqualTo(new Task.ContainerStatus("c-t1", 100L, null));
        assertThat(dispatcher.statusCalls).as("one batch").isEqualTo(1);

        executor.exit("t1").complete(0);
        flush();
        Task.TaskStatus done = dispatcher.last("t1");
        assertThat(done.state()).isEqualTo(COMPLETE);
        assertThat(done.message()).isEqualTo("finished");
        assertThat(done.err()).isNull();
        assertThat(done.containerStatus().exitCode()).isZero();
    }

    @Test
    void aNonZeroExitFailsTheTaskWithItsExitCode() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        executor.exit("t1").complete(3);
        flush();
        Task.TaskStatus s = dispatcher.last("t1");
        assertThat(s.state()).isEqualTo(FAILED);
        assertThat(s.err()).isEqualTo("task: non-zero exit (3)");
        assertThat(s.containerStatus().exitCode()).isEqualTo(3L);
    }

    @Test
    void aPrepareErrorRejectsTheTaskWithTheEnginesMessage() {
        dispatcher.assign(task("t1", "reject:nosuch", RUNNING));
        flush();
        assertThat(dispatcher.states("t1")).containsExactly(REJECTED);
        assertThat(dispatcher.last("t1").err()).isEqualTo("No such image: reject:nosuch");
        assertThat(executor.calls("t1")).doesNotContain("start");
    }

    @Test
    void aTemporaryErrorIsRetriedAfterASecond() {
        dispatcher.assign(task("t1", "flaky:img", RUNNING));
        flush();
        assertThat(dispatcher.states("t1")).containsExactly(PREPARING);
        clock.advance(TaskManager.RETRY);
        flush();
        assertThat(dispatcher.states("t1")).containsExactly(PREPARING, RUNNING);
    }

    @Test
    void holdsAtReadyWhileTheDesiredStateIsReady() {
        dispatcher.assign(task("t1", "busybox", READY));
        flush();
        assertThat(dispatcher.states("t1")).containsExactly(READY);
        assertThat(executor.calls("t1")).doesNotContain("start");

        dispatcher.assign(task("t1", "busybox", RUNNING));
        flush();
        assertThat(dispatcher.states("t1")).containsExactly(READY, RUNNING);
    }

    @Test
    void desiredShutdownStopsTheTaskAndALaterExitChangesNothing() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        dispatcher.assign(task("t1", "busybox", SHUTDOWN));
        flush();
        assertThat(executor.calls("t1")).containsSubsequence("start", "shutdown");
        assertThat(dispatcher.last("t1").state()).isEqualTo(SHUTDOWN);
        assertThat(dispatcher.last("t1").message()).isEqualTo("shutdown");
        assertThat(executor.calls("t1")).doesNotContain("remove");
    }

    @Test
    void aLowerDesiredStateIsIgnored() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        dispatcher.assign(task("t1", "busybox", SHUTDOWN));
        dispatcher.assign(task("t1", "busybox", RUNNING));
        flush();
        assertThat(executor.calls("t1").stream().filter("start"::equals)).hasSize(1);
        assertThat(agent.tasks()).singleElement().satisfies(t -> {
            assertThat(t.desiredState()).isEqualTo(SHUTDOWN);
            assertThat(t.state()).isEqualTo(SHUTDOWN);
        });
    }

    @Test
    void desiredRemoveStopsAndRemovesTheContainer() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        dispatcher.assign(task("t1", "busybox", TaskState.REMOVE));
        flush();
        assertThat(executor.calls("t1")).containsSubsequence("start", "shutdown", "remove");
        assertThat(dispatcher.last("t1").state()).isEqualTo(SHUTDOWN);
    }

    @Test
    void aTaskNotYetAcceptedIsShutDownWithoutAContainer() {
        dispatcher.assign(task("t1", "busybox", SHUTDOWN));
        flush();
        assertThat(dispatcher.states("t1")).containsExactly(SHUTDOWN);
        assertThat(executor.calls("t1")).isEmpty();
    }

    @Test
    void anUnassignedTaskIsStoppedRemovedAndForgotten() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        dispatcher.unassign("t1");
        assertThat(executor.calls("t1")).containsSubsequence("start", "remove", "close"); // remove stops it first
        assertThat(executor.exit("t1")).isCompleted();
        assertThat(agent.tasks()).isEmpty();
        assertThat(stateDir.resolve("tasks/t1.json")).doesNotExist();
    }

    @Test
    void tasksRunInParallelAndTheirReportsShareABatch() {
        dispatcher.assign(task("t1", "busybox", RUNNING), task("t2", "busybox", RUNNING));
        flush();
        assertThat(dispatcher.statusCalls).isEqualTo(1);
        assertThat(dispatcher.states("t1")).endsWith(RUNNING);
        assertThat(dispatcher.states("t2")).endsWith(RUNNING);
    }

    @Test
    void reconnectsWithBackoffAfterTheDispatcherIsUnavailable() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        flush();
        dispatcher.down = true;
        clock.advance(Duration.ofSeconds(5)); // the heartbeat fails
        assertThat(agent.connected()).isFalse();

        // while down, attempts back off up to 8 s apart: far fewer than one per 100 ms
        int before = dispatcher.sessions.size();
        clock.advance(Duration.ofSeconds(60));
        assertThat(dispatcher.sessions).hasSize(before);
        dispatcher.down = false;
        clock.advance(Backoff.MAX);
        assertThat(agent.connected()).isTrue();
        assertThat(dispatcher.sessions).hasSize(2);
    }

    @Test
    void backoffDoublesUpToEightSeconds() {
        Backoff b = new Backoff(new SplittableRandom(1));
        List<Duration> bounds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Duration wait = b.next();
            assertThat(wait).isLessThan(b.bound());
            bounds.add(b.bound());
        }
        assertThat(bounds).extracting(Duration::toMillis)
                .containsExactly(100L, 300L, 700L, 1500L, 3100L, 6300L, 8000L, 8000L);
        b.reset();
        b.next();
        assertThat(b.bound()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void keepsTryingToOpenTheFirstSession() {
        agent.close();
        dispatcher.down = true;
        Agent a = newAgent();
        a.start();
        assertThat(a.connected()).isFalse();
        clock.advance(Duration.ofSeconds(30));
        dispatcher.down = false;
        clock.advance(Backoff.MAX);
        assertThat(a.connected()).isTrue();
    }

    @Test
    void reReportsEveryTaskWhenANewSessionOpens() {
        dispatcher.assign(task("t1", "busybox", RUNNING), task("t2", "busybox", RUNNING));
        executor.exit("t2").complete(0);
        flush();
        dispatcher.endSession("dispatcher stopped");
        assertThat(agent.connected()).isFalse();
        clock.advance(Backoff.MAX);
        assertThat(dispatcher.sessions).hasSize(2);
        var again = dispatcher.reportsIn("s2");
        assertThat(again).extracting(r -> r.update().taskId() + "=" + r.update().status().state().wire())
                .containsExactlyInAnyOrder("t1=running", "t2=complete");
    }

    @Test
    void statusReportsMadeWhileDisconnectedAreSentAfterReconnecting() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        flush();
        dispatcher.down = true;
        executor.exit("t1").complete(0);
        flush(); // fails: the session is broken
        dispatcher.down = false;
        clock.advance(Backoff.MAX);
        flush();
        assertThat(dispatcher.last("t1").state()).isEqualTo(COMPLETE);
    }

    @Test
    void aStatusReportTheManagerIsTooSlowForIsSentAgainOnTheSameSession() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        flush();
        dispatcher.slowStatusCalls = 2;
        executor.exit("t1").complete(0);
        flush(); // times out twice: kept
        flush();
        assertThat(agent.connected()).isTrue();
        flush();
        assertThat(dispatcher.sessions).hasSize(1);
        assertThat(dispatcher.reportsIn("s1")).extracting(r -> r.update().status().state()).contains(COMPLETE);
    }

    @Test
    void aCompleteAssignmentRemovesTasksItDoesNotName() {
        dispatcher.assign(task("t1", "busybox", RUNNING), task("t2", "busybox", RUNNING));
        dispatcher.assigned.remove("t2"); // the next session's complete assignment lacks it
        dispatcher.endSession("leader changed");
        clock.advance(Backoff.MAX);

        assertThat(executor.calls("t2")).containsSubsequence("start", "remove");
        assertThat(executor.calls("t1")).doesNotContain("shutdown", "remove");
        assertThat(agent.tasks()).extracting(Task::id).containsExactly("t1");
    }

    @Test
    void assignmentsFromAnOldSessionAreIgnored() {
        var old = dispatcher.listener();
        dispatcher.endSession("gone");
        clock.advance(Backoff.MAX);
        old.onAssignments(new Assignments(false, List.of(task("t9", "busybox", RUNNING)), List.of()));
        assertThat(agent.tasks()).isEmpty();
    }

    @Test
    void aRestartedAgentReadoptsRunningTasksWithoutStartingThemAgain() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        flush();
        agent.close();
        executor.calls.clear();

        Agent again = newAgent();
        again.start();
        flush();
        assertThat(again.tasks()).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo(RUNNING));
        assertThat(executor.calls("t1")).doesNotContain("prepare", "start");
        // the new session hears it is running, and its exit is still watched
        assertThat(dispatcher.reportsIn("s2")).extracting(r -> r.update().status().state()).containsExactly(RUNNING);
        executor.exit("t1").complete(0);
        flush();
        assertThat(dispatcher.last("t1").state()).isEqualTo(COMPLETE);
    }

    @Test
    void closingLeavesTasksRunningAndEndsTheSession() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        agent.close();
        agent.close();
        assertThat(executor.calls("t1")).doesNotContain("shutdown", "remove");
        assertThat(dispatcher.closed).containsExactly("s1");
        int beats = dispatcher.heartbeats;
        clock.advance(Duration.ofMinutes(1));
        assertThat(dispatcher.heartbeats).isEqualTo(beats);
    }

    @Test
    void closingSendsWhatIsStillPending() {
        dispatcher.assign(task("t1", "busybox", RUNNING));
        agent.close();
        assertThat(dispatcher.last("t1").state()).isEqualTo(RUNNING);
    }

    @Test
    void startIsIdempotent() {
        agent.start();
        assertThat(dispatcher.sessions).hasSize(1);
    }

    @Test
    void streamsLogsFromTheExecutor() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        agent.stream(task("t1", "busybox", RUNNING), new LogOptions(false, true, true, null, null, false),
                (stream, at, text) -> lines.add(text));
        assertThat(lines).containsExactly("log of t1");
    }
}
