package io.shoal.agent;

import static io.shoal.api.TaskState.COMPLETE;
import static io.shoal.api.TaskState.FAILED;
import static io.shoal.api.TaskState.REJECTED;
import static io.shoal.api.TaskState.RUNNING;
import static io.shoal.api.TaskState.SHUTDOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.shoal.agent.exec.docker.DockerExecutor;
import io.shoal.agent.exec.docker.TestEngine;
import io.shoal.api.Ids;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
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

/** The whole agent with the Docker executor: real containers, a dispatcher in the test. */
class DockerAgentIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    final String node = "it" + Ids.newId().substring(0, 10);
    final SystemClock clock = new SystemClock();
    final FakeDispatcher dispatcher = new FakeDispatcher();
    final List<AutoCloseable> toClose = new ArrayList<>();
    DockerClient docker;

    @BeforeEach
    void connect() {
        docker = TestEngine.client();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        TestEngine.removeContainersOf(docker, node);
        docker.close();
        clock.close();
    }

    Agent startAgent() {
        DockerExecutor executor = new DockerExecutor(TestEngine.host(), "host1", clock);
        Agent agent = new Agent(node, () -> dispatcher, executor, clock, stateDir, "127.0.0.1");
        toClose.add(executor);
        toClose.add(agent);
        agent.start();
        await().atMost(WAIT).until(agent::connected);
        return agent;
    }

    Task task(String script, String image, TaskState desired) {
        var spec = TaskSpec.ContainerSpec.ofImage(image).withCommand(List.of("sh", "-c"), List.of(script))
                .withStopGracePeriod(Duration.ofSeconds(2).toNanos());
        return new Task(Ids.newId(), new Version(1), null, null, Map.of(),
                new TaskSpec(spec, null, null, null, null, null, null, null), "svc" + node, 1, node,
                Task.TaskStatus.of(Instant.now(), TaskState.ASSIGNED, "assigned"), desired, null, null, null, "app");
    }

    Task.TaskStatus awaitState(Task t, TaskState state) {
        await().atMost(WAIT).until(() -> dispatcher.last(t.id()) != null && dispatcher.last(t.id()).state() == state);
        return dispatcher.last(t.id());
    }

    @Test
    void runsATaskToCompletion() {
        startAgent();
        Task t = task("echo done", TestEngine.IMAGE, RUNNING);
        dispatcher.assign(t);
        Task.TaskStatus s = awaitState(t, COMPLETE);
        assertThat(s.containerStatus().exitCode()).isZero();
        assertThat(s.containerStatus().containerId()).matches("[0-9a-f]{64}");
        // the newest state at each flush: in order, never back
        assertThat(dispatcher.states(t.id())).isSortedAccordingTo(java.util.Comparator.naturalOrder()).doesNotHaveDuplicates()
                .endsWith(COMPLETE);
    }

    @Test
    void aNonZeroExitFailsTheTask() {
        startAgent();
        Task t = task("exit 3", TestEngine.IMAGE, RUNNING);
        dispatcher.assign(t);
        Task.TaskStatus s = awaitState(t, FAILED);
        assertThat(s.err()).isEqualTo("task: non-zero exit (3)");
        assertThat(s.containerStatus().exitCode()).isEqualTo(3L);
    }

    @Test
    void aMissingImageRejectsTheTaskWithTheEnginesMessage() {
        startAgent();
        Task t = task("true", "nosuch:latest", RUNNING);
        dispatcher.assign(t);
        Task.TaskStatus s = awaitState(t, REJECTED);
        assertThat(s.err()).isEqualTo("No such image: nosuch:latest");
    }

    @Test
    void aRestartedAgentReadoptsTheRunningContainer() {
        Agent first = startAgent();
        Task t = task("sleep 1000", TestEngine.IMAGE, RUNNING);
        dispatcher.assign(t);
        String containerId = awaitState(t, RUNNING).containerStatus().containerId();
        String startedAt = docker.inspectContainerCmd(containerId).exec().getState().getStartedAt();
        first.close();

        Agent second = startAgent();
        await().atMost(WAIT).until(() -> dispatcher.reportsIn("s2").stream()
                .anyMatch(r -> r.update().taskId().equals(t.id())));
        assertThat(dispatcher.reportsIn("s2")).singleElement().satisfies(r -> {
            assertThat(r.update().status().state()).isEqualTo(RUNNING);
            assertThat(r.update().status().containerStatus().containerId()).isEqualTo(containerId);
        });
        List<Container> containers = TestEngine.containersOf(docker, node);
        assertThat(containers).singleElement().satisfies(c -> assertThat(c.getId()).isEqualTo(containerId));
        var state = docker.inspectContainerCmd(containerId).exec().getState();
        assertThat(state.getRunning()).isTrue();
        assertThat(state.getStartedAt()).isEqualTo(startedAt);
        assertThat(second.tasks()).singleElement().satisfies(x -> assertThat(x.state()).isEqualTo(RUNNING));

        // and the new agent still drives it: shut down, then unassigned and removed
        dispatcher.assign(t.withDesiredState(SHUTDOWN));
        awaitState(t, SHUTDOWN);
        assertThat(docker.inspectContainerCmd(containerId).exec().getState().getRunning()).isFalse();
        dispatcher.unassign(t.id());
        await().atMost(WAIT).until(() -> TestEngine.containersOf(docker, node).isEmpty());
        assertThat(second.tasks()).isEmpty();
    }
}
