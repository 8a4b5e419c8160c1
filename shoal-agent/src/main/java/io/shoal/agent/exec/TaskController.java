package io.shoal.agent.exec;

import io.shoal.api.Task;
import java.util.concurrent.CompletableFuture;

/**
 * Drives one task's container (or process) through its life, after SwarmKit's exec.Controller. The
 * agent calls it from one thread at a time, in the order prepare, start, exit, then shutdown/remove;
 * every step is idempotent, so after a daemon restart the agent may repeat a step that already
 * happened (an existing container counts as prepared, a running one as started).
 * <p>
 * Failures are {@link ExecException}s: temporary ones are retried, fatal ones end the task
 * (REJECTED before STARTING, FAILED after). A blocking call returns early with
 * {@link InterruptedException} when the agent cancels it (the task is being shut down).
 */
public interface TaskController extends AutoCloseable {
    /** Makes the task ready to start: pulls the image if missing, creates the container. */
    void prepare() throws InterruptedException;

    /** Starts it; with a health check, returns only once it is healthy. */
    void start() throws InterruptedException;

    /**
     * Completes with the exit code once the started task ends; completes exceptionally with an
     * {@link ExecException} if it fails otherwise (e.g. unhealthy, or the container vanished).
     * Calling it again returns the same future.
     */
    CompletableFuture<Integer> exit();

    /** Stops the task gracefully: its stop signal, then a kill after the task's stop grace period. */
    void shutdown() throws InterruptedException;

    /** Stops (if still running) and deletes the container or process state. Missing counts as removed. */
    void remove() throws InterruptedException;

    /** What the task status reports about the container: ID, PID, exit code. Null before it exists. */
    Task.ContainerStatus containerStatus();

    /** Releases what the controller holds (streams, watchers); the task itself keeps running. */
    @Override
    void close();
}
