package io.shoal.manager.orchestrator.restart;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.RestartCondition;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.time.Clock;
import io.shoal.manager.orchestrator.LoopTimer;
import io.shoal.manager.orchestrator.SlotKey;
import io.shoal.manager.orchestrator.StoreWrites;
import io.shoal.manager.orchestrator.Tasks;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import io.shoal.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swarm's restart supervisor: replaces tasks that ended, as their restart policy allows, and starts
 * replacements only after the restart delay and once the old task has stopped.
 * <p>
 * It belongs to one orchestrator and runs on that orchestrator's loop thread: the orchestrator
 * forwards task and node changes ({@link #onTaskChange}, {@link #onNodeChange}), and writes the due
 * starts with {@link #flush} on each reconcile. Restart history is in memory only; after a leader
 * change the orchestrator rebuilds it from retained tasks ({@link #recordRestartHistory}) and re-arms
 * pending delayed starts ({@link #resumeDelayedStart}).
 */
public final class RestartSupervisor {
    private static final Logger log = LoggerFactory.getLogger(RestartSupervisor.class);
    /** How long a replacement waits at most for the old task to stop (its node may never report). */
    public static final Duration DEFAULT_OLD_TASK_TIMEOUT = Duration.ofMinutes(1);

    private final LoopTimer timer;
    private final Duration oldTaskTimeout;
    private final Map<String, Map<SlotKey, History>> historyByService = new HashMap<>();
    private final Map<String, PendingStart> delays = new HashMap<>();
    private final Map<String, Set<String>> waitersByOldTask = new HashMap<>();
    private final Set<String> startsDue = new LinkedHashSet<>();
    private final Set<String> restartsDue = new LinkedHashSet<>();

    public RestartSupervisor(LoopTimer timer, Duration oldTaskTimeout) {
        this.timer = requireNonNull(timer, "timer is null");
        this.oldTaskTimeout = requireNonNull(oldTaskTimeout, "oldTaskTimeout is null");
    }

    public RestartSupervisor(LoopTimer timer) {
        this(timer, DEFAULT_OLD_TASK_TIMEOUT);
    }

    /** Restarts within a policy's window: total since the spec version, and when each happened. */
    private static final class History {
        final Version specVersion;
        long total;
        final Deque<Instant> restarts = new ArrayDeque<>();

        History(Version specVersion) {
            this.specVersion = specVersion;
        }
    }

    /** A replacement waiting for its delay and for the task it replaces to stop. */
    private static final class PendingStart {
        final String taskId;
        final String oldTaskId;
        final String oldNodeId;
        boolean delayDone;
        boolean oldStopped;
        boolean restartWhenStarted;
        final List<Clock.Cancellable> timers = new ArrayList<>();

        PendingStart(String taskId, String oldTaskId, String oldNodeId) {
            this.taskId = taskId;
            this.oldTaskId = oldTaskId;
            this.oldNodeId = oldNodeId;
        }
    }

    /** Forgets all history and pending starts (the orchestrator restarted). */
    public void reset() {
        historyByService.clear();
        for (PendingStart p : delays.values()) {
            p.timers.forEach(Clock.Cancellable::cancel);
        }
        delays.clear();
        waitersByOldTask.clear();
        startsDue.clear();
        restartsDue.clear();
    }

    // ---- restarting -----------------------------------------------------------------------------

    /**
     * Shuts {@code t} down and, if its restart policy allows, creates its replacement in the same slot
     * (or on the same node for global services) with desired state READY; the replacement is started
     * later (see {@link #flush}). {@code t} must be the task as read in {@code tx}.
     */
    public void restart(Tx tx, Service service, Task t) {
        PendingStart own = delays.get(t.id());
        if (own != null) {
            // t is itself a replacement still in its restart delay: restart it only once that delay
            // has passed, so a task failing at once (a missing image) cannot restart in a tight loop.
            own.restartWhenStarted = true;
            return;
        }
        if (t.desiredState().isAfter(TaskState.COMPLETE)) {
            return; // already shut down by an earlier restart
        }
        tx.update(Table.TASKS, t.withDesiredState(TaskState.SHUTDOWN));
        if (!shouldRestart(t, service)) {
            return;
        }
        Instant now = timer.now();
        boolean global = Tasks.isGlobal(service) || Tasks.isGlobalJob(service);
        Task replacement = Tasks.newTask(service, global ? 0 : t.slot(), global ? t.nodeId() : null, now)
                .withDesiredState(TaskState.READY);
        if (Tasks.isJob(service)) {
            replacement = new Task(replacement.id(), null, null, null, replacement.labels(), replacement.spec(),
                    replacement.serviceId(), replacement.slot(), replacement.nodeId(), replacement.status(),
                    TaskState.READY, null, t.jobIteration(), replacement.specVersion(), replacement.serviceName());
        }
        Node node = t.nodeId() == null ? null : tx.get(Table.NODES, t.nodeId()).orElse(null);
        Duration delay = movedOffLostNode(t, node)
                ? Duration.ZERO : Duration.ofNanos(Tasks.restartPolicy(t.spec()).delayOrDefault());
        // Wait for the old task to stop unless it has, or never will report it (its node is gone).
        boolean waitStop = t.nodeId() != null && node != null && !Tasks.isDown(node)
                && !t.state().isAfter(TaskState.RUNNING);
        tx.create(Table.TASKS, replacement);
        recordRestartHistory(SlotKey.of(service, t), replacement);
        delayStart(t, replacement.id(), delay, waitStop);
    }

    /**
     * Whether {@code t} is replaced only because its node went away (down, drained or removed) while
     * the task itself had not ended: then it is no crash loop and its replacement starts without the
     * restart delay, which exists to slow down containers that keep failing. SwarmKit skips the delay
     * only for drained nodes; Shoal also skips it for down and removed ones, so a lost node's replicas
     * run elsewhere within seconds. A task that failed or completed by itself keeps its delay wherever
     * it ran.
     */
    static boolean movedOffLostNode(Task t, Node node) {
        if (t.nodeId() == null) {
            return false;
        }
        if (node != null && Tasks.availability(node) == NodeAvailability.DRAIN) {
            return true; // as SwarmKit: a drained node's tasks move at once, whatever their state
        }
        return !t.state().isAfter(TaskState.RUNNING) && Tasks.invalidNode(node);
    }

    /** Whether {@code t}, which ended, should be replaced under its restart policy. */
    public boolean shouldRestart(Task t, Service service) {
        TaskSpec.RestartPolicy policy = Tasks.restartPolicy(t.spec());
        RestartCondition condition = policy.conditionOrDefault();
        if (Tasks.isJob(service) && condition == RestartCondition.ANY) {
            condition = RestartCondition.ON_FAILURE; // a job's completed task is done, never re-run
        }
        switch (condition) {
            case NONE:
                return false;
            case ON_FAILURE:
                if (t.state() == TaskState.COMPLETE) {
                    return false;
                }
                break;
            case ANY:
                break;
        }
        long maxAttempts = policy.maxAttemptsOrZero();
        if (maxAttempts == 0) {
            return true;
        }
        History h = historyByService.getOrDefault(t.serviceId(), Map.of()).get(SlotKey.of(service, t));
        if (h == null || (t.specVersion() != null && !t.specVersion().equals(h.specVersion))) {
            return true; // no restarts yet under this spec: the count starts again on a spec change
        }
        long window = policy.windowOrZero();
        if (window == 0) {
            return h.total < maxAttempts;
        }
        Instant lookback = timer.now().minusNanos(window);
        while (!h.restarts.isEmpty() && !h.restarts.peekFirst().isAfter(lookback)) {
            h.restarts.pollFirst();
        }
        long counted = 0;
        for (Instant at : h.restarts) {
            // Restarts after this task was created are not its own history.
            if (t.createdAt() == null || !at.isAfter(t.createdAt())) {
                counted++;
            }
        }
        return counted < maxAttempts;
    }

    /**
     * The tasks of one slot that an update or a scale-down works on: those meant to run; or, when
     * none is, the newest one if it is not to be restarted (a slot whose task completed under
     * on-failure still counts). Empty means the slot is dead.
     */
    public List<Task> updatableTasksInSlot(List<Task> slot, Service service) {
        List<Task> updatable = new ArrayList<>();
        for (Task t : slot) {
            if (!t.desiredState().isAfter(TaskState.RUNNING)) {
                updatable.add(t);
            }
        }
        if (!updatable.isEmpty() || slot.isEmpty() || Tasks.isJob(service)) {
            return updatable;
        }
        Task newest = slot.stream().max(Tasks.BY_CREATION).orElseThrow();
        return shouldRestart(newest, service) ? List.of() : List.of(newest);
    }

    /** Counts a restart of {@code key} (only policies with MaxAttempts keep history). */
    public void recordRestartHistory(SlotKey key, Task replacement) {
        TaskSpec.RestartPolicy policy = Tasks.restartPolicy(replacement.spec());
        if (policy.maxAttemptsOrZero() == 0) {
            return;
        }
        Map<SlotKey, History> byKey = historyByService.computeIfAbsent(key.serviceId(), k -> new HashMap<>());
        History h = byKey.get(key);
        if (h == null || !Objects.equals(replacement.specVersion(), h.specVersion)) {
            h = new History(replacement.specVersion());
            byKey.put(key, h);
        }
        h.total++;
        if (policy.windowOrZero() > 0) {
            h.restarts.addLast(replacement.createdAt() != null ? replacement.createdAt() : timer.now());
        }
    }

    /**
     * After a leader change, rebuilds the history of one slot (or node) from the tasks kept: all tasks
     * of its newest spec version but the first one created were restarts.
     */
    public void rebuildHistory(SlotKey key, List<Task> tasks) {
        long max = tasks.stream().mapToLong(t -> t.specVersion() == null ? 0 : t.specVersion().index()).max().orElse(0);
        List<Task> newest = new ArrayList<>(tasks.stream()
                .filter(t -> t.specVersion() != null && t.specVersion().index() == max).toList());
        newest.sort(Tasks.BY_CREATION);
        for (int i = 1; i < newest.size(); i++) {
            recordRestartHistory(key, newest.get(i));
        }
    }

    public void clearServiceHistory(String serviceId) {
        historyByService.remove(serviceId);
    }

    // ---- delayed starts -------------------------------------------------------------------------

    /**
     * Starts task {@code newTaskId} (sets desired RUNNING) once {@code delay} has passed and, if
     * {@code waitStop}, once {@code oldTask} has stopped, its node went down, or the old-task timeout
     * (a minute by default) passed.
     */
    public void delayStart(Task oldTask, String newTaskId, Duration delay, boolean waitStop) {
        PendingStart previous = delays.remove(newTaskId);
        if (previous != null) {
            cancel(previous);
        }
        boolean waitForTask = waitStop && oldTask != null && !oldTask.state().isAfter(TaskState.RUNNING);
        PendingStart p = new PendingStart(newTaskId, waitForTask ? oldTask.id() : null,
                waitForTask ? oldTask.nodeId() : null);
        p.delayDone = delay.isZero() || delay.isNegative();
        p.oldStopped = !waitForTask;
        delays.put(newTaskId, p);
        if (!p.delayDone) {
            p.timers.add(timer.schedule(delay, () -> {
                p.delayDone = true;
                check(p);
            }));
        }
        if (waitForTask) {
            waitersByOldTask.computeIfAbsent(oldTask.id(), k -> new HashSet<>()).add(newTaskId);
            p.timers.add(timer.schedule(oldTaskTimeout, () -> {
                if (!p.oldStopped) {
                    log.debug("task {} did not stop within {}; starting {} anyway", p.oldTaskId, oldTaskTimeout,
                            p.taskId);
                }
                p.oldStopped = true;
                check(p);
            }));
        }
        check(p);
    }

    /**
     * After a leader change: a task left with desired READY gets the rest of its restart delay
     * (counted from its last status) and then starts.
     */
    public void resumeDelayedStart(Task t) {
        Duration delay = Duration.ofNanos(Tasks.restartPolicy(t.spec()).delayOrDefault());
        Instant since = t.status() == null ? null : t.status().timestamp();
        if (!delay.isZero() && since != null) {
            Duration left = Duration.between(timer.now(), since.plus(delay));
            if (left.compareTo(delay) < 0) {
                delay = left;
            }
        }
        delayStart(null, t.id(), delay.isNegative() ? Duration.ZERO : delay, true);
    }

    public boolean hasPendingStart(String taskId) {
        return delays.containsKey(taskId);
    }

    private void check(PendingStart p) {
        if (p.delayDone && p.oldStopped && delays.get(p.taskId) == p) {
            startsDue.add(p.taskId);
        }
    }

    private void cancel(PendingStart p) {
        p.timers.forEach(Clock.Cancellable::cancel);
        startsDue.remove(p.taskId);
        if (p.oldTaskId != null) {
            Set<String> w = waitersByOldTask.get(p.oldTaskId);
            if (w != null) {
                w.remove(p.taskId);
                if (w.isEmpty()) {
                    waitersByOldTask.remove(p.oldTaskId);
                }
            }
        }
    }

    /** A task changed: a replacement waiting for it may go ahead once it has stopped. */
    public void onTaskChange(Task t) {
        if (t.state().isAfter(TaskState.RUNNING)) {
            oldTaskGone(t.id());
        }
    }

    public void onTaskDeleted(Task t) {
        oldTaskGone(t.id());
        PendingStart p = delays.remove(t.id());
        if (p != null) {
            cancel(p);
        }
    }

    private void oldTaskGone(String oldTaskId) {
        Set<String> waiting = waitersByOldTask.remove(oldTaskId);
        if (waiting == null) {
            return;
        }
        for (String id : waiting) {
            PendingStart p = delays.get(id);
            if (p != null) {
                p.oldStopped = true;
                check(p);
            }
        }
    }

    /** A node went down or was removed: replacements waiting for its tasks need not wait on. */
    public void onNodeChange(Node node, boolean deleted) {
        if (!deleted && !Tasks.isDown(node)) {
            return;
        }
        for (PendingStart p : delays.values()) {
            if (!p.oldStopped && node.id().equals(p.oldNodeId)) {
                p.oldStopped = true;
                check(p);
            }
        }
    }

    /**
     * Writes the starts that are due (desired READY → RUNNING, or COMPLETE for job tasks) and
     * returns the tasks that asked to be restarted once their own delay was over.
     */
    public Set<String> flush(MemoryStore store) {
        if (!startsDue.isEmpty()) {
            List<String> due = new ArrayList<>(startsDue);
            List<StoreWrites.Op> ops = new ArrayList<>(due.size());
            for (String id : due) {
                ops.add(new StoreWrites.Op(id, tx -> startNow(tx, id)));
            }
            Set<String> failed = StoreWrites.apply(store, ops, log);
            for (String id : due) {
                if (failed.contains(id)) {
                    continue; // stays due: retried on the next reconcile
                }
                startsDue.remove(id);
                PendingStart p = delays.remove(id);
                if (p != null) {
                    cancel(p);
                    if (p.restartWhenStarted) {
                        restartsDue.add(id);
                    }
                }
            }
        }
        if (restartsDue.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>(restartsDue);
        restartsDue.clear();
        return out;
    }

    /** Lets a task that waits with desired READY run now (no-op if it is gone or past that). */
    public static void startNow(Tx tx, String taskId) {
        Task t = tx.get(Table.TASKS, taskId).orElse(null);
        if (t == null || !t.desiredState().isBefore(TaskState.RUNNING)) {
            return;
        }
        tx.update(Table.TASKS, t.withDesiredState(t.jobIteration() != null ? TaskState.COMPLETE : TaskState.RUNNING));
    }
}
