package io.shoal.manager.orchestrator.update;

import static java.util.Objects.requireNonNull;

import io.shoal.api.FailureAction;
import io.shoal.api.Node;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.UpdateOrder;
import io.shoal.api.UpdateState;
import io.shoal.api.Version;
import io.shoal.api.time.Clock;
import io.shoal.manager.orchestrator.LoopTimer;
import io.shoal.manager.orchestrator.StoreWrites;
import io.shoal.manager.orchestrator.TaskDirtiness;
import io.shoal.manager.orchestrator.Tasks;
import io.shoal.manager.orchestrator.restart.RestartSupervisor;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rolling update of one service towards one spec version, as a state machine stepped by its
 * orchestrator's loop ({@link #advance()} on every reconcile, {@link #onTaskChange} on every task
 * change). Swarm's updater: {@code parallelism} workers take the dirty slots in turn; each replaces
 * its slot's task (stop-first: shut the old one down, then start the new one; start-first: start the
 * new one, and shut the old one down once it runs), then waits {@code delay}. A task of this update
 * that fails before it has run for {@code monitor} is a failure; past {@code max_failure_ratio} the
 * failure action runs. After the last slot (and its delay) it watches one more {@code monitor} period
 * ({@code delay} + 1 s when that is longer) and only then marks the update completed, so the docker
 * CLI sees the service converge first.
 */
final class Updater {
    private static final Logger log = LoggerFactory.getLogger(Updater.class);

    private enum Phase { SLOTS, MONITOR, DONE }

    private enum Step { IDLE, AWAIT_START, AWAIT_RUNNING, DELAY }

    /** One of the {@code parallelism} workers: which slot it is on and what it waits for. */
    private static final class Worker {
        Step step = Step.IDLE;
        String taskId;
        boolean startFirst;
        List<Task> slot;
        Instant until;
    }

    private final MemoryStore store;
    private final LoopTimer timer;
    private final RestartSupervisor restarts;
    private final Service service;
    private final List<List<Task>> slots;

    private Phase phase = Phase.SLOTS;
    private boolean rollback;
    private ServiceSpec.UpdateConfig config;
    private Duration monitor;
    private Duration delay;
    private final Deque<List<Task>> queue = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private int dirtySlots;
    /** Tasks this update created, with when they were first seen running (null: not yet). */
    private final Map<String, Instant> updatedTasks = new HashMap<>();
    private final Set<String> failedTasks = new HashSet<>();
    private int failures;
    private String failedTaskId;
    private Instant monitorUntil;
    private final List<Clock.Cancellable> timers = new ArrayList<>();

    Updater(MemoryStore store, LoopTimer timer, RestartSupervisor restarts, Service service, List<List<Task>> slots) {
        this.store = requireNonNull(store, "store is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.restarts = requireNonNull(restarts, "restarts is null");
        this.service = requireNonNull(service, "service is null");
        this.slots = List.copyOf(slots);
    }

    Service service() {
        return service;
    }

    boolean isDone() {
        return phase == Phase.DONE;
    }

    void cancel() {
        phase = Phase.DONE;
        timers.forEach(Clock.Cancellable::cancel);
        timers.clear();
    }

    /** Decides what is dirty and starts the update, or finishes at once when nothing is. */
    void begin() {
        Service.UpdateStatus status = service.updateStatus();
        if (status != null && (status.state() == UpdateState.PAUSED || status.state() == UpdateState.ROLLBACK_PAUSED)) {
            phase = Phase.DONE; // a paused update waits for the next spec change
            return;
        }
        List<List<Task>> dirty = store.view(tx -> {
            List<List<Task>> out = new ArrayList<>();
            for (List<Task> slot : slots) {
                if (isSlotDirty(tx, slot)) {
                    out.add(slot);
                }
            }
            return out;
        });
        if (dirty.isEmpty()) {
            if (status != null && (status.state() == UpdateState.UPDATING
                    || status.state() == UpdateState.ROLLBACK_STARTED)) {
                writeStatus(this::completed);
            }
            phase = Phase.DONE;
            return;
        }
        rollback = status != null && status.state() == UpdateState.ROLLBACK_STARTED;
        writeStatus(this::started);
        ServiceSpec.UpdateConfig cfg = rollback ? service.spec().rollbackConfig() : service.spec().updateConfig();
        config = cfg == null ? ServiceSpec.UpdateConfig.DEFAULT : cfg.withDefaults();
        monitor = Duration.ofNanos(config.monitor());
        delay = Duration.ofNanos(Math.max(0, config.delay()));
        dirtySlots = dirty.size();
        queue.addAll(dirty);
        long parallelism = config.parallelism() <= 0 ? dirty.size() : Math.min(config.parallelism(), dirty.size());
        for (long i = 0; i < parallelism; i++) {
            workers.add(new Worker());
        }
        log.info("service {}: {} of {} slots to {}", service.id(), dirty.size(), slots.size(),
                rollback ? "roll back" : "update");
        advance();
    }

    private boolean isSlotDirty(io.shoal.store.ReadTx tx, List<Task> slot) {
        return slot.size() > 1 || (slot.size() == 1 && isTaskDirty(tx, slot.get(0)));
    }

    private boolean isTaskDirty(io.shoal.store.ReadTx tx, Task t) {
        Node node = t.nodeId() == null ? null : tx.get(Table.NODES, t.nodeId()).orElse(null);
        return TaskDirtiness.isDirty(service, t, node);
    }

    /** A task of the service changed: note when ours run, and count ours that failed. */
    void onTaskChange(Task t) {
        if (phase == Phase.DONE || !updatedTasks.containsKey(t.id())) {
            return;
        }
        Instant now = timer.now();
        if (!t.state().isBefore(TaskState.RUNNING) && updatedTasks.get(t.id()) == null) {
            updatedTasks.put(t.id(), now);
        }
        if (config.failureAction() == FailureAction.CONTINUE || !t.state().isAfter(TaskState.RUNNING)
                || failedTasks.contains(t.id())) {
            return;
        }
        Instant runningSince = updatedTasks.get(t.id());
        if (runningSince != null && now.isAfter(runningSince.plus(monitor))) {
            return; // ran for the whole monitoring period: not the update's fault
        }
        failedTasks.add(t.id());
        failures++;
        if (failedTaskId == null && (double) failures / dirtySlots > config.maxFailureRatio()) {
            failedTaskId = t.id();
        }
    }

    /** Moves the update on as far as the store's current state allows. */
    void advance() {
        if (phase == Phase.DONE) {
            return;
        }
        if (failedTaskId != null) {
            failureAction();
            cancel();
            return;
        }
        if (phase == Phase.SLOTS) {
            for (Worker w : workers) {
                step(w);
                if (phase == Phase.DONE) {
                    return;
                }
            }
            if (queue.isEmpty() && workers.stream().allMatch(w -> w.step == Step.IDLE)) {
                phase = Phase.MONITOR;
                monitor = finalMonitor(monitor, delay);
                monitorUntil = timer.now().plus(monitor);
                timers.add(timer.schedule(monitor, () -> {}));
            }
        }
        if (phase == Phase.MONITOR && !timer.now().isBefore(monitorUntil)) {
            writeStatus(this::completed);
            cancel();
        }
    }

    /**
     * How long the last batch is watched once every worker is done (SwarmKit's rule): the monitor
     * period, or the delay plus one second when the delay is at least as long. The longer period
     * also becomes the failure window from then on, as in SwarmKit.
     */
    static Duration finalMonitor(Duration monitor, Duration delay) {
        return delay.compareTo(monitor) >= 0 ? delay.plusSeconds(1) : monitor;
    }

    private void step(Worker w) {
        while (true) {
            switch (w.step) {
                case IDLE -> {
                    List<Task> slot = queue.pollFirst();
                    if (slot == null) {
                        return;
                    }
                    startSlot(w, slot);
                }
                case AWAIT_START -> {
                    Task t = current(w.taskId);
                    if (t != null && t.desiredState().isBefore(TaskState.RUNNING)) {
                        return;
                    }
                    afterSlot(w);
                }
                case AWAIT_RUNNING -> {
                    Task t = current(w.taskId);
                    // Waits until the new task runs (or ended); unless it was replaced meanwhile (its node
                    // went down, say), as then it may never report again.
                    if (t != null && t.state().isBefore(TaskState.RUNNING)
                            && !t.desiredState().isAfter(TaskState.RUNNING)) {
                        return;
                    }
                    if (t != null && !t.state().isBefore(TaskState.RUNNING) && updatedTasks.get(t.id()) == null) {
                        updatedTasks.put(t.id(), timer.now());
                    }
                    if (t != null && w.startFirst && t.state() == TaskState.RUNNING) {
                        removeOldTasks(w.slot, t.id());
                    }
                    afterSlot(w);
                }
                case DELAY -> {
                    if (timer.now().isBefore(w.until)) {
                        return;
                    }
                    w.step = Step.IDLE;
                }
            }
            if (phase == Phase.DONE) {
                return;
            }
        }
    }

    private Task current(String taskId) {
        return store.view(tx -> tx.get(Table.TASKS, taskId)).orElse(null);
    }

    private void startSlot(Worker w, List<Task> slot) {
        Task running = null;
        Task clean = null;
        Map<String, Boolean> dirty = store.view(tx -> {
            Map<String, Boolean> out = new HashMap<>();
            for (Task t : slot) {
                out.put(t.id(), isTaskDirty(tx, t));
            }
            return out;
        });
        for (Task t : slot) {
            if (dirty.get(t.id())) {
                continue;
            }
            if (t.desiredState() == TaskState.RUNNING) {
                running = t;
                break;
            }
            if (t.desiredState().isBefore(TaskState.RUNNING)) {
                clean = t;
            }
        }
        Task existing = running != null ? running : clean;
        if (existing != null) {
            useExistingTask(w, slot, existing);
        } else {
            updateTask(w, slot);
        }
    }

    /** The slot already has a task of the new spec: keep it (start it if it waits), drop the others. */
    private void useExistingTask(Worker w, List<Task> slot, Task existing) {
        Task removed = removeOldTasks(slot, existing.id());
        if (existing.desiredState() != TaskState.RUNNING) {
            restarts.delayStart(removed, existing.id(), Duration.ZERO, true);
            w.step = Step.AWAIT_START;
            w.taskId = existing.id();
            return;
        }
        afterSlot(w);
    }

    private void updateTask(Worker w, List<Task> slot) {
        boolean startFirst = config.order() == UpdateOrder.START_FIRST;
        Task first = slot.get(0);
        boolean global = Tasks.isGlobal(service);
        Task updated = Tasks.newTask(service, global ? 0 : first.slot(), global ? first.nodeId() : null, timer.now())
                .withDesiredState(startFirst ? TaskState.RUNNING : TaskState.READY);
        updatedTasks.put(updated.id(), null);
        boolean created = StoreWrites.applyOne(store, tx -> {
            if (tx.get(Table.SERVICES, service.id()).isEmpty()) {
                throw new io.shoal.api.ShoalException.NotFound("service " + service.id() + " was deleted");
            }
            tx.create(Table.TASKS, updated);
        }, log);
        if (!created) {
            afterSlot(w);
            return;
        }
        if (!startFirst) {
            // Stop-first: the new task starts once an old one has stopped (or a minute passed).
            Task removed = removeOldTasks(slot, updated.id());
            restarts.delayStart(removed, updated.id(), Duration.ZERO, true);
        }
        w.step = Step.AWAIT_RUNNING;
        w.taskId = updated.id();
        w.startFirst = startFirst;
        w.slot = slot;
    }

    /** Shuts down the slot's tasks other than {@code keepId}; returns one that was shut down (or null). */
    private Task removeOldTasks(List<Task> slot, String keepId) {
        List<StoreWrites.Op> ops = new ArrayList<>();
        List<Task> candidates = new ArrayList<>();
        for (Task original : slot) {
            if (original.id().equals(keepId) || original.desiredState().isAfter(TaskState.RUNNING)) {
                continue;
            }
            candidates.add(original);
            ops.add(new StoreWrites.Op(original.id(), tx -> {
                Task t = tx.get(Table.TASKS, original.id()).orElse(null);
                if (t == null || t.desiredState().isAfter(TaskState.RUNNING)) {
                    throw new IllegalStateException("task " + original.id() + " was already shut down");
                }
                tx.update(Table.TASKS, t.withDesiredState(TaskState.SHUTDOWN));
            }));
        }
        if (ops.isEmpty()) {
            return null;
        }
        Set<String> failed = StoreWrites.apply(store, ops, log);
        return candidates.stream().filter(t -> !failed.contains(t.id())).findFirst().orElse(null);
    }

    private void afterSlot(Worker w) {
        w.taskId = null;
        w.slot = null;
        if (delay.isZero()) {
            w.step = Step.IDLE;
        } else {
            w.step = Step.DELAY;
            w.until = timer.now().plus(delay);
            timers.add(timer.schedule(delay, () -> {}));
        }
    }

    // ---- UpdateStatus ------------------------------------------------------------------------------

    private void failureAction() {
        String task = failedTaskId;
        if (config.failureAction() == FailureAction.ROLLBACK && !rollback) {
            log.info("service {}: update failed (task {}), rolling back", service.id(), task);
            writeStatus(s -> rolledBack(s, "update rolled back due to failure or early termination of task " + task));
        } else {
            // A failing rollback pauses rather than rolling back again.
            String what = rollback && config.failureAction() == FailureAction.ROLLBACK ? "rollback" : "update";
            log.info("service {}: {} paused (task {} failed)", service.id(), what, task);
            writeStatus(s -> paused(s, what + " paused due to failure or early termination of task " + task));
        }
    }

    /** Rewrites the service if it is still at this update's spec version. */
    private void writeStatus(java.util.function.Function<Service, Service> change) {
        StoreWrites.applyOne(store, tx -> {
            Service s = tx.get(Table.SERVICES, service.id()).orElse(null);
            if (s == null || !Objects.equals(s.specVersion(), service.specVersion())) {
                return; // deleted or changed again: a newer update owns the status now
            }
            Service changed = change.apply(s);
            if (changed != s) {
                tx.update(Table.SERVICES, changed);
            }
        }, log);
    }

    private Service started(Service s) {
        Service.UpdateStatus u = s.updateStatus();
        Instant now = timer.now();
        if (u == null) {
            return s.withUpdateStatus(new Service.UpdateStatus(UpdateState.UPDATING, now, null, "update in progress"));
        }
        if (u.startedAt() == null && u.state() == UpdateState.ROLLBACK_STARTED) {
            return s.withUpdateStatus(new Service.UpdateStatus(u.state(), now, null, u.message()));
        }
        return s;
    }

    private Service completed(Service s) {
        Service.UpdateStatus u = s.updateStatus();
        if (u == null) {
            return s;
        }
        boolean rb = u.state() == UpdateState.ROLLBACK_STARTED;
        return s.withUpdateStatus(new Service.UpdateStatus(
                rb ? UpdateState.ROLLBACK_COMPLETED : UpdateState.COMPLETED,
                u.startedAt(), timer.now(), rb ? "rollback completed" : "update completed"));
    }

    private Service paused(Service s, String message) {
        Service.UpdateStatus u = s.updateStatus();
        if (u == null) {
            return s;
        }
        UpdateState state = u.state() == UpdateState.ROLLBACK_STARTED ? UpdateState.ROLLBACK_PAUSED : UpdateState.PAUSED;
        return s.withUpdateStatus(new Service.UpdateStatus(state, u.startedAt(), null, message));
    }

    private Service rolledBack(Service s, String message) {
        Service.UpdateStatus u = s.updateStatus();
        if (u == null) {
            return s;
        }
        if (s.previousSpec() == null) {
            return s.withUpdateStatus(new Service.UpdateStatus(UpdateState.PAUSED, u.startedAt(), null,
                    message.replace("rolled back", "paused") + "; cannot roll back: no previous spec"));
        }
        // A new spec version, never the previous one again: versions are counters, and the failed
        // spec's version must not come back to mean the old spec.
        long next = (s.specVersion() == null ? 0 : s.specVersion().index()) + 1;
        return s.withSpec(s.previousSpec(), null, new Version(next), null)
                .withUpdateStatus(new Service.UpdateStatus(UpdateState.ROLLBACK_STARTED, u.startedAt(), null, message));
    }
}
