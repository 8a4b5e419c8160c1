package io.shoal.agent.exec.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.TaskController;
import io.shoal.agent.exec.TaskNames;
import io.shoal.api.Ids;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;
import io.shoal.api.time.SystemClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Docker executor against the engine of tools/dockerd-up.sh, with the local test image. */
class DockerExecutorIT {
    final String node = "it" + Ids.newId().substring(0, 10);
    final SystemClock clock = new SystemClock();
    DockerClient docker;
    DockerExecutor executor;

    @BeforeEach
    void connect() {
        docker = TestEngine.client();
        executor = new DockerExecutor(TestEngine.host(), "host1", clock);
    }

    @AfterEach
    void cleanUp() throws Exception {
        TestEngine.removeContainersOf(docker, node);
        executor.close();
        docker.close();
        clock.close();
    }

    Task task(TaskSpec.ContainerSpec spec) {
        return task(spec, TaskSpec.ResourceRequirements.NONE);
    }

    Task task(TaskSpec.ContainerSpec spec, TaskSpec.ResourceRequirements resources) {
        return new Task(Ids.newId(), new Version(1), null, null, Map.of(),
                new TaskSpec(spec, resources, null, null, null, null, null, null), "svc" + node, 2, node,
                Task.TaskStatus.of(Instant.now(), TaskState.ASSIGNED, "assigned"), TaskState.RUNNING, null, null,
                null, "web");
    }

    static TaskSpec.ContainerSpec sh(String script) {
        return TaskSpec.ContainerSpec.ofImage(TestEngine.IMAGE).withCommand(List.of("sh", "-c"), List.of(script));
    }

    TaskController started(Task t) throws InterruptedException {
        TaskController c = executor.controller(t);
        c.prepare();
        c.start();
        return c;
    }

    @Test
    void runsToCompletion() throws Exception {
        TaskController c = started(task(sh("echo hi")));
        assertThat(c.exit().get(30, TimeUnit.SECONDS)).isZero();
        Task.ContainerStatus s = c.containerStatus();
        assertThat(s.containerId()).matches("[0-9a-f]{64}");
        assertThat(s.exitCode()).isZero();
    }

    @Test
    void reportsANonZeroExit() throws Exception {
        TaskController c = started(task(sh("exit 3")));
        assertThat(c.exit().get(30, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(c.containerStatus().exitCode()).isEqualTo(3L);
    }

    @Test
    void aMissingImageFailsQuicklyWithTheEnginesMessage() {
        TaskController c = executor.controller(task(TaskSpec.ContainerSpec.ofImage("nosuch:latest")));
        long t0 = System.nanoTime();
        assertThatThrownBy(c::prepare).isInstanceOfSatisfying(ExecException.class, e -> {
            assertThat(e.isTemporary()).isFalse();
            assertThat(e.getMessage()).isEqualTo("No such image: nosuch:latest");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(DockerExecutor.DEFAULT_PULL_TIMEOUT);
    }

    @Test
    void createsTheContainerWithSwarmsNameLabelsAndLimits() throws Exception {
        var spec = new TaskSpec.ContainerSpec(TestEngine.IMAGE, Map.of("team", "blue"), List.of("sh", "-c"),
                List.of("sleep 1000"), "myhost", List.of("A=1", "B=two words"), "/tmp", "root", null, null, false,
                null, true, List.of(new TaskSpec.Mount("tmpfs", null, "/scratch", null, null, null, null, null)),
                "SIGINT", Duration.ofSeconds(3).toNanos(), null, List.of("10.1.2.3 db database"), null, null, null,
                null, true, null, null, null, null, null);
        var limits = new TaskSpec.ResourceRequirements(
                new TaskSpec.Resources(500_000_000L, 64L * 1024 * 1024, null, null), null);
        Task t = task(spec, limits);
        TaskController c = started(t);

        InspectContainerResponse i = docker.inspectContainerCmd(c.containerStatus().containerId()).exec();
        assertThat(i.getName()).isEqualTo("/web.2." + t.id());
        assertThat(i.getConfig().getLabels()).containsAllEntriesOf(Map.of(
                "team", "blue",
                TaskNames.TASK_ID, t.id(),
                TaskNames.TASK_NAME, "web.2." + t.id(),
                TaskNames.SERVICE_ID, t.serviceId(),
                TaskNames.SERVICE_NAME, "web",
                TaskNames.NODE_ID, node,
                TaskNames.MANAGED, "true"));
        assertThat(i.getConfig().getEntrypoint()).containsExactly("sh", "-c");
        assertThat(i.getConfig().getCmd()).containsExactly("sleep 1000");
        assertThat(i.getConfig().getEnv()).contains("A=1", "B=two words");
        assertThat(i.getConfig().getWorkingDir()).isEqualTo("/tmp");
        assertThat(i.getConfig().getUser()).isEqualTo("root");
        assertThat(i.getConfig().getHostName()).isEqualTo("myhost");
        assertThat(cli("inspect", "-f", "{{.Config.StopSignal}}", i.getId())).isEqualTo("SIGINT");
        assertThat(i.getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(i.getHostConfig().getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(i.getHostConfig().getRestartPolicy().getName()).isEqualTo("no");
        assertThat(i.getHostConfig().getInit()).isTrue();
        assertThat(i.getHostConfig().getReadonlyRootfs()).isTrue();
        assertThat(i.getHostConfig().getExtraHosts()).containsExactly("db:10.1.2.3", "database:10.1.2.3");
        assertThat(i.getHostConfig().getMounts()).singleElement()
                .satisfies(m -> assertThat(m.getTarget()).isEqualTo("/scratch"));
        assertThat(i.getState().getRunning()).isTrue();
        assertThat(c.containerStatus().pid()).isEqualTo(i.getState().getPidLong());
    }

    @Test
    void aContainerLeftByAnEarlierAttemptIsAdoptedNotMadeAgain() throws Exception {
        Task t = task(sh("sleep 1000"));
        // an earlier attempt created the container, then the daemon died before recording it
        String earlier = ContainerConfig.apply(docker.createContainerCmd(TestEngine.IMAGE), t).exec().getId();
        TaskController c = executor.controller(t);
        c.prepare();
        c.prepare(); // a repeated step changes nothing
        c.start();
        assertThat(c.containerStatus().containerId()).isEqualTo(earlier);
        assertThat(c.containerStatus().pid()).isPositive();
        assertThat(TestEngine.containersOf(docker, node)).singleElement()
                .satisfies(ct -> assertThat(ct.getState()).isEqualTo("running"));
    }

    @Test
    void aRestoredTaskWhoseContainerEndedIsNotStartedAgain() throws Exception {
        Task t = task(sh("exit 4"));
        TaskController first = started(t);
        assertThat(first.exit().get(30, TimeUnit.SECONDS)).isEqualTo(4);
        String id = first.containerStatus().containerId();
        String startedAt = docker.inspectContainerCmd(id).exec().getState().getStartedAt();
        first.close();

        // a new controller (a restarted daemon) for the task, saved as STARTING
        Task restored = t.withStatus(Task.TaskStatus.of(Instant.now(), TaskState.STARTING, "starting"));
        TaskController again = executor.controller(restored);
        again.prepare();
        again.start();
        assertThat(again.exit().get(30, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(again.containerStatus().containerId()).isEqualTo(id);
        assertThat(docker.inspectContainerCmd(id).exec().getState().getStartedAt()).isEqualTo(startedAt);
    }

    @Test
    void shutdownStopsWithinTheGraceAndRemoveDeletesTheContainer() throws Exception {
        // with an init process the TERM reaches sh at once; without one it would wait out the grace
        var spec = sh("sleep 1000").withStopGracePeriod(Duration.ofSeconds(20).toNanos());
        spec = new TaskSpec.ContainerSpec(spec.image(), null, spec.command(), spec.args(), null, null, null, null,
                null, null, null, null, null, null, null, spec.stopGracePeriod(), null, null, null, null, null, null,
                true, null, null, null, null, null);
        TaskController c = started(task(spec));
        String id = c.containerStatus().containerId();
        long t0 = System.nanoTime();
        c.shutdown();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning()).isFalse();
        assertThat(c.exit().get(30, TimeUnit.SECONDS)).isNotZero();

        c.remove();
        assertThat(TestEngine.containersOf(docker, node)).isEmpty();
        c.remove(); // removing again is fine
    }

    @Test
    void aContainerIgnoringTheSignalIsKilledAfterTheGrace() throws Exception {
        // sh as PID 1 without init ignores SIGTERM: the engine kills it when the grace ends
        TaskController c = started(task(sh("sleep 1000").withStopGracePeriod(Duration.ofSeconds(1).toNanos())));
        long t0 = System.nanoTime();
        c.shutdown();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        assertThat(c.exit().get(30, TimeUnit.SECONDS)).isEqualTo(137);
    }

    /** What the docker CLI prints (for fields docker-java does not model). */
    static String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", TestEngine.host());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    record Line(int stream, Instant at, String text) {}

    List<Line> logs(Task t, LogOptions o) throws InterruptedException {
        List<Line> out = new ArrayList<>();
        executor.stream(t, o, (stream, at, text) -> {
            out.add(new Line(stream, at, text));
            return true;
        });
        return out;
    }

    @Test
    void logsAreDemultiplexedWithTimestampsTailAndFollow() throws Exception {
        // stdout and stderr are separate pipes: the pauses make the order the engine records certain
        Task t = task(sh("echo one; sleep 0.3; echo two >&2; sleep 1; echo three"));
        TaskController c = started(t);
        List<Line> followed = logs(t, new LogOptions(true, true, true, null, null, true));
        assertThat(followed).extracting(Line::stream, Line::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LogSink.STDOUT, "one"),
                org.assertj.core.groups.Tuple.tuple(LogSink.STDERR, "two"),
                org.assertj.core.groups.Tuple.tuple(LogSink.STDOUT, "three"));
        assertThat(followed).allSatisfy(l -> assertThat(l.at()).isAfter(Instant.now().minusSeconds(120)));
        assertThat(c.exit().get(30, TimeUnit.SECONDS)).isZero();

        assertThat(logs(t, new LogOptions(false, false, true, null, null, false))).extracting(Line::text)
                .containsExactly("two");
        assertThat(logs(t, new LogOptions(false, true, true, null, 1L, false))).extracting(Line::text)
                .containsExactly("three");
        Instant third = followed.get(2).at();
        assertThat(logs(t, new LogOptions(false, true, true, third, null, false))).extracting(Line::text)
                .containsExactly("three");
    }

    @Test
    void aHealthCheckHoldsTheStartUntilHealthy() throws Exception {
        // failures in the start period do not count
        var health = new TaskSpec.HealthConfig(List.of("CMD-SHELL", "test -f /tmp/ok"),
                Duration.ofMillis(200).toNanos(), Duration.ofSeconds(2).toNanos(), 1,
                Duration.ofSeconds(30).toNanos(), null);
        Task t = task(sh("sleep 1; touch /tmp/ok; sleep 1000").withHealthCheck(health));
        long t0 = System.nanoTime();
        TaskController c = started(t);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(900));
        var state = docker.inspectContainerCmd(c.containerStatus().containerId()).exec().getState();
        assertThat(state.getHealth().getStatus()).isEqualTo("healthy");
        assertThat(c.exit()).isNotDone();
    }

    @Test
    void anUnhealthyContainerFailsTheStart() throws Exception {
        var health = new TaskSpec.HealthConfig(List.of("CMD-SHELL", "exit 1"),
                Duration.ofMillis(200).toNanos(), Duration.ofSeconds(2).toNanos(), 1, null, null);
        TaskController c = executor.controller(task(sh("sleep 1000").withHealthCheck(health)));
        c.prepare();
        assertThatThrownBy(c::start).isInstanceOf(ExecException.class).hasMessage("task: container is unhealthy");
    }

    @Test
    void aContainerTurningUnhealthyWhileRunningFailsTheTask() throws Exception {
        var health = new TaskSpec.HealthConfig(List.of("CMD-SHELL", "test ! -f /tmp/bad"),
                Duration.ofMillis(200).toNanos(), Duration.ofSeconds(2).toNanos(), 1, null, null);
        Task t = task(sh("sleep 1; touch /tmp/bad; sleep 1000").withHealthCheck(health)
                .withStopGracePeriod(Duration.ofSeconds(1).toNanos()));
        TaskController c = started(t);
        assertThatThrownBy(() -> c.exit().get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ExecException.class).hasMessageContaining("task: container is unhealthy");
        assertThat(docker.inspectContainerCmd(c.containerStatus().containerId()).exec().getState().getRunning())
                .isFalse();
    }

    @Test
    void twentyTasksStartInParallel() throws Exception {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tasks.add(task(sh("sleep 1000")));
        }
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Task t : tasks) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    started(t);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread th : threads) {
            th.join();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("DockerExecutorIT: 20 tasks prepared and started in parallel in %d ms%n", took.toMillis());
        assertThat(errors).isEmpty();
        assertThat(TestEngine.containersOf(docker, node)).hasSize(20)
                .allSatisfy(ct -> assertThat(ct.getState()).isEqualTo("running"));
    }

    @Test
    void describesTheEngine() {
        var d = executor.describe();
        var info = docker.infoCmd().exec();
        assertThat(d.hostname()).isEqualTo("host1");
        assertThat(d.platform().os()).isEqualTo("linux");
        assertThat(d.platform().architecture()).isEqualTo(info.getArchitecture());
        assertThat(d.resources().nanoCpus()).isEqualTo(info.getNCPU() * 1_000_000_000L);
        assertThat(d.resources().memoryBytes()).isEqualTo(info.getMemTotal());
        assertThat(d.engine().engineVersion()).isEqualTo(info.getServerVersion());
    }
}
