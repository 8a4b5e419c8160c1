package io.shoal.agent.exec.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.transport.DockerHttpClient;
import io.shoal.agent.exec.ClockPause;
import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.TaskController;
import io.shoal.agent.exec.TaskNames;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.time.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    /** The same engine's HTTP client, for the calls read on the calling thread. */
    private final DockerHttpClient http;
    private final Task task;
    private final Clock clock;
    /** Creates and starts running at once on the engine (the executor's bound). */
    private final Semaphore slots;
    private final ImagePulls pulls;
    private final boolean mayExist;

    private volatile String containerId;
    private volatile Long pid;
    private volatile Long exitCode;
    private CompletableFuture<Integer> exit; // guarded by this
    private Thread exitWatcher;              // guarded by this
    private DockerHttpClient.Response waiting; // guarded by this
    private volatile boolean closed;
    /** Set by the step that created the container: it exists and was never started. */
    private volatile boolean createdHere;
    private volatile String noSuchImage;
    /** Whether the container reports health (from its config; it never changes); null until known. */
    private volatile Boolean health;

    DockerController(DockerClient docker, DockerHttpClient http, Task task, Clock clock, Semaphore slots,
                     ImagePulls pulls) {
        this.docker = docker;
        this.http = http;
        this.task = task;
        this.clock = clock;
        this.slots = slots;
        this.pulls = pulls;
        // Before ACCEPTED the agent has not touched the task: no container of it can exist yet. From
        // ACCEPTED on (a restarted daemon, a repeated step) one may, and is adopted.
        this.mayExist = task.status() == null || task.status().state() == null
                || !task.status().state().isBefore(TaskState.ACCEPTED);
    }

    private TaskSpec.ContainerSpec spec() {
        return task.spec().containerSpec();
    }

    /**
     * Creates the container, as {@code docker run} does: straight away, and only when the engine
     * says the image is missing, pulls it (one pull per image at a time) and creates again. A task
     * whose image is present costs one call, and no registry round trip.
     */
    @Override
    public void prepare() throws InterruptedException {
        if (containerId != null) {
            return;
        }
        try {
            if (mayExist && findContainer() != null) {
                return; // created before (a repeated step, or a restarted daemon)
            }
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
        if (createInSlot()) {
            return;
        }
        pulls.pull(spec().image());
        if (!createInSlot()) {
            throw ExecException.fatal(noSuchImage);
        }
    }

    /** One create while holding an engine slot; false if the engine has no such image. */
    private boolean createInSlot() throws InterruptedException {
        slots.acquire();
        try {
            return create();
        } finally {
            slots.release();
        }
    }

    /** Pulls that ended; their failures are only logged, as in Swarm: the create after it says what is wrong. */
    static void pull(DockerClient docker, String image, Duration timeout) throws InterruptedException {
        ImageRef ref = ImageRef.parse(image);
        QuietPull pull = docker.pullImageCmd(ref.repository()).withTag(ref.tag()).exec(new QuietPull());
        try {
            if (!pull.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("pulling {} did not finish within {}", image, timeout);
            } else if (pull.error != null) {
                log.info("pulling {} failed: {}", image, DockerErrors.engineMessage(pull.error));
            }
        } catch (RuntimeException e) {
            log.info("pulling {} failed: {}", image, DockerErrors.engineMessage(e));
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

    private boolean create() {
        try {
            containerId = ContainerConfig.apply(docker.createContainerCmd(spec().image()), task).exec().getId();
            createdHere = true;
            return true;
        } catch (NotFoundException e) {
            noSuchImage = DockerErrors.engineMessage(e); // "No such image: x"
            return false;
        } catch (ConflictException e) {
            // name in use: our own container from an attempt that did not get to record it
            String id = findContainer();
            if (id == null) {
                throw ExecException.fatal(DockerErrors.engineMessage(e), e);
            }
            return true;
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
    }

    /**
     * Starts the container (within an engine slot), then looks at it once for its PID and whether it
     * has a health check. A container this controller did not create is looked at first: it may
     * have run and ended already, or be running.
     */
    @Override
    public void start() throws InterruptedException {
        String id = requireContainer();
        slots.acquire();
        try {
            if (!createdHere) {
                InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
                if (!Boolean.TRUE.equals(c.getState().getRunning()) && c.getState().getFinishedAt() != null
                        && !c.getState().getFinishedAt().startsWith("0001-")) {
                    record(c);
                    return; // it ran and ended already: exit() reports how
                }
                if (!Boolean.TRUE.equals(c.getState().getRunning())) {
                    docker.startContainerCmd(id).exec();
                }
            } else {
                docker.startContainerCmd(id).exec();
            }
        } catch (NotModifiedException alreadyStarted) {
            // fine
        } catch (NotFoundException e) {
            throw ExecException.fatal("task: container " + id + " is gone", e);
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        } finally {
            slots.release();
        }
        InspectContainerResponse started = inspect(id);
        record(started);
        if (hasHealthCheck(started)) {
            awaitHealthy(id, started);
        }
    }

    /** Swarm holds the task in STARTING until the container reports healthy. */
    private void awaitHealthy(String id, InspectContainerResponse first) throws InterruptedException {
        InspectContainerResponse c = first;
        while (true) {
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
            c = inspect(id);
            record(c);
        }
    }

    @Override
    public synchronized CompletableFuture<Integer> exit() {
        if (exit != null && !(exit.isCompletedExceptionally() && failedTemporarily(exit))) {
            // after a temporary failure (engine briefly away) a new call watches again; a final one
            // (the container turned unhealthy) stays the answer
            return exit;
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

    private static boolean failedTemporarily(CompletableFuture<Integer> f) {
        try {
            f.join();
            return false;
        } catch (java.util.concurrent.CompletionException e) {
            return !(e.getCause() instanceof ExecException ee) || ee.isTemporary();
        } catch (java.util.concurrent.CancellationException e) {
            return true;
        }
    }

    /**
     * The engine's wait, read on this (virtual) thread: docker-java's callback API would hold a
     * platform thread of its own per running container for as long as the container runs.
     */
    private int awaitExit() {
        String id = requireContainer();
        DockerHttpClient.Response response;
        try {
            response = http.execute(DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST).path("/containers/" + id + "/wait").build());
        } catch (RuntimeException e) {
            throw DockerErrors.classify(e);
        }
        synchronized (this) {
            waiting = response;
            if (closed) {
                closeQuietly(response);
                throw ExecException.temporary("controller closed", null);
            }
        }
        try (response) {
            int status = response.getStatusCode();
            byte[] body = response.getBody().readAllBytes(); // until the container exits
            if (status == 404) {
                throw ExecException.fatal("task: container " + id + " is gone");
            }
            if (status >= 300) {
                throw ExecException.fatal(DockerErrors.engineMessage(
                        new IllegalStateException("Status " + status + ": " + new String(body, StandardCharsets.UTF_8))));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ExecException ee) {
                throw ee;
            }
            if (closed) {
                throw ExecException.temporary("controller closed", e);
            }
            throw ExecException.temporary("docker engine: waiting for container " + id + ": " + e, e);
        } finally {
            synchronized (this) {
                waiting = null;
            }
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

    /** Known once the container was looked at; a container adopted while running is looked at now. */
    private boolean hasHealthCheck() {
        Boolean h = health;
        if (h != null) {
            return h;
        }
        String id = containerId;
        return id != null && hasHealthCheck(inspect(id));
    }

    /** The spec's check if it has one, else the image's (the container's config carries either). */
    private boolean hasHealthCheck(InspectContainerResponse c) {
        var h = spec().healthCheck();
        boolean has;
        if (h != null && h.test() != null && !h.test().isEmpty()) {
            has = ContainerConfig.hasHealthCheck(h.test());
        } else {
            var cfg = c.getConfig();
            has = cfg != null && cfg.getHealthcheck() != null
                    && ContainerConfig.hasHealthCheck(cfg.getHealthcheck().getTest());
        }
        health = has;
        return has;
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
