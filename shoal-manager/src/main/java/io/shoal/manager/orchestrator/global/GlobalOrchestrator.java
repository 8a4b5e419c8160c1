package io.shoal.manager.orchestrator.global;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
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
import io.shoal.manager.scheduler.Constraint;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.StoreEvent;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one task of every global service on every node that may run it: not drained, not down, and
 * matching the service's placement constraints. Tasks are created with their node preset (the
 * scheduler only validates them). Nodes that are drained, down, removed or no longer match get their
 * tasks shut down; paused nodes keep theirs but get none added or updated. Rolling updates go node by
 * node. Failed tasks are restarted on the same node through the {@link RestartSupervisor}.
 */
public final class GlobalOrchestrator implements LoopComponent {
    private static final Logger log = LoggerFactory.getLogger(GlobalOrchestrator.class);

    private final MemoryStore store;
    private final StoreLoop loop;
    private final RestartSupervisor restarts;
    private final UpdateSupervisor updates;

    // Loop-thread state.
    private boolean initPending;
    private boolean allServicesDirty;
    private final Map<String, Node> nodes = new HashMap<>();
    private final Set<String> dirtyServices = new LinkedHashSet<>();
    private final Set<String> deletedServices = new LinkedHashSet<>();
    private final Set<String> restartCandidates = new LinkedHashSet<>();

    public GlobalOrchestrator(MemoryStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.loop = new StoreLoop("global-orchestrator", store, clock);
        this.restarts = new RestartSupervisor(loop);
        this.updates = new UpdateSupervisor(store, loop, restarts);
        loop.setHandler(new Handler());
    }

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
            GlobalOrchestrator.this.reconcile();
        }

        @Override
        public void resync() {
            initPending = true;
        }
    }

    private void changed(StoreObject o) {
        switch (o) {
            case Service s -> {
                if (Tasks.isGlobal(s)) {
                    dirtyServices.add(s.id());
                }
            }
            case Task t -> {
                restarts.onTaskChange(t);
                updates.onTaskChange(t);
                if (!t.desiredState().isAfter(TaskState.RUNNING) && t.state().isAfter(TaskState.RUNNING)) {
                    restartCandidates.add(t.id());
                }
            }
            case Node n -> {
                nodes.put(n.id(), n);
                restarts.onNodeChange(n, false);
                allServicesDirty = true;
            }
            default -> { }
        }
    }

    private void deleted(StoreObject o) {
        switch (o) {
            case Service s -> {
                if (Tasks.isGlobal(s)) {
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
                    dirtyServices.add(t.serviceId());
                }
            }
            case Node n -> {
                nodes.remove(n.id());
                restarts.onNodeChange(n, true);
                allServicesDirty = true;
            }
            default -> { }
        }
    }

    /** A node that may run global tasks at all: present, not down, not drained. */
    private static boolean eligible(Node n) {
        return !Tasks.invalidNode(n);
    }

    // ---- reconcile ---------------------------------------------------------------------------------

    private void reconcile() {
        if (initPending) {
            initPending = false;
            checkTasks();
            allServicesDirty = true;
        }
        if (allServicesDirty) {
            allServicesDirty = false;
            store.view(tx -> {
                for (Service s : tx.all(Table.SERVICES)) {
                    if (Tasks.isGlobal(s)) {
                        dirtyServices.add(s.id());
                    }
                }
                return null;
            });
        }
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

    private void checkTasks() {
        record Snapshot(List<Task> tasks, Map<String, Service> services) {}
        Snapshot snap = store.view(tx -> {
            Map<String, Service> services = new HashMap<>();
            for (Service s : tx.all(Table.SERVICES)) {
                if (Tasks.isGlobal(s)) {
                    services.put(s.id(), s);
                }
            }
            List<Task> tasks = new ArrayList<>();
            for (String id : services.keySet()) {
                tasks.addAll(tx.tasksOfService(id));
            }
            return new Snapshot(tasks, services);
        });
        List<StoreWrites.Op> shutdowns = new ArrayList<>();
        Map<SlotKey, List<Task>> instances = new HashMap<>();
        for (Task t : snap.tasks()) {
            Service s = snap.services().get(t.serviceId());
            instances.computeIfAbsent(SlotKey.of(s, t), k -> new ArrayList<>()).add(t);
            if (t.desiredState().isAfter(TaskState.RUNNING)) {
                continue;
            }
            if (t.nodeId() == null || !eligible(nodes.get(t.nodeId()))) {
                shutdowns.add(shutdown(t.id()));
            } else if (t.state().isAfter(TaskState.RUNNING)) {
                restartCandidates.add(t.id());
            } else if (t.desiredState() == TaskState.READY) {
                restarts.resumeDelayedStart(t);
            }
        }
        StoreWrites.apply(store, shutdowns, log);
        for (Map.Entry<SlotKey, List<Task>> e : instances.entrySet()) {
            restarts.rebuildHistory(e.getKey(), e.getValue());
        }
    }

    private void restartTasks() {
        if (restartCandidates.isEmpty()) {
            return;
        }
        List<StoreWrites.Op> ops = new ArrayList<>(restartCandidates.size());
        for (String id : restartCandidates) {
            ops.add(new StoreWrites.Op(id, tx -> {
                Task t = tx.get(Table.TASKS, id).orElse(null);
                if (t == null || t.desiredState().isAfter(TaskState.RUNNING) || !t.state().isAfter(TaskState.RUNNING)) {
                    return;
                }
                Service s = tx.get(Table.SERVICES, t.serviceId()).orElse(null);
                Node node = t.nodeId() == null ? null : tx.get(Table.NODES, t.nodeId()).orElse(null);
                if (!Tasks.isGlobal(s) || !eligible(node)) {
                    return; // the service reconcile shuts tasks on unusable nodes down
                }
                if (Tasks.availability(node) == NodeAvailability.PAUSE || !matches(s, node)) {
                    tx.update(Table.TASKS, t.withDesiredState(TaskState.SHUTDOWN));
                    return;
                }
                restarts.restart(tx, s, t);
            }));
        }
        restartCandidates.clear();
        Set<String> failed = StoreWrites.apply(store, ops, log);
        if (!failed.isEmpty()) {
            restartCandidates.addAll(failed);
            loop.schedule(Duration.ofSeconds(1), () -> { });
        }
    }

    private static boolean matches(Service s, Node node) {
        var placement = s.spec().taskTemplate() == null ? null : s.spec().taskTemplate().placement();
        return Constraint.nodeMatches(
                Constraint.parseOrUnsatisfiable(placement == null ? null : placement.constraints()), node);
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

    private static StoreWrites.Op setDesired(String taskId, TaskState desired) {
        return new StoreWrites.Op(taskId, tx -> {
            Task t = tx.get(Table.TASKS, taskId).orElse(null);
            if (t != null && t.desiredState().isBefore(desired)) {
                tx.update(Table.TASKS, t.withDesiredState(desired));
            }
        });
    }

    private static StoreWrites.Op shutdown(String taskId) {
        return new StoreWrites.Op(taskId, tx -> {
            Task t = tx.get(Table.TASKS, taskId).orElse(null);
            if (t != null && !t.desiredState().isAfter(TaskState.RUNNING)) {
                tx.update(Table.TASKS, t.withDesiredState(TaskState.SHUTDOWN));
            }
        });
    }

    private void reconcileServices() {
        if (dirtyServices.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(dirtyServices);
        dirtyServices.clear();
        List<Node> sortedNodes = new ArrayList<>(nodes.values());
        sortedNodes.sort(Comparator.comparing(Node::id));
        for (String id : ids) {
            record Read(Service service, List<Task> tasks) {}
            Read r = store.view(tx -> {
                Service s = tx.get(Table.SERVICES, id).orElse(null);
                return new Read(s, s == null ? List.of() : tx.tasksOfService(id));
            });
            if (Tasks.isGlobal(r.service())) {
                reconcileService(r.service(), r.tasks(), sortedNodes);
            }
        }
    }

    private void reconcileService(Service service, List<Task> tasks, List<Node> allNodes) {
        Map<String, List<Task>> byNode = new TreeMap<>();
        for (Task t : tasks) {
            if (t.nodeId() != null && t.desiredState() != TaskState.REMOVE) {
                byNode.computeIfAbsent(t.nodeId(), k -> new ArrayList<>()).add(t);
            }
        }
        Map<String, List<Task>> nodeTasks = new LinkedHashMap<>();
        for (Map.Entry<String, List<Task>> e : byNode.entrySet()) {
            List<Task> updatable = restarts.updatableTasksInSlot(e.getValue(), service);
            if (!updatable.isEmpty()) {
                nodeTasks.put(e.getKey(), updatable);
            }
        }
        List<StoreWrites.Op> ops = new ArrayList<>();
        List<List<Task>> toUpdate = new ArrayList<>();
        for (Node node : allNodes) {
            if (!eligible(node)) {
                continue;
            }
            List<Task> present = nodeTasks.remove(node.id());
            if (!matches(service, node)) {
                if (present != null) {
                    present.forEach(t -> ops.add(shutdown(t.id())));
                }
                continue;
            }
            if (Tasks.availability(node) == NodeAvailability.PAUSE) {
                continue; // keeps what it runs; gets nothing new
            }
            if (present == null) {
                Task t = Tasks.newTask(service, 0, node.id(), loop.now());
                ops.add(new StoreWrites.Op(t.id(), tx -> tx.create(Table.TASKS, t)));
            } else {
                toUpdate.add(present);
            }
        }
        // What is left runs on nodes that are drained, down or gone.
        for (List<Task> left : nodeTasks.values()) {
            left.forEach(t -> ops.add(shutdown(t.id())));
        }
        if (!ops.isEmpty()) {
            List<StoreWrites.Op> guarded = new ArrayList<>(ops.size());
            for (StoreWrites.Op op : ops) {
                guarded.add(new StoreWrites.Op(op.key(), tx -> {
                    Service now = tx.get(Table.SERVICES, service.id()).orElse(null);
                    if (now == null || !java.util.Objects.equals(now.specVersion(), service.specVersion())) {
                        throw new ShoalException.SequenceConflict("service " + service.id() + " changed");
                    }
                    op.write().accept(tx);
                }));
            }
            if (!StoreWrites.apply(store, guarded, log).isEmpty()) {
                dirtyServices.add(service.id());
                loop.requestReconcile();
                return;
            }
        }
        updates.update(service, toUpdate);
    }
}
