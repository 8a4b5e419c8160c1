package io.shoal.manager.orchestrator.replicated;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.api.Service;
import io.shoal.api.ShoalException;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.time.Clock;
import io.shoal.manager.orchestrator.LoopComponent;
import io.shoal.manager.orchestrator.SlotKey;
import io.shoal.manager.orchestrator.StoreLoop;
import io.shoal.manager.orchestrator.StoreWrites;
import io.shoal.manager.orchestrator.Tasks;
import io.shoal.manager.orchestrator.restart.RestartSupervisor;
import io.shoal.manager.orchestrator.update.UpdateSupervisor;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.StoreEvent;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every replicated service at its replica count: one running task per slot 1..N. Swarm's
 * replicated orchestrator: tasks that end are handed to the {@link RestartSupervisor}; tasks on
 * nodes that went down, were drained or removed are replaced elsewhere; scaling adds tasks in the
 * lowest free slots or removes slots (balancing nodes first, non-running first, highest slot first);
 * spec changes go to the {@link UpdateSupervisor}; a deleted service's tasks get desired REMOVE.
 * <p>
 * On (re)start it reconciles everything again and repairs what a previous leader left half-done:
 * failed tasks not yet replaced, replacements whose delayed start was lost, restart history.
 */
public final class ReplicatedOrchestrator implements LoopComponent {
    private static final Logger log = LoggerFactory.getLogger(ReplicatedOrchestrator.class);

    private final MemoryStore store;
    private final StoreLoop loop;
    private final RestartSupervisor restarts;
    private final UpdateSupervisor updates;

    // Loop-thread state.
    private boolean initPending;
    private final Map<String, Node> nodes = new HashMap<>();
    private final Set<String> dirtyServices = new LinkedHashSet<>();
    private final Set<String> deletedServices = new LinkedHashSet<>();
    private final Set<String> restartCandidates = new LinkedHashSet<>();
    private final Set<String> nodesToEvacuate = new LinkedHashSet<>();

    public ReplicatedOrchestrator(MemoryStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.loop = new StoreLoop("replicated-orchestrator", store, clock);
        this.restarts = new RestartSupervisor(loop);
        this.updates = new UpdateSupervisor(store, loop, restarts);
        loop.setHandler(new Handler());
    }

    /** The loop this orchestrator runs on (tests drive it with attach/runPending). */
    @Override
    public StoreLoop loop() {
        return loop;
    }

    private final class Handler implements StoreLoop.Handler {
        @Override
        public void init(ReadTx snapshot) {
            nodes.clear();
            for (Node n : snapshot.all(Table.NODES)) {
                nodes.put(n.id(), n);
            }
            dirtyServices.clear();
            deletedServices.clear();
            restartCandidates.clear();
            nodesToEvacuate.clear();
            restarts.reset();
            updates.cancelAll();
            initPending = true;
        }

        @Override
        public void onChange(StoreEvent change) {
            switch (change) {
                case StoreEvent.Created c -> changed(c.object());
                case StoreEvent.Updated u -> changed(u.object());
                case StoreEvent.Deleted d -> deleted(d.object());
                case StoreEvent.Commit c -> { }
            }
        }

        @Override
        public void reconcile() {
            ReplicatedOrchestrator.this.reconcile();
        }

        @Override
        public void resync() {
            initPending = true;
        }
    }

    private void changed(StoreObject o) {
        switch (o) {
            case Service s -> {
                if (Tasks.isReplicated(s)) {
                    dirtyServices.add(s.id());
                }
            }
            case Task t -> {
                restarts.onTaskChange(t);
                updates.onTaskChange(t);
                if (!t.desiredState().isAfter(TaskState.RUNNING)
                        && (t.state().isAfter(TaskState.RUNNING)
                        || (t.nodeId() != null && Tasks.invalidNode(nodes.get(t.nodeId()))))) {
                    restartCandidates.add(t.id());
                }
            }
            case Node n -> {
                nodes.put(n.id(), n);
                restarts.onNodeChange(n, false);
                if (Tasks.invalidNode(n)) {
                    nodesToEvacuate.add(n.id());
                }
            }
            default -> { }
        }
    }

    private void deleted(StoreObject o) {
        switch (o) {
            case Service s -> {
                if (Tasks.isReplicated(s)) {
                    deletedServices.add(s.id());
                    dirtyServices.remove(s.id());
                    updates.cancel(s.id());
                    restarts.clearServiceHistory(s.id());
                }
            }
            case Task t -> {
                restarts.onTaskDeleted(t);
                restartCandidates.remove(t.id());
                if (!t.desiredState().isAfter(TaskState.RUNNING)) {
                    dirtyServices.add(t.serviceId()); // checked for replicated mode on reconcile
                }
            }
            case Node n -> {
                nodes.remove(n.id());
                restarts.onNodeChange(n, true);
                nodesToEvacuate.add(n.id());
            }
            default -> { }
        }
    }

    // ---- reconcile ---------------------------------------------------------------------------------

    private void reconcile() {
        if (initPending) {
            initPending = false;
            checkTasks();
        }
        evacuateNodes();
        restartTasks();
        removeDeletedServicesTasks();
        reconcileServices();
        updates.advance();
        Set<String> again = restarts.flush(store);
        if (!again.isEmpty()) {
            restartCandidates.addAll(again);
            loop.requestReconcile();
        }
    }

    /**
     * After a (re)start: tasks of services deleted meanwhile get desired REMOVE; failed tasks and tasks
     * on lost nodes are restarted; replacements left waiting get their delayed start again; restart
     * history is rebuilt from the tasks kept (all of the newest spec version in a slot but the first
     * count as restarts).
     */
    private void checkTasks() {
        record Snapshot(List<Task> tasks, Map<String, Service> services) {}
        Snapshot snap = store.view(tx -> {
            Map<String, Service> services = new HashMap<>();
            for (Service s : tx.all(Table.SERVICES)) {
                services.put(s.id(), s);
            }
            return new Snapshot(tx.all(Table.TASKS), services);
        });
        List<StoreWrites.Op> orphans = new ArrayList<>();
        Map<SlotKey, List<Task>> instances = new HashMap<>();
        for (Task t : snap.tasks()) {
            Service s = snap.services().get(t.serviceId());
            if (s == null) {
                if (t.desiredState().isBefore(TaskState.REMOVE)) {
                    orphans.add(setDesired(t.id(), TaskState.REMOVE));
                }
                continue;
            }
            if (!Tasks.isReplicated(s)) {
                continue;
            }
            dirtyServices.add(s.id());
            instances.computeIfAbsent(SlotKey.of(s, t), k -> new ArrayList<>()).add(t);
            if (!t.desiredState().isAfter(TaskState.RUNNING)
                    && (t.state().isAfter(TaskState.RUNNING)
                    || (t.nodeId() != null && Tasks.invalidNode(nodes.get(t.nodeId()))))) {
                restartCandidates.add(t.id());
            } else if (t.desiredState() == TaskState.READY && !t.state().isAfter(TaskState.RUNNING)) {
                restarts.resumeDelayedStart(t);
            }
        }
        StoreWrites.apply(store, orphans, log);
        for (Map.Entry<SlotKey, List<Task>> e : instances.entrySet()) {
            restarts.rebuildHistory(e.getKey(), e.getValue());
        }
        for (Service s : snap.services().values()) {
            if (Tasks.isReplicated(s)) {
                dirtyServices.add(s.id());
            }
        }
    }

    private void evacuateNodes() {
        if (nodesToEvacuate.isEmpty()) {
            return;
        }
        store.view(tx -> {
            for (String nodeId : nodesToEvacuate) {
                for (Task t : tx.tasksOnNode(nodeId)) {
                    if (!t.desiredState().isAfter(TaskState.RUNNING)) {
                        restartCandidates.add(t.id());
                    }
                }
            }
            return null;
        });
        nodesToEvacuate.clear();
    }

    private void restartTasks() {
        if (restartCandidates.isEmpty()) {
            return;
        }
        List<StoreWrites.Op> ops = new ArrayList<>(restartCandidates.size());
        for (String id : restartCandidates) {
            ops.add(new StoreWrites.Op(id, tx -> {
                Task t = tx.get(Table.TASKS, id).orElse(null);
                if (t == null || t.desiredState().isAfter(TaskState.RUNNING)) {
                    return;
                }
                Service s = tx.get(Table.SERVICES, t.serviceId()).orElse(null);
                if (!Tasks.isReplicated(s)) {
                    return;
                }
                boolean ended = t.state().isAfter(TaskState.RUNNING);
                boolean lostNode = t.nodeId() != null && Tasks.invalidNode(tx.get(Table.NODES, t.nodeId()).orElse(null));
                if (ended || lostNode) {
                    restarts.restart(tx, s, t);
                }
            }));
        }
        restartCandidates.clear();
        Set<String> failed = StoreWrites.apply(store, ops, log);
        if (!failed.isEmpty()) {
            restartCandidates.addAll(failed);
            loop.schedule(Duration.ofSeconds(1), () -> { });
        }
    }

    private void removeDeletedServicesTasks() {
        if (deletedServices.isEmpty()) {
            return;
        }
        List<StoreWrites.Op> ops = new ArrayList<>();
        store.view(tx -> {
            for (String id : deletedServices) {
                for (Task t : tx.tasksOfService(id)) {
                    if (t.desiredState().isBefore(TaskState.REMOVE)) {
                        ops.add(setDesired(t.id(), TaskState.REMOVE));
                    }
                }
            }
            return null;
        });
        deletedServices.clear();
        StoreWrites.apply(store, ops, log);
    }

    static StoreWrites.Op setDesired(String taskId, TaskState desired) {
        return new StoreWrites.Op(taskId, tx -> {
            Task t = tx.get(Table.TASKS, taskId).orElse(null);
            if (t != null && t.desiredState().isBefore(desired)) {
                tx.update(Table.TASKS, t.withDesiredState(desired));
            }
        });
    }

    private void reconcileServices() {
        if (dirtyServices.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(dirtyServices);
        dirtyServices.clear();
        for (String id : ids) {
            record Read(Service service, List<Task> tasks) {}
            Read r = store.view(tx -> {
                Service s = tx.get(Table.SERVICES, id).orElse(null);
                return new Read(s, s == null ? List.of() : tx.tasksOfService(id));
            });
            if (!Tasks.isReplicated(r.service())) {
                continue;
            }
            reconcileService(r.service(), r.tasks());
        }
    }

    private void reconcileService(Service service, List<Task> tasks) {
        ScalePlan plan = ScalePlan.compute(service, tasks, restarts, loop.now());
        if (!plan.ops().isEmpty()) {
            List<StoreWrites.Op> guarded = new ArrayList<>(plan.ops().size());
            for (StoreWrites.Op op : plan.ops()) {
                guarded.add(new StoreWrites.Op(op.key(), tx -> {
                    // Decided on this spec of the service: if it changed since (a scale, an update),
                    // decide again. Other writes to the service (its endpoint, UpdateStatus) do not matter.
                    Service now = tx.get(Table.SERVICES, service.id()).orElse(null);
                    if (now == null || !java.util.Objects.equals(now.specVersion(), service.specVersion())) {
                        throw new ShoalException.SequenceConflict("service " + service.id() + " changed");
                    }
                    op.write().accept(tx);
                }));
            }
            Set<String> failed = StoreWrites.apply(store, guarded, log);
            if (!failed.isEmpty()) {
                dirtyServices.add(service.id());
                loop.requestReconcile();
                return;
            }
            if (plan.created() > 0 || plan.removed() > 0) {
                log.debug("service {}: {} tasks created, {} slots removed", service.id(), plan.created(), plan.removed());
            }
        }
        updates.update(service, plan.keptSlots());
    }

    /** What one reconcile of a service does: tasks to create, slots to remove, slots to update. */
    record ScalePlan(List<StoreWrites.Op> ops, List<List<Task>> keptSlots, int created, int removed) {
        static ScalePlan compute(Service service, List<Task> tasks, RestartSupervisor restarts,
                java.time.Instant now) {
            // Tasks already being removed belong to no slot any more.
            Map<Long, List<Task>> bySlot = new TreeMap<>();
            for (Task t : tasks) {
                if (t.desiredState() != TaskState.REMOVE && t.desiredState() != TaskState.ORPHANED) {
                    bySlot.computeIfAbsent(t.slot(), k -> new ArrayList<>()).add(t);
                }
            }
            Map<Long, List<Task>> runnable = new TreeMap<>();
            Map<Long, List<Task>> dead = new TreeMap<>();
            for (Map.Entry<Long, List<Task>> e : bySlot.entrySet()) {
                List<Task> updatable = restarts.updatableTasksInSlot(e.getValue(), service);
                if (updatable.isEmpty()) {
                    dead.put(e.getKey(), e.getValue());
                } else {
                    runnable.put(e.getKey(), updatable);
                }
            }
            long want = Tasks.replicas(service);
            List<StoreWrites.Op> ops = new ArrayList<>();
            List<List<Task>> kept = new ArrayList<>(runnable.values());
            int created = 0;
            int removed = 0;
            if (want > runnable.size()) {
                long slot = 0;
                for (long i = runnable.size(); i < want; i++) {
                    do {
                        slot++;
                    } while (runnable.containsKey(slot));
                    dead.remove(slot); // reusing a dead slot keeps its history
                    Task t = Tasks.newTask(service, slot, null, now);
                    ops.add(new StoreWrites.Op(t.id(), tx -> tx.create(Table.TASKS, t)));
                    created++;
                }
            } else if (want < runnable.size()) {
                List<List<Task>> order = scaleDownOrder(new ArrayList<>(runnable.values()));
                kept = new ArrayList<>(order.subList(0, (int) want));
                for (List<Task> slot : order.subList((int) want, order.size())) {
                    removed++;
                    for (Task t : slot) {
                        ops.add(setDesired(t.id(), TaskState.REMOVE));
                    }
                }
            }
            for (List<Task> slot : dead.values()) {
                for (Task t : slot) {
                    ops.add(setDesired(t.id(), TaskState.REMOVE));
                }
            }
            return new ScalePlan(ops, kept, created, removed);
        }

        /**
         * Slots to keep first, slots to remove last. Swarm's order: the nth copy of the service on a
         * node sorts by n (so nodes with the most copies lose them first), slots that are not running
         * sort after running ones, and higher slot numbers after lower ones.
         */
        static List<List<Task>> scaleDownOrder(List<List<Task>> slots) {
            slots.sort(Comparator.comparing((List<Task> s) -> !isRunning(s)).thenComparing(s -> s.get(0).slot()));
            Map<String, Integer> perNode = new HashMap<>();
            record Indexed(List<Task> slot, int index) {}
            List<Indexed> indexed = new ArrayList<>(slots.size());
            for (List<Task> slot : slots) {
                if (slot.size() == 1 && slot.get(0).nodeId() != null) {
                    indexed.add(new Indexed(slot, perNode.merge(slot.get(0).nodeId(), 1, Integer::sum)));
                } else {
                    indexed.add(new Indexed(slot, Integer.MAX_VALUE)); // unplaced or mid-update: remove first
                }
            }
            indexed.sort(Comparator.comparingInt(Indexed::index)); // stable: keeps the order above on ties
            return indexed.stream().map(Indexed::slot).toList();
        }

        private static boolean isRunning(List<Task> slot) {
            return slot.stream().anyMatch(t -> t.state() == TaskState.RUNNING);
        }
    }
}
