package io.shoal.store;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.api.ShoalException;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.Version;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster state every manager holds in memory: tables with ID, name and task indexes,
 * transactions, and a stream of change events.
 * <p>
 * Writes are serialised: a transaction runs against the current state, its changes go to the
 * {@link Proposer} (Raft), and the store changes only when {@link #apply} is called with the
 * committed proposal, on every manager alike. Each write stamps the objects it touches with the
 * commit's index as their version, so versions increase across the whole store.
 */
public final class MemoryStore {
    private static final Logger log = LoggerFactory.getLogger(MemoryStore.class);

    /** A batch cuts a transaction after this many changes, like SwarmKit, to bound proposal size. */
    public static final int MAX_CHANGES_PER_TRANSACTION = 200;

    private final InstantSource clock;
    private volatile Proposer proposer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
    private final Map<Table<?>, Map<String, StoreObject>> tables = new HashMap<>();
    private final Map<Table<?>, Map<String, String>> names = new HashMap<>();
    private final Map<String, Set<String>> tasksByService = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> tasksByNode = new ConcurrentHashMap<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private volatile long index;

    public MemoryStore(InstantSource clock) {
        this.clock = requireNonNull(clock, "clock is null");
        for (Table<?> t : Table.ALL) {
            tables.put(t, new ConcurrentHashMap<>());
            names.put(t, new ConcurrentHashMap<>());
        }
    }

    /** A store whose writes apply at once, without Raft: for unit tests and tools. */
    public static MemoryStore local(InstantSource clock) {
        MemoryStore store = new MemoryStore(clock);
        store.setProposer(new Proposer() {
            private long next = 1;

            @Override
            public synchronized void propose(StoreAction.Proposal proposal) {
                store.apply(Math.max(next, store.index() + 1), proposal);
                next = store.index() + 1;
            }
        });
        return store;
    }

    public void setProposer(Proposer proposer) {
        this.proposer = requireNonNull(proposer, "proposer is null");
    }

    public long index() {
        return index;
    }

    // ---- reads -------------------------------------------------------------------------------

    public <R> R view(Function<ReadTx, R> fn) {
        stateLock.readLock().lock();
        try {
            return fn.apply(new StateReader());
        } finally {
            stateLock.readLock().unlock();
        }
    }

    /**
     * Reads a snapshot and subscribes to every change after it, with no gap between the two.
     * The caller must {@link Watch#close()} the watch.
     */
    public <R> Snapshot<R> viewAndWatch(Function<ReadTx, R> fn) {
        stateLock.readLock().lock();
        try {
            Watch w = new Watch(this);
            watches.add(w);
            return new Snapshot<>(fn.apply(new StateReader()), w);
        } finally {
            stateLock.readLock().unlock();
        }
    }

    public Watch watch() {
        Watch w = new Watch(this);
        watches.add(w);
        return w;
    }

    void unwatch(Watch w) {
        watches.remove(w);
    }

    public record Snapshot<R>(R value, Watch watch) {}

    // ---- writes ------------------------------------------------------------------------------

    /** Runs {@code fn} in a transaction and commits it; nothing changes if {@code fn} throws. */
    public <R> R update(Function<Tx, R> fn) {
        writeLock.lock();
        try {
            WriteTx tx = new WriteTx();
            R result;
            stateLock.readLock().lock();
            try {
                result = fn.apply(tx);
            } finally {
                stateLock.readLock().unlock();
            }
            commit(tx);
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    /** {@link #update(Function)} for a transaction with no result. */
    public void write(Consumer<Tx> fn) {
        update(tx -> {
            fn.accept(tx);
            return null;
        });
    }

    /**
     * Runs many small writes, committing them in transactions of at most
     * {@value #MAX_CHANGES_PER_TRANSACTION} changes. A write that throws is rolled back alone and
     * reported to {@code onError}; the others still commit.
     */
    public void batch(List<? extends Consumer<Tx>> writes, Consumer<RuntimeException> onError) {
        writeLock.lock();
        try {
            WriteTx tx = new WriteTx();
            for (Consumer<Tx> write : writes) {
                int savepoint = tx.changeCount();
                stateLock.readLock().lock();
                try {
                    write.accept(tx);
                } catch (RuntimeException e) {
                    tx.rollbackTo(savepoint);
                    onError.accept(e);
                } finally {
                    stateLock.readLock().unlock();
                }
                if (tx.changeCount() >= MAX_CHANGES_PER_TRANSACTION) {
                    commit(tx);
                    tx = new WriteTx();
                }
            }
            commit(tx);
        } finally {
            writeLock.unlock();
        }
    }

    private void commit(WriteTx tx) {
        if (tx.actions.isEmpty()) {
            return;
        }
        Proposer p = proposer;
        if (p == null) {
            throw new ShoalException.Unavailable("the store is not ready for writes");
        }
        p.propose(new StoreAction.Proposal(clock.instant(), tx.actions), tx.readIndex);
    }

    // ---- applying committed writes (called by the proposer / Raft state machine) -------------

    /** Applies a committed proposal at log position {@code commitIndex}. Deterministic on every manager. */
    public void apply(long commitIndex, StoreAction.Proposal proposal) {
        List<StoreEvent> events = new ArrayList<>(proposal.actions().size() + 1);
        stateLock.writeLock().lock();
        try {
            Version version = new Version(commitIndex);
            for (StoreAction a : proposal.actions()) {
                Table<?> table = Table.byName(a.table());
                Map<String, StoreObject> rows = tables.get(table);
                StoreObject old = rows.get(a.id());
                switch (a.kind()) {
                    case CREATE, UPDATE -> {
                        StoreObject decoded = a.decode();
                        StoreObject stamped = decoded.withMeta(version,
                                old != null ? old.createdAt() : proposal.at(), proposal.at());
                        put(table, old, stamped);
                        events.add(old == null ? new StoreEvent.Created(stamped) : new StoreEvent.Updated(old, stamped));
                    }
                    case DELETE -> {
                        if (old == null) {
                            log.warn("committed delete of missing {}/{} ignored", table, a.id());
                            continue;
                        }
                        remove(table, old);
                        events.add(new StoreEvent.Deleted(old));
                    }
                }
            }
            index = Math.max(index, commitIndex);
            events.add(new StoreEvent.Commit(index));
            for (Watch w : watches) {
                w.offer(events);
            }
        } finally {
            stateLock.writeLock().unlock();
        }
    }

    private void put(Table<?> table, StoreObject old, StoreObject obj) {
        if (old != null) {
            unindex(table, old);
        }
        tables.get(table).put(obj.id(), obj);
        index(table, obj);
    }

    private void remove(Table<?> table, StoreObject obj) {
        tables.get(table).remove(obj.id());
        unindex(table, obj);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String nameOf(Table table, StoreObject obj) {
        String n = (String) table.nameOf().apply(obj);
        return n == null ? null : n.toLowerCase(Locale.ROOT);
    }

    private void index(Table<?> table, StoreObject obj) {
        String n = nameOf(table, obj);
        if (n != null) {
            names.get(table).put(n, obj.id());
        }
        if (obj instanceof Task t) {
            tasksByService.computeIfAbsent(t.serviceId(), k -> ConcurrentHashMap.newKeySet()).add(t.id());
            if (t.nodeId() != null) {
                tasksByNode.computeIfAbsent(t.nodeId(), k -> ConcurrentHashMap.newKeySet()).add(t.id());
            }
        }
    }

    private void unindex(Table<?> table, StoreObject obj) {
        String n = nameOf(table, obj);
        if (n != null) {
            names.get(table).remove(n, obj.id());
        }
        if (obj instanceof Task t) {
            removeFrom(tasksByService, t.serviceId(), t.id());
            if (t.nodeId() != null) {
                removeFrom(tasksByNode, t.nodeId(), t.id());
            }
        }
    }

    private static void removeFrom(Map<String, Set<String>> index, String key, String id) {
        Set<String> ids = index.get(key);
        if (ids != null) {
            ids.remove(id);
            if (ids.isEmpty()) {
                index.remove(key);
            }
        }
    }

    // ---- snapshots ---------------------------------------------------------------------------

    /** Everything in the store, for a Raft snapshot. */
    public StoreSnapshot snapshot() {
        stateLock.readLock().lock();
        try {
            Map<String, List<StoreObject>> all = new LinkedHashMap<>();
            for (Table<?> t : Table.ALL) {
                all.put(t.name(), List.copyOf(tables.get(t).values()));
            }
            return new StoreSnapshot(index, all);
        } finally {
            stateLock.readLock().unlock();
        }
    }

    /** Replaces the whole state with a snapshot's (at start-up, or when a follower installs one). */
    public void restore(StoreSnapshot snapshot) {
        stateLock.writeLock().lock();
        try {
            for (Table<?> t : Table.ALL) {
                tables.get(t).clear();
                names.get(t).clear();
            }
            tasksByService.clear();
            tasksByNode.clear();
            snapshot.forEachObject((table, obj) -> put(table, null, obj));
            index = snapshot.index();
            for (Watch w : watches) {
                w.offer(List.of(new StoreEvent.Commit(index)));
            }
        } finally {
            stateLock.writeLock().unlock();
        }
    }

    // ---- transactions ------------------------------------------------------------------------

    /** Reads the applied state directly; callers hold the state read lock. */
    private class StateReader implements ReadTx {
        @Override
        public <T extends StoreObject> Optional<T> get(Table<T> table, String id) {
            return Optional.ofNullable(table.cast(tables.get(table).get(id)));
        }

        @Override
        public <T extends StoreObject> List<T> all(Table<T> table) {
            List<T> out = new ArrayList<>(tables.get(table).size());
            for (StoreObject o : tables.get(table).values()) {
                out.add(table.cast(o));
            }
            return out;
        }

        @Override
        public <T extends StoreObject> Optional<T> byName(Table<T> table, String name) {
            if (name == null) {
                return Optional.empty();
            }
            String id = names.get(table).get(name.toLowerCase(Locale.ROOT));
            return id == null ? Optional.empty() : get(table, id);
        }

        @Override
        public List<Task> tasksOfService(String serviceId) {
            return tasks(tasksByService.get(serviceId));
        }

        @Override
        public List<Task> tasksOnNode(String nodeId) {
            return tasks(tasksByNode.get(nodeId));
        }

        private List<Task> tasks(Set<String> ids) {
            if (ids == null) {
                return List.of();
            }
            List<Task> out = new ArrayList<>(ids.size());
            Map<String, StoreObject> rows = tables.get(Table.TASKS);
            for (String id : ids) {
                StoreObject o = rows.get(id);
                if (o != null) {
                    out.add((Task) o);
                }
            }
            return out;
        }

        @Override
        public long index() {
            return index;
        }
    }

    /** A transaction: the applied state overlaid with this transaction's pending changes. */
    private final class WriteTx extends StateReader implements Tx {
        /** The store index when the transaction began: a Raft proposer refuses it if the store moved on since. */
        private final long readIndex = index;
        private final List<StoreAction> actions = new ArrayList<>();
        /** Pending objects by table and ID; a null value is a pending delete. */
        private final Map<Table<?>, Map<String, StoreObject>> pending = new HashMap<>();

        @Override
        public <T extends StoreObject> Optional<T> get(Table<T> table, String id) {
            Map<String, StoreObject> p = pending.get(table);
            if (p != null && p.containsKey(id)) {
                return Optional.ofNullable(table.cast(p.get(id)));
            }
            return super.get(table, id);
        }

        @Override
        public <T extends StoreObject> List<T> all(Table<T> table) {
            Map<String, StoreObject> p = pending.get(table);
            if (p == null) {
                return super.all(table);
            }
            Map<String, T> merged = new LinkedHashMap<>();
            for (T t : super.all(table)) {
                merged.put(t.id(), t);
            }
            p.forEach((id, o) -> {
                if (o == null) {
                    merged.remove(id);
                } else {
                    merged.put(id, table.cast(o));
                }
            });
            return new ArrayList<>(merged.values());
        }

        @Override
        public <T extends StoreObject> Optional<T> byName(Table<T> table, String name) {
            if (name == null || !pending.containsKey(table)) {
                return super.byName(table, name);
            }
            return findIn(table, o -> name.equalsIgnoreCase(table.nameOf().apply(o)));
        }

        private <T extends StoreObject> Optional<T> findIn(Table<T> table, Predicate<T> p) {
            return all(table).stream().filter(p).findFirst();
        }

        @Override
        public List<Task> tasksOfService(String serviceId) {
            return overlayTasks(super.tasksOfService(serviceId), t -> serviceId.equals(t.serviceId()));
        }

        @Override
        public List<Task> tasksOnNode(String nodeId) {
            return overlayTasks(super.tasksOnNode(nodeId), t -> nodeId.equals(t.nodeId()));
        }

        private List<Task> overlayTasks(List<Task> applied, Predicate<Task> belongs) {
            Map<String, StoreObject> p = pending.get(Table.TASKS);
            if (p == null) {
                return applied;
            }
            Map<String, Task> merged = new LinkedHashMap<>();
            for (Task t : applied) {
                merged.put(t.id(), t);
            }
            p.forEach((id, o) -> {
                if (o instanceof Task t && belongs.test(t)) {
                    merged.put(id, t);
                } else {
                    merged.remove(id);
                }
            });
            return new ArrayList<>(merged.values());
        }

        @Override
        public <T extends StoreObject> void create(Table<T> table, T object) {
            requireNonNull(object, "object is null");
            if (get(table, object.id()).isPresent()) {
                throw new ShoalException.Conflict(table.kind() + " " + object.id() + " already exists");
            }
            checkName(table, object);
            stage(table, StoreAction.Kind.CREATE, object.id(), object);
        }

        @Override
        public <T extends StoreObject> void update(Table<T> table, T object) {
            requireNonNull(object, "object is null");
            T current = get(table, object.id()).orElseThrow(
                    () -> new ShoalException.NotFound(table.kind() + " " + object.id() + " not found"));
            if (!current.version().equals(object.version())) {
                throw new ShoalException.SequenceConflict("update out of sequence");
            }
            checkName(table, object);
            stage(table, StoreAction.Kind.UPDATE, object.id(), object);
        }

        @Override
        public <T extends StoreObject> void delete(Table<T> table, String id) {
            if (get(table, id).isEmpty()) {
                throw new ShoalException.NotFound(table.kind() + " " + id + " not found");
            }
            stage(table, StoreAction.Kind.DELETE, id, null);
        }

        private <T extends StoreObject> void checkName(Table<T> table, T object) {
            String name = table.nameOf().apply(object);
            if (name == null) {
                return;
            }
            Optional<T> holder = byName(table, name);
            if (holder.isPresent() && !holder.get().id().equals(object.id())) {
                throw new ShoalException.Conflict(table.kind() + " with name " + name + " already exists");
            }
        }

        private void stage(Table<?> table, StoreAction.Kind kind, String id, StoreObject object) {
            actions.add(StoreAction.of(kind, table, id, object));
            pending.computeIfAbsent(table, k -> new HashMap<>()).put(id, object);
        }

        @Override
        public int changeCount() {
            return actions.size();
        }

        void rollbackTo(int savepoint) {
            List<StoreAction> kept = new ArrayList<>(actions.subList(0, savepoint));
            actions.clear();
            pending.clear();
            for (StoreAction a : kept) {
                Table<?> t = Table.byName(a.table());
                stage(t, a.kind(), a.id(), a.kind() == StoreAction.Kind.DELETE ? null : a.decode());
            }
        }
    }

    /** Convenience for components: the node by ID, or NotFound. */
    public Node node(String id) {
        return view(tx -> tx.get(Table.NODES, id))
                .orElseThrow(() -> new ShoalException.NotFound("node " + id + " not found"));
    }
}
