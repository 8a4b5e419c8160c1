package io.shoal.agent.exec.process;

import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.time.Clock;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task as a host process: Command + Args (or Args alone) with Env and Dir. Output goes to files
 * in the task's directory; the PID and start time recorded there let a restarted daemon adopt the
 * process. Shutdown is SIGTERM to the process and its descendants, SIGKILL after the grace period.
 */
final class ProcessController implements TaskController {
    private static final Logger log = LoggerFactory.getLogger(ProcessController.class);
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    static final String UNHEALTHY = "task: container is unhealthy";

    private final Task task;
    private final TaskFiles files;
    private final Clock clock;

    // guarded by this
    private Process child;             // when this controller started it: the exit code is ours to read
    private ProcessHandle adopted;     // when a previous daemon did
    private CompletableFuture<Integer> exit;
    private LogPump pump;
    private Long pid;
    private Long exitCode;
    private HealthMonitor health;      // with a health check: probes the started process
    private volatile boolean unhealthy;

    ProcessController(Task task, TaskFiles files, Clock clock) {
        this.task = task;
        this.files = files;
        this.clock = clock;
    }

    /** The command line: Command then Args; with no Command, Args alone (Args[0] is the program). */
    static List<String> commandLine(TaskSpec.ContainerSpec c) {
        List<String> cmd = new ArrayList<>();
        if (c != null && c.command() != null) {
            cmd.addAll(c.command());
        }
        if (c != null && c.args() != null) {
            cmd.addAll(c.args());
        }
        return cmd;
    }

    private TaskSpec.ContainerSpec spec() {
        return task.spec() == null ? null : task.spec().containerSpec();
    }

    @Override
    public void prepare() {
        if (commandLine(spec()).isEmpty()) {
            throw ExecException.fatal("no command");
        }
        String dir = spec().dir();
        if (dir != null && !dir.isEmpty() && !Files.isDirectory(Path.of(dir))) {
            throw ExecException.fatal("working directory " + dir + " does not exist");
        }
        files.create();
    }

    /** Starts the process; with a health check, returns once a probe passed (the task stays STARTING). */
    @Override
    public void start() throws InterruptedException {
        ProcessHandle h = startProcess();
        if (h != null) {
            awaitHealthy(h);
        }
    }

    private synchronized ProcessHandle startProcess() {
        if (child != null || files.process().isPresent()) {
            // started before (by us, or by the daemon before a restart): adopt it, never run it twice
            return child != null ? child.toHandle() : live().orElse(null);
        }
        files.create();
        ProcessBuilder pb = new ProcessBuilder(commandLine(spec()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.stdoutRaw().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(files.stderrRaw().toFile()));
        String dir = spec().dir();
        if (dir != null && !dir.isEmpty()) {
            pb.directory(new File(dir));
        }
        applyEnv(pb.environment());
        try {
            child = pb.start();
        } catch (IOException e) {
            throw ExecException.fatal("cannot start " + pb.command().get(0) + ": " + e.getMessage(), e);
        }
        ProcessHandle h = child.toHandle();
        pid = h.pid();
        files.saveProcess(new TaskFiles.ProcessRecord(h.pid(), h.info().startInstant().orElse(null)));
        startPump(h);
        return h;
    }

    private void applyEnv(Map<String, String> env) {
        if (spec().env() != null) {
            for (String kv : spec().env()) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                } else {
                    env.remove(kv); // "NAME" alone unsets, as in Docker
                }
            }
        }
    }

    /** The health monitor of the started process, made and started on first use; null without a check. */
    private synchronized HealthMonitor health() {
        if (health != null) {
            return health;
        }
        Optional<HealthCheck> check = HealthCheck.of(spec() == null ? null : spec().healthCheck());
        if (check.isEmpty()) {
            return null;
        }
        String dir = spec().dir();
        File workDir = dir == null || dir.isEmpty() ? null : new File(dir);
        HealthMonitor.Probe probe = HealthMonitor.processProbe(check.get().command(), workDir, this::applyEnv, clock);
        health = new HealthMonitor(check.get(), clock.instant(), probe, clock).start("shoal-process-health-" + task.id());
        return health;
    }

    /** Swarm holds the task in STARTING until healthy; an unhealthy process is stopped and the task fails. */
    private void awaitHealthy(ProcessHandle h) throws InterruptedException {
        HealthMonitor m = health();
        if (m == null) {
            return;
        }
        try {
            CompletableFuture.anyOf(m.healthy(), m.unhealthy(), h.onExit()).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        if (m.unhealthy().isDone()) {
            unhealthy = true;
            m.stop();
            shutdown();
            throw ExecException.fatal(UNHEALTHY);
        }
        // healthy, or it ended before it got there: exit() reports how
    }

    /** The process a previous daemon started, if it still runs (same PID and the same start time). */
    private Optional<ProcessHandle> live() {
        if (adopted != null) {
            return adopted.isAlive() ? Optional.of(adopted) : Optional.empty();
        }
        Optional<TaskFiles.ProcessRecord> r = files.process();
        if (r.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> h = ProcessHandle.of(r.get().pid()).filter(p -> sameStart(p, r.get().startedAt()));
        h.ifPresent(p -> {
            adopted = p;
            pid = p.pid();
            startPump(p);
        });
        return h;
    }

    private static boolean sameStart(ProcessHandle p, Instant recorded) {
        Optional<Instant> actual = p.info().startInstant();
        return recorded == null || actual.isEmpty() || actual.get().equals(recorded);
    }

    // guarded by this
    private void startPump(ProcessHandle h) {
        if (pump == null) {
            pump = new LogPump(files, clock, h::isAlive).start("shoal-process-log-" + task.id());
        }
    }

    /**
     * The exit code once the process ends; with a health check, fails with "unhealthy" (after
     * stopping the process) when the check fails too often, as Swarm's Docker executor does.
     */
    @Override
    public synchronized CompletableFuture<Integer> exit() {
        if (exit != null) {
            return exit;
        }
        CompletableFuture<Integer> ended = processExit();
        HealthMonitor m = ended.isDone() ? null : health();
        if (m == null) {
            exit = ended;
            return exit;
        }
        CompletableFuture<Integer> result = new CompletableFuture<>();
        ended.whenComplete((code, err) -> {
            m.stop();
            if (unhealthy) {
                return; // the unhealthy path below reports the task
            }
            if (err != null) {
                result.completeExceptionally(err instanceof CompletionException && err.getCause() != null
                        ? err.getCause() : err);
            } else {
                result.complete(code);
            }
        });
        m.unhealthy().thenRun(() -> {
            unhealthy = true;
            Thread.ofVirtual().name("shoal-process-unhealthy-" + task.id()).start(() -> {
                try {
                    shutdown();
                } catch (InterruptedException | RuntimeException e) {
                    log.debug("stopping unhealthy task {}: {}", task.id(), e.toString());
                }
                result.completeExceptionally(ExecException.fatal(UNHEALTHY));
            });
        });
        exit = result;
        return exit;
    }

    // guarded by this
    private CompletableFuture<Integer> processExit() {
        if (child != null) {
            Process p = child;
            return p.onExit().thenApply(done -> {
                int code = done.exitValue();
                files.saveExitCode(code);
                synchronized (this) {
                    exitCode = (long) code;
                }
                return code;
            });
        }
        Optional<Integer> known = files.exitCode();
        if (known.isPresent()) {
            exitCode = (long) known.get();
            finishPumpOnce();
            return CompletableFuture.completedFuture(known.get());
        }
        Optional<ProcessHandle> h = live();
        if (h.isEmpty()) {
            finishPumpOnce();
            return CompletableFuture.failedFuture(files.process().isPresent()
                    ? unknownExit() : ExecException.fatal("task: process was never started"));
        }
        // Not our child: the OS gives its exit code to its real parent only.
        return h.get().onExit().thenApply(done -> {
            throw unknownExit();
        });
    }

    private static ExecException unknownExit() {
        return ExecException.fatal("task: process ended while adopted after a daemon restart; exit code unknown");
    }

    /** Copies what an ended process left behind, when no pump ran for it in this daemon. */
    private void finishPumpOnce() {
        if (pump == null) {
            pump = new LogPump(files, clock, () -> false).start("shoal-process-log-" + task.id());
        }
    }

    @Override
    public void shutdown() throws InterruptedException {
        ProcessHandle h;
        synchronized (this) {
            h = child != null ? child.toHandle() : live().orElse(null);
        }
        if (h == null || !h.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(h.descendants().toList());
        tree.add(h);
        tree.forEach(ProcessHandle::destroy); // SIGTERM
        var killer = clock.schedule(grace(), () -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            tree.forEach(ProcessHandle::destroyForcibly);
        });
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            killer.cancel();
        }
    }

    Duration grace() {
        Long nanos = spec() == null ? null : spec().stopGracePeriod();
        return nanos == null ? DEFAULT_GRACE : Duration.ofNanos(Math.max(0, nanos));
    }

    @Override
    public void remove() throws InterruptedException {
        synchronized (this) {
            if (health != null) {
                health.stop();
            }
        }
        shutdown();
        LogPump p;
        synchronized (this) {
            p = pump;
        }
        if (p != null) {
            p.stop();
            p.awaitDone();
        }
        try {
            files.deleteAll();
        } catch (RuntimeException e) {
            throw ExecException.temporary(e.getMessage(), e);
        }
    }

    @Override
    public synchronized Task.ContainerStatus containerStatus() {
        if (pid == null && exitCode == null) {
            return null;
        }
        return new Task.ContainerStatus(null, pid, exitCode);
    }

    @Override
    public synchronized void close() {
        if (pump != null) {
            pump.stop();
        }
        if (health != null) {
            health.stop();
        }
        log.debug("controller of task {} closed", task.id());
    }
}
