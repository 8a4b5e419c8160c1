package io.shoal.manager.orchestrator.jobs;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.time.Clock;
import io.shoal.manager.orchestrator.LoopComponent;
import io.shoal.manager.orchestrator.SlotKey;
import io.shoal.manager.orchestrator.StoreLoop;
import io.shoal.manager.orchestrator.StoreWrites;
import io.shoal.manager.orchestrator.Tasks;
import io.shoal.manager.orchestrator.restart.RestartSupervisor;
import io.shoal.manager.scheduler.Constraint;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.StoreEvent;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.ArrayList;
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
 * Runs jobs: services whose tasks run to completion (desired state COMPLETE) instead of forever.
 * <ul>
 * <li>replicated-job: TotalCompletions tasks must complete, at most MaxConcurrent at a time, in slots
 * 0..TotalCompletions-1;</li>
 * <li>global-job: one task to completion on every node that may run it.</li>
 * </ul>
 * Each run is an iteration ({@code JobStatus.JobIteration}, raised by the API on every update): tasks
 * carry the iteration they belong to, and tasks of an older one that still run are removed. Failed
 * tasks are restarted per their restart policy, where {@code any} means {@code on-failure}.
 */
public final class JobsOrchestrator implements LoopComponent {
    private static final Logger log = LoggerFactory.getLogger(JobsOrchestrator.class);

    private final MemoryStore store;
    private final StoreLoop loop;
    private final RestartSupervisor restarts;

    // Loop-thread state.
    private boolean allDirty;
    private final Set<String> dirtyServices = new LinkedHashSet<>();
    private final Set<String> deletedServices = new LinkedHashSet<>();
    private final Set<String> restartCandidates = new LinkedHashSet<>();

    public JobsOrchestrator(MemoryStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.loop = new StoreLoop("jobs-orchestrator", store, clock);
        this.restarts = new RestartSupervisor(loop);
        loop.setHandler(new Handler());
    }

    @Override
    public StoreLoop loop() {
        return loop;
    }

    private final class Handler implements StoreLoop.Handler {
        @Override
        public void init(ReadTx snapshot) {
            dirtyServices.clear();
            deletedServices.clear();
            restartCandidates.clear();
            restarts.reset();
            allDirty = true;
            Map<String, Service> jobs = new HashMap<>();
            for (Service s : snapshot.all(Table.SERVICES)) {
                if (Tasks.isJob(s)) {
                    jobs.put(s.id(), s);
                }
            }
            // After a leader change: failed tasks not yet restarted, starts left waiting, restart counts.
            for (Service s : jobs.values()) {
                Map<SlotKey, List<Task>> instances = new HashMap<>();
                for (Task t : snapshot.tasksOfService(s.id())) {
                    if (Objects.equals(t.jobIteration(), iteration(s))) {
                        instances.computeIfAbsent(SlotKey.of(s, t), k -> new ArrayList<>()).add(t);
                    }
                    if (needsRestart(t)) {
                        restartCandidates.add(t.id());
                    } else if (t.desiredState() == TaskState.READY && !t.state().isAfter(TaskState.RUNNING)) {
                        restarts.resumeDelayedStart(t);
                    }
                }
                instances.forEach(restarts::rebuildHistory);
            }
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
            JobsOrchestrator.this.reconcile();
        }

        @Override
        public void resync() {
            allDirty = true;
        }
    }

    /** A job task that ended without completing, and is not already replaced. */
    private static boolean needsRestart(Task t) {
        return !t.desiredState().isAfter(TaskState.COMPLETE) && t.state().isAfter(TaskState.COMPLETE);
    }

    private void changed(StoreObject o) {
        switch (o) {
            case Service s -> {
                if (Tasks.isJob(s)) {
                    dirtyServices.add(s.id());
                }
            }
            case Task t -> {
                restarts.onTaskChange(t);
                if (t.jobIteration() != null) {
                    if (needsRestart(t)) {
                        restartCandidates.add(t.id());
                    }
                    if (t.state().isTerminal()) {
                        dirtyServices.add(t.serviceId()); // a finished task makes room for the next one
                    }
                }
            }
            case Node n -> {
                restarts.onNodeChange(n, false);
                allDirty = true; // global jobs follow nodes
            }
            default -> { }
        }
    }

    private void deleted(StoreObject o) {
        switch (o) {
            case Service s -> {
                if (Tasks.isJob(s)) {
                    deletedServices.add(s.id());
                    dirtyServices.remove(s.id());
                    restarts.clearServiceHistory(s.id());
                }
            }
            case Task t -> {
                restarts.onTaskDeleted(t);
                restartCandidates.remove(t.id());
                if (t.jobIteration() != null) {
                    dirtyServices.add(t.serviceId());
                }
            }
            case Node n -> {
                restarts.onNodeChange(n, true);
                allDirty = true;
            }
            default -> { }
        }
    }

    private void reconcile() {
        if (allDirty) {
            allDirty = false;
            store.view(tx -> {
                tx.all(Table.SERVICES).stream().filter(Tasks::isJob).forEach(s -> dirtyServices.add(s.id()));
                return null;
            });
        }
        restartTasks();
        removeDeletedServicesTasks();
        if (!dirtyServices.isEmpty()) {
            List<String> ids = new ArrayList<>(dirtyServices);
            dirtyServices.clear();
            for (String id : ids) {
                reconcileService(id);
            }
        }
        Set<String> again = restarts.flush(store);
        if (!again.isEmpty()) {
            restartCandidates.addAll(again);
            loop.requestReconcile();
        }
    }

    private void restartTasks() {
        if (restartCandidates.isEmpty()) {
            return;
        }
        List<StoreWrites.Op> ops = new ArrayList<>();
        for (String id : restartCandidates) {
            ops.add(new StoreWrites.Op(id, tx -> {
                Task t = tx.get(Table.TASKS, id).orElse(null);
                if (t == null || !needsRestart(t)) {
                    return;
                }
                Service s = tx.get(Table.SERVICES, t.serviceId()).orElse(null);
                if (!Tasks.isJob(s) || !Objects.equals(t.jobIteration(), iteration(s))) {
                    return; // an old iteration's task is not run again
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

    private static Version iteration(Service s) {
        return s.jobStatus() == null || s.jobStatus().jobIteration() == null ? Version.ZERO : s.jobStatus().jobIteration();
    }

    private void reconcileService(String id) {
        record Read(Service service, List<Task> tasks, List<Node> nodes) {}
        Read r = store.view(tx -> {
            Service s = tx.get(Table.SERVICES, id).orElse(null);
            return new Read(s, s == null ? List.of() : tx.tasksOfService(id), tx.all(Table.NODES));
        });
        Service s = r.service();
        if (!Tasks.isJob(s)) {
            return;
        }
        Version iteration = iteration(s);
        List<StoreWrites.Op> ops = new ArrayList<>();
        List<Task> current = new ArrayList<>();
        for (Task t : r.tasks()) {
            if (Objects.equals(t.jobIteration(), iteration)) {
                if (t.desiredState() != TaskState.REMOVE) {
                    current.add(t);
                }
            } else if (!t.state().isAfter(TaskState.RUNNING) && t.desiredState().isBefore(TaskState.REMOVE)) {
                ops.add(setDesired(t.id(), TaskState.REMOVE)); // a run of an older iteration: stop it
            }
        }
        if (Tasks.isReplicatedJob(s)) {
            planReplicated(s, iteration, current, ops);
        } else {
            planGlobal(s, iteration, current, r.nodes(), ops);
        }
        if (!ops.isEmpty()) {
            List<StoreWrites.Op> guarded = new ArrayList<>(ops.size());
            for (StoreWrites.Op op : ops) {
                guarded.add(new StoreWrites.Op(op.key(), tx -> {
                    Service now = tx.get(Table.SERVICES, s.id()).orElse(null);
                    if (now == null || !Objects.equals(now.specVersion(), s.specVersion())
                            || !Objects.equals(iteration(now), iteration(s))) {
                        throw new io.shoal.api.ShoalException.SequenceConflict("service " + s.id() + " changed");
                    }
                    op.write().accept(tx);
                }));
            }
            if (!StoreWrites.apply(store, guarded, log).isEmpty()) {
                dirtyServices.add(s.id());
                loop.requestReconcile();
            }
        }
    }

    /**
     * Slots 0..TotalCompletions-1: a slot with a task of this iteration is taken (completed, running,
     * or failed for good); new tasks fill free slots while fewer than MaxConcurrent run.
     */
    private void planReplicated(Service s, Version iteration, List<Task> tasks, List<StoreWrites.Op> ops) {
        ServiceSpec.ReplicatedJob job = s.spec().mode().replicatedJob();
        long total = job.totalCompletions() == null ? 1 : job.totalCompletions();
        long maxConcurrent = job.maxConcurrent() == null ? 1 : job.maxConcurrent();
        Set<Long> taken = new HashSet<>();
        Set<Long> running = new HashSet<>();
        for (Task t : tasks) {
            taken.add(t.slot());
            if (!t.desiredState().isAfter(TaskState.COMPLETE) && !t.state().isTerminal()) {
                running.add(t.slot());
            }
        }
        long toCreate = Math.max(0, maxConcurrent - running.size());
        for (long slot = 0; slot < total && toCreate > 0; slot++) {
            if (!taken.contains(slot)) {
                ops.add(create(s, iteration, slot, null));
                toCreate--;
            }
        }
    }

    /** One task per usable node (not down, drained or paused, matching the constraints) per iteration. */
    private void planGlobal(Service s, Version iteration, List<Task> tasks, List<Node> nodes, List<StoreWrites.Op> ops) {
        Set<String> have = new HashSet<>();
        for (Task t : tasks) {
            have.add(t.nodeId());
        }
        var placement = s.spec().taskTemplate() == null ? null : s.spec().taskTemplate().placement();
        List<Constraint> constraints = Constraint.parseOrUnsatisfiable(placement == null ? null : placement.constraints());
        for (Node n : nodes) {
            if (Tasks.invalidNode(n) || Tasks.availability(n) == NodeAvailability.PAUSE || have.contains(n.id())
                    || !Constraint.nodeMatches(constraints, n)) {
                continue;
            }
            ops.add(create(s, iteration, 0, n.id()));
        }
    }

    private StoreWrites.Op create(Service s, Version iteration, long slot, String nodeId) {
        Task base = Tasks.newTask(s, slot, nodeId, loop.now());
        Task t = new Task(base.id(), null, null, null, base.labels(), base.spec(), base.serviceId(), slot, nodeId,
                base.status(), TaskState.COMPLETE, null, iteration, base.specVersion(), base.serviceName());
        return new StoreWrites.Op(t.id(), tx -> tx.create(Table.TASKS, t));
    }
}
