package io.shoal.agent.exec.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import io.shoal.agent.exec.ClockPause;
import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.TaskController;
import io.shoal.agent.exec.TaskNames;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's container on the local engine. The container is found by its task-ID label, so a
 * controller made after a daemon restart adopts the container an earlier one created.
 */
final class DockerController implements TaskController {
    private static final Logger log = LoggerFactory.getLogger(DockerController.class);
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    /** How often a container with a health check is looked at while starting and running. */
    static final Duration HEALTH_POLL = Duration.ofMillis(250);

    private final DockerClient docker;
    private final Task task;
    private final Clock clock;
    private final Semaphore prepares;
    private final Duration pullTimeout;

    private volatile String containerId;
    private volatile Long pid;
    private volatile Long exitCode;
    private CompletableFuture<Integer> exit; // guarded by this
    private Thread exitWatcher;              // guarded by this
    private WaitContainerResultCallback waiting; // guarded by this
    private volatile boolean closed;

    DockerController(DockerClient docker, Task task, Clock clock, Semaphore prepares, Duration pullTimeout) {
        this.docker = docker;
        this.task = task;
        this.clock = clock;
        this.prepares = prepares;
        this.pullTimeout = pullTimeout;
    }

    private TaskSpec.ContainerSpec spec() {
        return task.spec().containerSpec();
    }

    @Override
    public void prepare() throws InterruptedException {
        try {
            if (findContainer() != null) {
                return; // created before (a repeated step, or a restarted daemon)
            }
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
        // Pulls and creates are heavy for the engine: only a few at once.
        prepares.acquire();
        try {
            pullIfMissing(spec().image());
            create();
        } finally {
            prepares.release();
        }
    }

    private void pullIfMissing(String image) throws InterruptedException {
        try {
            docker.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException missing) {
            // pull it
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
        ImageRef ref = ImageRef.parse(image);
        QuietPull pull = docker.pullImageCmd(ref.repository()).withTag(ref.tag()).exec(new QuietPull());
        try {
            if (!pull.awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("pulling {} did not finish within {}", image, pullTimeout);
            } else if (pull.error != null) {
                // As in Swarm: only logged. If the image truly is missing, the create says so.
                log.info("pulling {} failed: {}", image, DockerErrors.engineMessage(pull.error));
            }
        } finally {
            closeQuietly(pull);
        }
    }

    /** A pull whose failure is ours to report (docker-java would log it as an ERROR with a stack trace). */
    private static final class QuietPull extends PullImageResultCallback {
        volatile Throwable error;

        @Override
        public void onError(Throwable t) {
            error = t;
            closeQuietly(this);
        }
    }

    private void create() {
        try {
            containerId = ContainerConfig.apply(docker.createContainerCmd(spec().image()), task).exec().getId();
        } catch (ConflictException e) {
            // name in use: our own container from an attempt that did not get to record it
            String id = findContainer();
            if (id == null) {
                throw ExecException.fatal(DockerErrors.engineMessage(e), e);
            }
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
    }

    @Override
    public void start() throws InterruptedException {
        String id = requireContainer();
        try {
            InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
            if (!Boolean.TRUE.equals(c.getState().getRunning()) && c.getState().getFinishedAt() != null
                    && !c.getState().getFinishedAt().startsWith("0001-")) {
                record(c);
                return; // it ran and ended already: exit() reports how
            }
            if (!Boolean.TRUE.equals(c.getState().getRunning())) {
                docker.startContainerCmd(id).exec();
            }
        } catch (NotModifiedException alreadyStarted) {
            // fine
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
        if (hasHealthCheck()) {
            awaitHealthy(id);
        } else {
            record(inspect(id));
        }
    }

    /** Swarm holds the task in STARTING until the container reports healthy. */
    private void awaitHealthy(String id) throws InterruptedException {
        while (true) {
            InspectContainerResponse c = inspect(id);
            record(c);
            var state = c.getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                return; // ended before it got healthy: exit() reports the exit code
            }
            String health = state.getHealth() == null ? null : state.getHealth().getStatus();
            if ("healthy".equals(health)) {
                return;
            }
            if ("unhealthy".equals(health)) {
                stop(id);
                throw ExecException.fatal("task: container is unhealthy");
            }
            ClockPause.pause(clock, HEALTH_POLL);
        }
    }

    @Override
    public synchronized CompletableFuture<Integer> exit() {
        if (exit != null && !exit.isCompletedExceptionally()) {
            return exit; // after a failure (engine briefly away) a new call watches again
        }
        exit = new CompletableFuture<>();
        CompletableFuture<Integer> result = exit;
        exitWatcher = Thread.ofVirtual().name("shoal-docker-wait-" + task.id()).start(() -> {
            try {
                result.complete(hasHealthCheck() ? watchHealth() : awaitExit());
            } catch (InterruptedException e) {
                result.completeExceptionally(ExecException.temporary("stopped waiting for the container", e));
            } catch (RuntimeException e) {
                result.completeExceptionally(closed ? ExecException.temporary("closed", e) : e);
            }
        });
        return exit;
    }

    private int awaitExit() {
        String id = requireContainer();
        WaitContainerResultCallback cb;
        synchronized (this) {
            if (closed) {
                throw ExecException.temporary("controller closed", null);
            }
            waiting = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback());
            cb = waiting;
        }
        try {
            cb.awaitStatusCode();
        } catch (NotFoundException e) {
            throw ExecException.fatal("task: container " + id + " is gone", e);
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        } finally {
            closeQuietly(cb);
        }
        InspectContainerResponse c = inspect(id); // the exit code as the engine recorded it
        record(c);
        Long code = c.getState().getExitCodeLong();
        return code == null ? 0 : code.intValue();
    }

    /** With a health check, an unhealthy container is stopped and the task fails (Swarm's Wait). */
    private int watchHealth() throws InterruptedException {
        String id = requireContainer();
        while (true) {
            InspectContainerResponse c = inspect(id);
            record(c);
            var state = c.getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                Long code = state.getExitCodeLong();
                return code == null ? 0 : code.intValue();
            }
            if (state.getHealth() != null && "unhealthy".equals(state.getHealth().getStatus())) {
                stop(id);
                throw ExecException.fatal("task: container is unhealthy");
            }
            ClockPause.pause(clock, HEALTH_POLL);
        }
    }

    @Override
    public void shutdown() throws InterruptedException {
        String id;
        try {
            id = findContainer();
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
        if (id != null) {
            stop(id);
        }
    }

    private void stop(String id) {
        try {
            docker.stopContainerCmd(id).withTimeout(graceSeconds()).exec();
        } catch (NotModifiedException | NotFoundException alreadyStopped) {
            // fine
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
        try {
            record(docker.inspectContainerCmd(id).exec());
        } catch (RuntimeException e) {
            log.debug("inspecting {} after stop: {}", id, e.toString());
        }
    }

    int graceSeconds() {
        Long nanos = spec().stopGracePeriod();
        Duration grace = nanos == null ? DEFAULT_GRACE : Duration.ofNanos(Math.max(0, nanos));
        return (int) Math.min(Integer.MAX_VALUE, (grace.toNanos() + 999_999_999L) / 1_000_000_000L);
    }

    @Override
    public void remove() throws InterruptedException {
        String id;
        try {
            id = findContainer();
            if (id == null) {
                return;
            }
            shutdown();
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // fine
        } catch (ConflictException e) {
            // "removal already in progress"
            log.debug("removing the container of task {}: {}", task.id(), DockerErrors.engineMessage(e));
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
    }

    @Override
    public Task.ContainerStatus containerStatus() {
        String id = containerId;
        return id == null ? null : new Task.ContainerStatus(id, pid, exitCode);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (waiting != null) {
                closeQuietly(waiting);
            }
            if (exitWatcher != null) {
                exitWatcher.interrupt();
            }
        }
    }

    private boolean hasHealthCheck() {
        var h = spec().healthCheck();
        if (h != null && h.test() != null && !h.test().isEmpty()) {
            return ContainerConfig.hasHealthCheck(h.test());
        }
        // none in the spec: the image's own check applies, visible on the container
        String id = containerId;
        if (id == null) {
            return false;
        }
        var cfg = inspect(id).getConfig();
        return cfg != null && cfg.getHealthcheck() != null
                && ContainerConfig.hasHealthCheck(cfg.getHealthcheck().getTest());
    }

    private InspectContainerResponse inspect(String id) {
        try {
            return docker.inspectContainerCmd(id).exec();
        } catch (NotFoundException e) {
            throw ExecException.fatal("task: container " + id + " is gone", e);
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
    }

    private void record(InspectContainerResponse c) {
        containerId = c.getId();
        var state = c.getState();
        Long p = state.getPidLong();
        if (p != null && p > 0) {
            pid = p;
        }
        if (!Boolean.TRUE.equals(state.getRunning()) && state.getFinishedAt() != null
                && !state.getFinishedAt().startsWith("0001-")) {
            exitCode = state.getExitCodeLong();
        }
    }

    private String requireContainer() {
        String id;
        try {
            id = findContainer();
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
        if (id == null) {
            throw ExecException.fatal("task: no container for task " + task.id());
        }
        return id;
    }

    /** The task's container, found by its label; null if there is none. */
    String findContainer() {
        if (containerId != null) {
            return containerId;
        }
        List<Container> found = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TaskNames.TASK_ID, task.id())).exec();
        if (found.isEmpty()) {
            return null;
        }
        containerId = found.get(0).getId();
        return containerId;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.debug("closing a docker stream: {}", e.toString());
        }
    }
}
