package io.shoal.agent.exec.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;
import io.shoal.api.time.SystemClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process executor with real processes. */
class ProcessExecutorIT {
    @TempDir
    Path stateDir;

    final SystemClock clock = new SystemClock();
    final List<TaskController> controllers = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (TaskController c : controllers) {
            c.remove();
            c.close();
        }
        clock.close();
    }

    static Task task(String id, TaskSpec.ContainerSpec spec) {
        return new Task(id, new Version(1), null, null, Map.of(),
                new TaskSpec(spec, null, null, null, null, null, null, null), "svc", 1, "node1",
                Task.TaskStatus.of(Instant.now(), TaskState.ASSIGNED, "assigned"), TaskState.RUNNING, null, null, null);
    }

    static TaskSpec.ContainerSpec sh(String script) {
        return TaskSpec.ContainerSpec.ofImage("ignored").withCommand(List.of("sh", "-c"), List.of(script));
    }

    TaskController started(ProcessExecutor ex, Task t) throws InterruptedException {
        TaskController c = ex.controller(t);
        controllers.add(c);
        c.prepare();
        c.start();
        return c;
    }

    ProcessExecutor executor() {
        return new ProcessExecutor(stateDir, "host1", clock);
    }

    record Line(int stream, String text) {}

    List<Line> logs(ProcessExecutor ex, Task t, LogOptions o) throws InterruptedException {
        List<Line> out = new ArrayList<>();
        ex.stream(t, o, (stream, at, text) -> {
            assertThat(at).isAfter(Instant.now().minusSeconds(60));
            out.add(new Line(stream, text));
            return true;
        });
        return out;
    }

    static final LogOptions ALL = new LogOptions(false, true, true, null, null, true);

    @Test
    void exitZero() throws Exception {
        TaskController c = started(executor(), task("t1", sh("exit 0")));
        assertThat(c.exit().get(10, TimeUnit.SECONDS)).isZero();
        assertThat(c.containerStatus().exitCode()).isZero();
        assertThat(c.containerStatus().pid()).isPositive();
    }

    @Test
    void exitThreeIsReportedAsThree() throws Exception {
        TaskController c = started(executor(), task("t1", sh("exit 3")));
        assertThat(c.exit().get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(c.containerStatus().exitCode()).isEqualTo(3L);
    }

    @Test
    void argsAloneAreTheCommandAndNoCommandIsRejected() throws Exception {
        var onlyArgs = TaskSpec.ContainerSpec.ofImage("x").withCommand(null, List.of("sh", "-c", "exit 4"));
        assertThat(started(executor(), task("t1", onlyArgs)).exit().get(10, TimeUnit.SECONDS)).isEqualTo(4);

        TaskController none = executor().controller(task("t2", TaskSpec.ContainerSpec.ofImage("x")));
        assertThatThrownBy(none::prepare).isInstanceOf(ExecException.class).hasMessage("no command")
                .matches(e -> !((ExecException) e).isTemporary());
    }

    @Test
    void aMissingProgramFailsToStart() throws Exception {
        TaskController c = executor().controller(task("t1",
                TaskSpec.ContainerSpec.ofImage("x").withCommand(List.of("/no/such/program"), null)));
        c.prepare();
        assertThatThrownBy(c::start).isInstanceOf(ExecException.class).hasMessageContaining("/no/such/program");
    }

    @Test
    void envAndDirApply() throws Exception {
        var spec = sh("echo \"$GREETING\"; pwd").withEnv(List.of("GREETING=hello there"));
        spec = new TaskSpec.ContainerSpec(spec.image(), null, spec.command(), spec.args(), null, spec.env(), "/tmp",
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
        ProcessExecutor ex = executor();
        Task t = task("t1", spec);
        started(ex, t).exit().get(10, TimeUnit.SECONDS);
        assertThat(logs(ex, t, new LogOptions(true, true, true, null, null, false)))
                .containsExactly(new Line(LogSink.STDOUT, "hello there"), new Line(LogSink.STDOUT, "/tmp"));
    }

    @Test
    void shutdownStopsASleepWellWithinTheGrace() throws Exception {
        var spec = sh("sleep 1000").withStopGracePeriod(Duration.ofSeconds(20).toNanos());
        TaskController c = started(executor(), task("t1", spec));
        long pid = c.containerStatus().pid();
        long t0 = System.nanoTime();
        c.shutdown();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(c.exit().get(10, TimeUnit.SECONDS)).isNotZero();
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterTheGrace() throws Exception {
        var spec = sh("trap '' TERM; echo trapped; while true; do sleep 0.1; done")
                .withStopGracePeriod(Duration.ofSeconds(1).toNanos());
        ProcessExecutor ex = executor();
        Task t = task("t1", spec);
        TaskController c = started(ex, t);
        await().atMost(Duration.ofSeconds(10)).until(() -> !logs(ex, t, ALL).isEmpty()); // the trap is set
        long t0 = System.nanoTime();
        c.shutdown();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(c.exit().get(10, TimeUnit.SECONDS)).isEqualTo(137);
    }

    static TaskSpec.HealthConfig healthCmd(String cmd, Duration interval, int retries) {
        return new TaskSpec.HealthConfig(List.of("CMD-SHELL", cmd), interval.toNanos(), Duration.ofSeconds(5).toNanos(),
                retries, null, null);
    }

    @Test
    void withAHealthCheckStartReturnsOnlyOnceHealthy(@TempDir Path work) throws Exception {
        Path ready = work.resolve("ready");
        // failures in the 10 s start period do not count; meanwhile it is probed every start interval
        var check = new TaskSpec.HealthConfig(List.of("CMD-SHELL", "test -f " + ready), Duration.ofSeconds(30).toNanos(),
                Duration.ofSeconds(5).toNanos(), 1, Duration.ofSeconds(10).toNanos(), Duration.ofMillis(100).toNanos());
        var spec = sh("sleep 0.7; touch " + ready + "; exec sleep 1000")
                .withStopGracePeriod(Duration.ofSeconds(1).toNanos())
                .withHealthCheck(check);
        long t0 = System.nanoTime();
        TaskController c = started(executor(), task("t1", spec));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isBetween(Duration.ofMillis(700), Duration.ofSeconds(8));
        assertThat(ready).exists();
        assertThat(c.exit()).isNotDone();
    }

    @Test
    void theProbeSeesTheTasksEnvironment(@TempDir Path work) throws Exception {
        var spec = sh("exec sleep 1000").withEnv(List.of("MARK=" + work.resolve("probed")))
                .withStopGracePeriod(Duration.ofSeconds(1).toNanos())
                .withHealthCheck(healthCmd("touch \"$MARK\"", Duration.ofMillis(100), 3));
        started(executor(), task("t1", spec));
        assertThat(work.resolve("probed")).exists();
    }

    @Test
    void aProcessThatNeverGetsHealthyFailsToStartAndIsStopped() throws Exception {
        var spec = sh("exec sleep 1000").withStopGracePeriod(Duration.ofSeconds(1).toNanos())
                .withHealthCheck(healthCmd("exit 1", Duration.ofMillis(100), 2));
        TaskController c = executor().controller(task("t1", spec));
        controllers.add(c);
        c.prepare();
        assertThatThrownBy(c::start).isInstanceOf(ExecException.class).hasMessage("task: container is unhealthy")
                .matches(e -> !((ExecException) e).isTemporary());
        long pid = c.containerStatus().pid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aHealthyProcessTurningUnhealthyIsStoppedAndItsExitFails(@TempDir Path work) throws Exception {
        Path ok = work.resolve("ok");
        java.nio.file.Files.createFile(ok);
        var spec = sh("trap 'exit 0' TERM; sleep 1000 & wait").withStopGracePeriod(Duration.ofSeconds(1).toNanos())
                .withHealthCheck(healthCmd("test -f " + ok, Duration.ofMillis(100), 2));
        TaskController c = started(executor(), task("t1", spec));
        long pid = c.containerStatus().pid();
        var exit = c.exit();
        assertThat(exit).isNotDone();
        java.nio.file.Files.delete(ok);
        assertThatThrownBy(() -> exit.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ExecException.class)
                .cause().hasMessage("task: container is unhealthy");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aProbeRunningPastItsTimeoutFails() throws Exception {
        var h = new TaskSpec.HealthConfig(List.of("CMD", "sleep", "30"), Duration.ofMillis(100).toNanos(),
                Duration.ofMillis(200).toNanos(), 1, null, null);
        var spec = sh("exec sleep 1000").withStopGracePeriod(Duration.ofSeconds(1).toNanos()).withHealthCheck(h);
        TaskController c = executor().controller(task("t1", spec));
        controllers.add(c);
        c.prepare();
        long t0 = System.nanoTime();
        assertThatThrownBy(c::start).hasMessage("task: container is unhealthy");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void noHealthcheckMeansNoWait() throws Exception {
        var spec = sh("exec sleep 1000").withStopGracePeriod(Duration.ofSeconds(1).toNanos())
                .withHealthCheck(new TaskSpec.HealthConfig(List.of("NONE"), null, null, null, null, null));
        long t0 = System.nanoTime();
        TaskController c = started(executor(), task("t1", spec));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(c.exit()).isNotDone();
    }

    @Test
    void logsAreCapturedPerStreamWithTimestampsTailAndFollow() throws Exception {
        ProcessExecutor ex = executor();
        Task t = task("t1", sh("echo one; echo two >&2; sleep 0.5; echo three; printf four"));
        TaskController c = started(ex, t);

        // following from the start sees every line, including the unterminated last one, then ends
        List<Line> followed = logs(ex, t, new LogOptions(true, true, true, null, null, true));
        assertThat(followed).containsExactly(new Line(1, "one"), new Line(2, "two"), new Line(1, "three"),
                new Line(1, "four"));
        assertThat(c.exit().get(10, TimeUnit.SECONDS)).isZero();

        assertThat(logs(ex, t, new LogOptions(false, true, false, null, null, true)))
                .extracting(Line::text).containsExactly("one", "three", "four");
        assertThat(logs(ex, t, new LogOptions(false, false, true, null, null, true)))
                .extracting(Line::text).containsExactly("two");
        assertThat(logs(ex, t, new LogOptions(false, true, true, null, 2L, true)))
                .extracting(Line::text).containsExactly("three", "four");
        assertThat(logs(ex, t, new LogOptions(false, true, true, Instant.now().plusSeconds(60), null, true))).isEmpty();
    }

    @Test
    void aNewExecutorReadoptsARunningProcessInsteadOfStartingAnother() throws Exception {
        Task t = task("t1", sh("echo started; exec sleep 1000"));
        TaskController first = started(executor(), t);
        long pid = first.containerStatus().pid();
        first.close(); // the daemon goes away; the process stays

        ProcessExecutor again = executor();
        TaskController second = again.controller(t);
        controllers.add(second);
        second.prepare();
        second.start();
        assertThat(second.containerStatus().pid()).isEqualTo(pid);
        assertThat(second.exit()).isNotDone();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("sleep 1000"))
                .filter(p -> p.parent().map(pp -> pp.pid() == ProcessHandle.current().pid()).orElse(false)))
                .hasSize(1);

        second.shutdown();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThatThrownBy(() -> second.exit().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ExecException.class).hasMessageContaining("exit code unknown");
        assertThat(logs(again, t, ALL)).extracting(Line::text).containsExactly("started");
    }

    @Test
    void aFinishedProcessKeepsItsExitCodeForTheNextDaemon() throws Exception {
        Task t = task("t1", sh("exit 5"));
        TaskController first = started(executor(), t);
        assertThat(first.exit().get(10, TimeUnit.SECONDS)).isEqualTo(5);
        first.close();

        TaskController second = executor().controller(t);
        controllers.add(second);
        second.start();
        assertThat(second.exit().get(10, TimeUnit.SECONDS)).isEqualTo(5);
    }

    @Test
    void removeDeletesTheTaskState() throws Exception {
        ProcessExecutor ex = executor();
        Task t = task("t1", sh("echo x"));
        TaskController c = started(ex, t);
        c.exit().get(10, TimeUnit.SECONDS);
        c.remove();
        assertThat(stateDir.resolve("process/t1")).doesNotExist();
        assertThat(logs(ex, t, ALL)).isEmpty();
    }

    @Test
    void describesTheHost() {
        var d = executor().describe();
        assertThat(d.hostname()).isEqualTo("host1");
        assertThat(d.platform().os()).isEqualTo("linux");
        assertThat(d.platform().architecture()).isIn("x86_64", "aarch64");
        assertThat(d.resources().nanoCpus()).isEqualTo(Runtime.getRuntime().availableProcessors() * 1_000_000_000L);
        assertThat(d.resources().memoryBytes()).isPositive();
    }
}
