package io.shoal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shoal.agent.exec.process.ProcessExecutor;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.time.SystemClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole agent with the process executor: real processes, a dispatcher in the test. */
class ProcessAgentIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;

    final SystemClock clock = new SystemClock();
    final FakeDispatcher dispatcher = new FakeDispatcher();
    Agent agent;

    @BeforeEach
    void start() {
        agent = new Agent("node1", () -> dispatcher, new ProcessExecutor(stateDir, "host1", clock), clock, stateDir,
                "127.0.0.1");
        agent.start();
        await().atMost(WAIT).until(agent::connected);
    }

    @AfterEach
    void stop() {
        for (Task t : agent.tasks()) {
            dispatcher.unassign(t.id());
        }
        await().atMost(WAIT).until(() -> agent.tasks().isEmpty());
        agent.close();
        clock.close();
    }

    static Task task(String id, String script) {
        var spec = TaskSpec.ContainerSpec.ofImage("none").withCommand(List.of("sh", "-c"), List.of(script))
                .withStopGracePeriod(Duration.ofSeconds(5).toNanos());
        return new Task(id, new Version(1), null, null, Map.of(), new TaskSpec(spec, null, null, null, null, null,
                null, null), "svc", 1, "node1", Task.TaskStatus.of(Instant.now(), TaskState.ASSIGNED, "assigned"),
                TaskState.RUNNING, null, null, null);
    }

    Task.TaskStatus awaitState(String id, TaskState state) {
        await().atMost(WAIT).until(() -> dispatcher.last(id) != null && dispatcher.last(id).state() == state);
        return dispatcher.last(id);
    }

    @Test
    void exitZeroCompletesAndExitThreeFails() {
        dispatcher.assign(task("ok", "echo fine"), task("bad", "exit 3"));
        Task.TaskStatus ok = awaitState("ok", TaskState.COMPLETE);
        assertThat(ok.containerStatus().exitCode()).isZero();
        Task.TaskStatus bad = awaitState("bad", TaskState.FAILED);
        assertThat(bad.err()).isEqualTo("task: non-zero exit (3)");
        assertThat(bad.containerStatus().exitCode()).isEqualTo(3L);
    }

    @Test
    void noCommandIsRejected() {
        Task t = task("t1", "x");
        var spec = new TaskSpec(TaskSpec.ContainerSpec.ofImage("none"), null, null, null, null, null, null, null);
        dispatcher.assign(new Task(t.id(), t.version(), null, null, Map.of(), spec, "svc", 1, "node1", t.status(),
                TaskState.RUNNING, null, null, null));
        assertThat(awaitState("t1", TaskState.REJECTED).err()).isEqualTo("no command");
    }

    @Test
    void aShutdownStopsTheProcessAndLogsStayReadable() throws InterruptedException {
        Task t = task("t1", "echo up; exec sleep 1000");
        dispatcher.assign(t);
        awaitState("t1", TaskState.RUNNING);
        dispatcher.assign(t.withDesiredState(TaskState.SHUTDOWN));
        awaitState("t1", TaskState.SHUTDOWN);

        List<String> lines = new ArrayList<>();
        agent.stream(t, new LogOptions(true, true, true, null, null, false), (s, at, text) -> lines.add(text));
        assertThat(lines).containsExactly("up");
    }
}
