package io.shoal.agent;

import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one task through its states with its controller, one step at a time, like SwarmKit's
 * taskManager looping on exec.Do. Steps run on a work thread only while there is something to do: a
 * new assignment, a finished exit, a retry. Waiting for the task to exit holds no thread.
 * <p>
 * The observed state only moves forward, and never past the desired state except for the in-flight
 * steps PREPARING→READY, STARTING→RUNNING and RUNNING→COMPLETE. A fatal error before STARTING
 * rejects the task; from STARTING on it fails it.
 */
final class TaskManager {
    private static final Logger log = LoggerFactory.getLogger(TaskManager.class);
    static final Duration RETRY = Duration.ofSeconds(1);
    /** Tries of a removal the engine keeps refusing (temporarily) before giving the container up. */
    static final int REMOVE_TRIES = 3;

    /** What the worker learns from a manager. */
    interface Events {
        void statusChanged(Task task);

        /** The task is unassigned and its container removed: forget it. */
        void removed(String taskId, TaskManager manager);
    }

    private final Executor executor;
    private final Clock clock;
    private final java.util.concurrent.Executor work;
    private final TaskStore store;
    private final Events events;

    // guarded by this
    private Task task;
    private boolean assigned = true;
    private boolean closed;
    private boolean draining;
    private boolean dirty;
    private Thread stepper;
    private Clock.Cancellable retry;

    // used only by the draining thread (one at a time; the lock above orders them)
    private TaskController controller;
    private boolean watchingExit;
    private boolean containerRemoved;
    private int removeFailures;

    TaskManager(Task task, Executor executor, Clock clock, java.util.concurrent.Executor work, TaskStore store,
                Events events) {
        this.task = task;
        this.executor = executor;
        this.clock = clock;
        this.work = work;
        this.store = store;
        this.events = events;
    }

    /** Saves the task and takes its first step. */
    void start() {
        synchronized (this) {
            store.put(task);
        }
        kick();
    }

    synchronized Task task() {
        return task;
    }

    /**
     * A new copy of the task from the manager. Our observed status wins (the manager's lags behind),
     * and a lower desired state is ignored.
     */
    void update(Task assignment) {
        boolean cancelStep;
        synchronized (this) {
            if (!assigned || closed) {
                return;
            }
            TaskState desired = assignment.desiredState().isAfter(task.desiredState())
                    ? assignment.desiredState() : task.desiredState();
            Task next = assignment.withStatus(task.status()).withDesiredState(desired);
            if (next.equals(task)) {
                return;
            }
            cancelStep = desired.compareTo(TaskState.SHUTDOWN) >= 0
                    && task.desiredState().compareTo(TaskState.SHUTDOWN) < 0;
            task = next;
            store.put(task);
        }
        if (cancelStep) {
            interruptStep(); // a pull or a health wait must not delay the shutdown
        }
        kick();
    }

    /** The task is no longer assigned to this node: stop and remove its container, then forget it. */
    void unassign() {
        synchronized (this) {
            if (!assigned) {
                return;
            }
            assigned = false;
        }
        interruptStep();
        kick();
    }

    /** The agent is stopping: stop driving the task, leave it running. */
    void close() {
        synchronized (this) {
            closed = true;
            if (retry != null) {
                retry.cancel();
            }
        }
        interruptStep();
        kick();
    }

    void kick() {
        synchronized (this) {
            dirty = true;
            if (draining) {
                return;
            }
            draining = true;
        }
        work.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Task t;
            boolean remove;
            synchronized (this) {
                if (closed || !dirty) {
                    draining = false;
                    stepper = null;
                    if (closed) {
                        closeController();
                    }
                    Thread.interrupted(); // an interrupt that came after the last step is not ours to keep
                    return;
                }
                dirty = false;
                t = task;
                remove = !assigned;
                stepper = Thread.currentThread();
            }
            try {
                if (remove) {
                    if (removeStep(t)) {
                        return;
                    }
                    continue;
                }
                Task.TaskStatus next = step(t);
                if (next != null) {
                    apply(next);
                }
            } catch (InterruptedException e) {
                synchronized (this) {
                    dirty = true; // cancelled for a shutdown or removal: look again
                }
            }
        }
    }

    private void apply(Task.TaskStatus next) {
        Task changed;
        synchronized (this) {
            TaskState from = task.status().state();
            if (next.state().isBefore(from)) {
                throw new IllegalStateException("task " + task.id() + " cannot move back from " + from.wire()
                        + " to " + next.state().wire());
            }
            task = task.withStatus(next);
            dirty = true;
            store.put(task);
            changed = task;
        }
        events.statusChanged(changed);
    }

    /** One step of exec.Do; the new status, or null when there is nothing to do now. */
    private Task.TaskStatus step(Task t) throws InterruptedException {
        TaskState state = t.status().state();
        TaskState desired = t.desiredState();
        try {
            if (desired.compareTo(TaskState.SHUTDOWN) >= 0) {
                if (!state.isTerminal()) {
                    if (hasContainer(state)) {
                        controller(t).shutdown();
                    }
                    return status(t, TaskState.SHUTDOWN, "shutdown");
                }
                if (desired == TaskState.REMOVE && !containerRemoved) {
                    removeContainer(t);
                }
                return null;
            }
            if (state.isAfter(desired)) {
                return null;
            }
            // these steps may go one past the desired state
            switch (state) {
                case PREPARING -> {
                    controller(t).prepare();
                    return status(t, TaskState.READY, "prepared");
                }
                case STARTING -> {
                    controller(t).start();
                    return status(t, TaskState.RUNNING, "started");
                }
                case RUNNING -> {
                    return exited(t);
                }
                default -> { }
            }
            if (state == desired) {
                return null; // held here, e.g. READY while the start is delayed
            }
            return switch (state) {
                case NEW, PENDING, ASSIGNED -> {
                    controller(t);
                    yield status(t, TaskState.ACCEPTED, "accepted");
                }
                case ACCEPTED -> status(t, TaskState.PREPARING, "preparing");
                case READY -> status(t, TaskState.STARTING, "starting");
                default -> null;
            };
        } catch (ExecException e) {
            if (e.isTemporary()) {
                log.info("task {}: {} (retrying)", t.id(), e.getMessage());
                retryLater();
                return null;
            }
            return failed(t, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("task {}: unexpected error in state {}", t.id(), state.wire(), e);
            return failed(t, String.valueOf(e.getMessage()));
        }
    }

    /** RUNNING: done once the exit future is; until then a completion wakes us up. */
    private Task.TaskStatus exited(Task t) {
        CompletableFuture<Integer> exit = controller(t).exit();
        if (!exit.isDone()) {
            if (!watchingExit) {
                watchingExit = true;
                exit.whenComplete((code, err) -> kick());
            }
            return null;
        }
        int code;
        try {
            code = exit.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ExecException ee && ee.isTemporary()) {
                watchingExit = false;
                log.info("task {}: {} (retrying)", t.id(), ee.getMessage());
                retryLater();
                return null;
            }
            return failed(t, cause instanceof ExecException ? cause.getMessage() : String.valueOf(cause));
        }
        if (code == 0) {
            return status(t, TaskState.COMPLETE, "finished");
        }
        return status(t, TaskState.FAILED, "failed").withErr("task: non-zero exit (" + code + ")");
    }

    /** A task that got as far as ACCEPTED may have a container (or, after a restart, we cannot know it has not). */
    private boolean hasContainer(TaskState state) {
        return controller != null || !state.isBefore(TaskState.ACCEPTED);
    }

    private void removeContainer(Task t) throws InterruptedException {
        try {
            if (hasContainer(t.status().state())) {
                controller(t).remove();
            }
            containerRemoved = true;
        } catch (ExecException e) {
            if (e.isTemporary() && ++removeFailures < REMOVE_TRIES) {
                retryLater();
                return;
            }
            log.warn("task {}: cannot remove its container: {}", t.id(), e.getMessage());
            containerRemoved = true;
        }
    }

    /** Unassigned: remove the container, then drop the task. True when done. */
    private boolean removeStep(Task t) throws InterruptedException {
        if (!containerRemoved) {
            removeContainer(t);
            if (!containerRemoved) {
                return false; // a retry is scheduled
            }
        }
        synchronized (this) {
            draining = false;
            stepper = null;
            closeController();
            store.delete(t.id());
        }
        Thread.interrupted();
        events.removed(t.id(), this);
        return true;
    }

    private Task.TaskStatus failed(Task t, String err) {
        TaskState state = t.status().state();
        TaskState to = state.isBefore(TaskState.STARTING) ? TaskState.REJECTED : TaskState.FAILED;
        return status(t, to, to == TaskState.REJECTED ? "rejected" : "failed").withErr(err);
    }

    private Task.TaskStatus status(Task t, TaskState state, String message) {
        Task.ContainerStatus cs = controller == null ? null : controller.containerStatus();
        if (cs == null) {
            cs = t.status().containerStatus();
        }
        return new Task.TaskStatus(clock.instant(), state, message, null, cs, t.status().portStatus());
    }

    private TaskController controller(Task t) {
        if (controller == null) {
            controller = executor.controller(t);
        }
        return controller;
    }

    private void retryLater() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (retry != null) {
                retry.cancel();
            }
            retry = clock.schedule(RETRY, this::kick);
        }
    }

    private void interruptStep() {
        synchronized (this) {
            if (stepper != null && stepper != Thread.currentThread()) {
                stepper.interrupt();
            }
        }
    }

    // guarded by this (called from the draining thread)
    private void closeController() {
        if (controller != null) {
            try {
                controller.close();
            } catch (RuntimeException e) {
                log.debug("closing the controller of task {}: {}", task.id(), e.toString());
            }
            controller = null;
            watchingExit = false;
        }
    }
}
