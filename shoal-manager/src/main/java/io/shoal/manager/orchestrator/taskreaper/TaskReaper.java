package io.shoal.manager.orchestrator.taskreaper;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Cluster;
import io.shoal.api.Service;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.time.Clock;
import io.shoal.manager.orchestrator.LoopComponent;
import io.shoal.manager.orchestrator.SlotKey;
import io.shoal.manager.orchestrator.StoreLoop;
import io.shoal.manager.orchestrator.StoreWrites;
import io.shoal.manager.orchestrator.Tasks;
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
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes tasks nobody needs any more: the oldest finished tasks of a slot (or of a node, for global
 * services) beyond the cluster's task history retention limit, and tasks with desired state REMOVE
 * (scaled away, or of a deleted service) once they have finished or were never assigned.
 * Like Swarm it batches: it prunes 250 ms after a change, or at once when over 1000 are pending.
 */
public final class TaskReaper implements LoopComponent {
    private static final Logger log = LoggerFactory.getLogger(TaskReaper.class);
    static final Duration BATCHING_INTERVAL = Duration.ofMillis(250);
    static final int MAX_DIRTY = 1000;
    public static final long DEFAULT_RETENTION = 5;

    private final MemoryStore store;
    private final StoreLoop loop;

    // Loop-thread state.
    private long retention = DEFAULT_RETENTION;
    /** (service, slot, node) of tasks created or finished since the last prune; mode decides which counts. */
    private final Set<SlotKey> dirty = new LinkedHashSet<>();
    private final Set<String> cleanup = new LinkedHashSet<>();
    /** Tasks per (service, slot) and per (service, node): a slot within the limit needs no look. */
    private final Map<SlotKey, Integer> perSlot = new HashMap<>();
    private final Map<SlotKey, Integer> perNode = new HashMap<>();
    /** Services whose history is kept per node (global ones) and per slot (the others). */
    private final Set<String> perNodeServices = new HashSet<>();
    private final Set<String> perSlotServices = new HashSet<>();

    public TaskReaper(MemoryStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.loop = new StoreLoop("task-reaper", store, clock, BATCHING_INTERVAL, BATCHING_INTERVAL);
        loop.setHandler(new Handler());
    }

    @Override
    public StoreLoop loop() {
        return loop;
    }

    /** Tasks with desired REMOVE go as soon as they have stopped, or if no node ever got them. */
    static boolean removable(Task t) {
        return t.desiredState() == TaskState.REMOVE
                && (t.state().isBefore(TaskState.ASSIGNED) || !t.state().isBefore(TaskState.COMPLETE));
    }

    /** History may go once it finished, or will never run. */
    static boolean finished(Task t) {
        return t.state().isAfter(TaskState.RUNNING)
                || (t.state().isBefore(TaskState.RUNNING) && t.desiredState().isAfter(TaskState.RUNNING));
    }

    private static long retentionOf(Cluster c) {
        if (c == null || c.spec() == null || c.spec().orchestration() == null
                || c.spec().orchestration().taskHistoryRetentionLimit() == null) {
            return DEFAULT_RETENTION;
        }
        return c.spec().orchestration().taskHistoryRetentionLimit();
    }

    private static SlotKey rawKey(Task t) {
        return new SlotKey(t.serviceId(), t.slot(), t.nodeId());
    }

    private static SlotKey slotKey(SlotKey raw) {
        return new SlotKey(raw.serviceId(), raw.slot(), null);
    }

    private static SlotKey nodeKey(SlotKey raw) {
        return new SlotKey(raw.serviceId(), 0, raw.nodeId());
    }

    private void count(Task t, int delta) {
        SlotKey raw = rawKey(t);
        perSlot.merge(slotKey(raw), delta, (a, b) -> a + b == 0 ? null : a + b);
        perNode.merge(nodeKey(raw), delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** The tasks a dirty key has in the store, counted as its service's mode keeps history. */
    private int countOf(SlotKey raw) {
        int bySlot = perSlot.getOrDefault(slotKey(raw), 0);
        int byNode = perNode.getOrDefault(nodeKey(raw), 0);
        if (perSlotServices.contains(raw.serviceId())) {
            return bySlot; // a replicated service's tasks spread over nodes say nothing of its slots
        }
        return perNodeServices.contains(raw.serviceId()) ? byNode : Math.max(bySlot, byNode);
    }

    private void serviceChanged(Service s) {
        boolean byNode = Tasks.isGlobal(s) || Tasks.isGlobalJob(s);
        (byNode ? perNodeServices : perSlotServices).add(s.id());
        (byNode ? perSlotServices : perNodeServices).remove(s.id());
    }

    private final class Handler implements StoreLoop.Handler {
        @Override
        public void init(ReadTx snapshot) {
            dirty.clear();
            cleanup.clear();
            perSlot.clear();
            perNode.clear();
            perNodeServices.clear();
            perSlotServices.clear();
            retention = retentionOf(snapshot.cluster().orElse(null));
            snapshot.all(Table.SERVICES).forEach(TaskReaper.this::serviceChanged);
            for (Task t : snapshot.all(Table.TASKS)) {
                count(t, 1);
                if (removable(t) || (t.serviceId() == null && t.state() == TaskState.ORPHANED)) {
                    cleanup.add(t.id());
                } else {
                    dirty.add(rawKey(t));
                }
            }
        }

        @Override
        public void onChange(StoreEvent change) {
            switch (change) {
                case StoreEvent.Created c -> {
                    if (c.object() instanceof Task t) {
                        count(t, 1);
                        dirty.add(rawKey(t));
                        if (removable(t)) {
                            cleanup.add(t.id());
                        }
                    } else if (c.object() instanceof Cluster cl) {
                        retention = retentionOf(cl);
                    } else if (c.object() instanceof Service sv) {
                        serviceChanged(sv);
                    }
                }
                case StoreEvent.Updated u -> updated(u.old(), u.object());
                case StoreEvent.Deleted d -> {
                    if (d.object() instanceof Task t) {
                        count(t, -1);
                        cleanup.remove(t.id());
                    } else if (d.object() instanceof Service sv) {
                        perNodeServices.remove(sv.id());
                        perSlotServices.remove(sv.id());
                    }
                }
                case StoreEvent.Commit c -> { }
            }
            if (dirty.size() + cleanup.size() > MAX_DIRTY) {
                loop.requestReconcile();
            }
        }

        @Override
        public void reconcile() {
            prune();
        }
    }

    private void updated(StoreObject old, StoreObject now) {
        if (now instanceof Cluster c) {
            retention = retentionOf(c);
            return;
        }
        if (now instanceof Service sv) {
            serviceChanged(sv);
            return;
        }
        if (!(now instanceof Task t)) {
            return;
        }
        if (old instanceof Task before && !java.util.Objects.equals(before.nodeId(), t.nodeId())) {
            count(before, -1); // assigned to a node: counted under it from now on
            count(t, 1);
        }
        if (removable(t) || (t.serviceId() == null && t.state() == TaskState.ORPHANED)) {
            cleanup.add(t.id());
        } else if (old instanceof Task before && !before.state().isTerminal() && t.state().isTerminal()) {
            dirty.add(rawKey(t)); // a finished task may now push its slot over the limit
        }
    }

    private void prune() {
        Map<String, Predicate<Task>> deletions = new HashMap<>();
        for (String id : cleanup) {
            deletions.put(id, t -> removable(t) || (t.serviceId() == null && t.state() == TaskState.ORPHANED));
        }
        cleanup.clear();
        if (!dirty.isEmpty()) {
            Map<String, List<SlotKey>> byService = new HashMap<>();
            for (SlotKey k : dirty) {
                // A slot within the cluster's limit has nothing to prune (a service's MaxAttempts only
                // raises the limit), so its service's tasks need not be read at all.
                if (k.serviceId() != null && retention >= 0 && countOf(k) > retention) {
                    byService.computeIfAbsent(k.serviceId(), s -> new ArrayList<>()).add(k);
                }
            }
            dirty.clear();
            long limitAll = retention;
            store.view(tx -> {
                for (Map.Entry<String, List<SlotKey>> e : byService.entrySet()) {
                    Service s = tx.get(Table.SERVICES, e.getKey()).orElse(null);
                    if (s != null) {
                        pruneService(s, tx.tasksOfService(s.id()), e.getValue(), limitAll, deletions);
                    }
                }
                return null;
            });
        }
        if (deletions.isEmpty()) {
            return;
        }
        List<StoreWrites.Op> ops = new ArrayList<>(deletions.size());
        deletions.forEach((id, stillDeletable) -> ops.add(new StoreWrites.Op(id, tx -> {
            Task t = tx.get(Table.TASKS, id).orElse(null);
            if (t != null && stillDeletable.test(t)) {
                tx.delete(Table.TASKS, id);
            }
        })));
        StoreWrites.apply(store, ops, log);
        log.debug("deleted up to {} tasks", ops.size());
    }

    private static void pruneService(Service s, List<Task> tasks, List<SlotKey> keys, long retention,
            Map<String, Predicate<Task>> deletions) {
        if (retention < 0) {
            return; // keep all history
        }
        long limit = retention;
        long maxAttempts = s.spec().taskTemplate() == null ? 0
                : Tasks.restartPolicy(s.spec().taskTemplate()).maxAttemptsOrZero();
        if (maxAttempts > 0) {
            // Keep enough to rebuild restart counts after a leader change.
            limit = Math.max(limit, maxAttempts + 1);
        }
        boolean byNode = Tasks.isGlobal(s) || Tasks.isGlobalJob(s);
        Map<Object, List<Task>> groups = new HashMap<>();
        for (Task t : tasks) {
            groups.computeIfAbsent(byNode ? (Object) String.valueOf(t.nodeId()) : (Object) t.slot(),
                    k -> new ArrayList<>()).add(t);
        }
        Set<Object> done = new HashSet<>();
        for (SlotKey k : keys) {
            Object group = byNode ? String.valueOf(k.nodeId()) : (Object) k.slot();
            if (!done.add(group)) {
                continue;
            }
            List<Task> history = groups.get(group);
            if (history == null || history.size() <= limit) {
                continue;
            }
            history.sort(Tasks.BY_STATUS_TIME);
            long left = history.size();
            for (Task t : history) {
                if (left <= limit) {
                    break;
                }
                if (finished(t)) {
                    deletions.put(t.id(), TaskReaper::finished);
                    left--;
                }
            }
        }
    }
}
