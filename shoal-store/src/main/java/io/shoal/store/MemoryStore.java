package io.shoal.store;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.api.ShoalException;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.Version;
import io.shoal.store.StoreAction.Guard;
import io.shoal.store.StoreAction.Proposal;
import io.shoal.store.StoreAction.ProposalId;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
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
 * Transactions are built one at a time; each one's changes go to the {@link Proposer} (Raft) as
 * a proposal, and the store changes only when {@link #apply} is called with the committed
 * proposal, on every manager alike. Each write stamps the objects it touches with the commit's
 * index as their version, so versions increase across the whole store.
 * <p>
 * A transaction does not wait for the one before it to commit: it reads the applied state
 * overlaid with the proposals still on their way (in order), and its own proposal is guarded on
 * the last of them ({@link Guard#after}). The guard is checked when the proposal is applied, on
 * every member alike: if a predecessor did not apply, neither does anything built on it. So
 * writers share Raft round trips and fsyncs instead of queueing for them, and no write built on
 * a read that did not hold ever lands. A caller still returns only once its own write applied.
 * <p>
 * Objects handed to {@link Tx#create} and {@link Tx#update} must be immutable: the leader keeps
 * those very objects, the other members decode them from the log.
 */
public final class MemoryStore {
    private static final Logger log = LoggerFactory.getLogger(MemoryStore.class);

    /** A batch cuts a transaction after this many changes, like SwarmKit, to bound proposal size. */
    public static final int MAX_CHANGES_PER_TRANSACTION = 200;
    /** How often {@link #update} runs a transaction again that was refused for a read other writes overtook. */
    static final int MAX_STALE_ATTEMPTS = 10;

    private final InstantSource clock;
    private volatile Proposer proposer;
    /** Held while a transaction is built and handed to the proposer: proposals reach the log in that order. */
    private final ReentrantLock writeLock = new ReentrantLock(true);
    /** Shared by readers and transactions being built; exclusive while a commit is applied. */
    private final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
    private final Rows[] rows = new Rows[Table.ALL.size()];
    private final Map<String, Set<String>> tasksByService = new HashMap<>();
    private final Map<String, Set<String>> tasksByNode = new HashMap<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private volatile long index;
    /** The last proposal applied: replicated state, since guards refer to it. Under stateLock. */
    private ProposalId lastProposal = ProposalId.NONE;
    /** This store's proposals: a random epoch (unique among all stores ever) and a counter (under writeLock). */
    private final long epoch = newEpoch();
    private long nextSeq = 1;
    /**
     * The version a staged object carries until it commits (it then gets its log index): never a
     * real index, so a writer holding the committed version of an object whose change is still in
     * flight is refused, as it would be once that change committed. Under writeLock.
     */
    private long nextProvisionalVersion = PROVISIONAL_VERSIONS;
    private static final long PROVISIONAL_VERSIONS = Long.MAX_VALUE / 2;
    /**
     * This store's proposals submitted and not applied yet, oldest first. Appended by the writer
     * (writeLock and stateLock shared), removed under stateLock exclusive.
     */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

    public MemoryStore(InstantSource clock) {
        this.clock = requireNonNull(clock, "clock is null");
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Rows();
        }
    }

    /**
     * A store whose writes apply at once, without Raft: for unit tests and tools. Every commit is
     * also checked to read back equal from the log's encoding, so a model change the log cannot
     * carry fails the first test that writes it rather than a follower in production.
     */
    public static MemoryStore local(InstantSource clock) {
        MemoryStore store = new MemoryStore(clock);
        store.setProposer(new Proposer() {
            private long next = 1;

            @Override
            public synchronized void propose(Proposal proposal) {
                StoreCodec.requireRoundTrip(proposal);
                boolean applied = store.apply(Math.max(next, store.index() + 1), proposal);
                next = store.index() + 1;
                if (!applied) {
                    throw new ShoalException.SequenceConflict("update out of sequence");
                }
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

    /** How many objects the store holds, all tables together. */
    public int objectCount() {
        stateLock.readLock().lock();
        try {
            int n = 0;
            for (Rows r : rows) {
                n += r.byId.size();
            }
            return n;
        } finally {
            stateLock.readLock().unlock();
        }
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

    /**
     * Runs {@code fn} in a transaction and commits it; nothing changes if {@code fn} throws.
     * Returns once the write is applied (or, for a transaction that wrote nothing, once every
     * write it read is). A transaction refused as a whole because other writes landed after its
     * read (a member that just became leader applies the last term's entries meanwhile) is run
     * again on the newer state, up to {@value #MAX_STALE_ATTEMPTS} times: nothing of it was applied.
     */
    public <R> R update(Function<Tx, R> fn) {
        for (int attempt = 1; ; attempt++) {
            R result;
            InFlight awaited;
            writeLock.lock();
            try {
                WriteTx tx;
                stateLock.readLock().lock();
                try {
                    tx = new WriteTx();
                    result = fn.apply(tx); // what fn throws (a wrong version too) is the caller's answer
                } finally {
                    stateLock.readLock().unlock();
                }
                try {
                    awaited = tx.actions.isEmpty() ? tx.after : submit(tx);
                } catch (ShoalException.SequenceConflict e) {
                    if (attempt == MAX_STALE_ATTEMPTS) {
                        throw e;
                    }
                    continue;
                }
            } finally {
                writeLock.unlock();
            }
            try {
                await(awaited);
                return result;
            } catch (ShoalException.SequenceConflict e) {
                if (attempt == MAX_STALE_ATTEMPTS) {
                    throw e;
                }
            }
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
        for (InFlight f : submitBatch(writes, onError)) {
            await(f);
        }
    }

    /**
     * {@link #batch} without waiting for the commits: the writes run and their transactions are
     * handed to Raft before this returns (so a later write reads them), and the future completes once
     * all of them applied, or exceptionally with the first failure. For loops that must not stall on
     * Raft round trips (the dispatcher keeps answering heartbeats meanwhile).
     */
    public CompletableFuture<Void> batchAsync(List<? extends Consumer<Tx>> writes, Consumer<RuntimeException> onError) {
        List<InFlight> submitted = submitBatch(writes, onError);
        return CompletableFuture.allOf(submitted.stream().map(f -> f.done).toArray(CompletableFuture[]::new));
    }

    private List<InFlight> submitBatch(List<? extends Consumer<Tx>> writes, Consumer<RuntimeException> onError) {
        List<InFlight> submitted = new ArrayList<>();
        writeLock.lock();
        try {
            WriteTx tx = null;
            for (Consumer<Tx> write : writes) {
                stateLock.readLock().lock();
                try {
                    if (tx == null) {
                        tx = new WriteTx();
                    }
                    int savepoint = tx.changeCount();
                    try {
                        write.accept(tx);
                    } catch (RuntimeException e) {
                        tx.rollbackTo(savepoint);
                        onError.accept(e);
                    }
                } finally {
                    stateLock.readLock().unlock();
                }
                if (tx.changeCount() >= MAX_CHANGES_PER_TRANSACTION) {
                    submitted.add(submit(tx));
                    tx = null;
                }
            }
            if (tx != null) {
                InFlight last = tx.actions.isEmpty() ? tx.after : submit(tx);
                if (last != null) {
                    submitted.add(last);
                }
            }
        } finally {
            writeLock.unlock();
        }
        return submitted;
    }

    /** Guards the transaction, records it as in flight, and hands it to the proposer. Under writeLock. */
    private InFlight submit(WriteTx tx) {
        Proposer p = proposer;
        if (p == null) {
            throw new ShoalException.Unavailable("the store is not ready for writes");
        }
        InFlight entry;
        stateLock.readLock().lock();
        try {
            // A read that can no longer hold fails now; the guard checks again where it counts.
            if (tx.after != null ? tx.after.dropped : index != tx.readIndex) {
                throw new ShoalException.SequenceConflict("update out of sequence");
            }
            ProposalId id = new ProposalId(epoch, nextSeq++);
            Guard guard = tx.after == null
                    ? new Guard(tx.readIndex, id, ProposalId.NONE)
                    : new Guard(Guard.UNCONDITIONAL, id, tx.after.id);
            entry = new InFlight(new Proposal(clock.instant(), tx.actions, guard), tx.own);
            inFlight.addLast(entry);
        } finally {
            stateLock.readLock().unlock();
        }
        CompletableFuture<Void> committed;
        try {
            committed = p.submit(entry.proposal);
        } catch (RuntimeException e) {
            failed(entry, e);
            throw e;
        }
        committed.whenComplete((ok, e) -> {
            if (e != null) {
                failed(entry, unwrap(e));
            } else {
                entry.done.complete(null);
            }
        });
        return entry;
    }

    /** Waits for an in-flight proposal; rethrows what made it fail. */
    private static void await(InFlight entry) {
        if (entry == null) {
            return;
        }
        try {
            entry.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException.Unavailable("interrupted while committing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new ShoalException.Internal("commit failed", e.getCause());
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** The proposal failed (or its outcome is unknown): nothing new may be built on it or on what followed it. */
    private void failed(InFlight entry, Throwable cause) {
        stateLock.writeLock().lock();
        try {
            dropFrom(entry);
        } finally {
            stateLock.writeLock().unlock();
        }
        entry.done.completeExceptionally(cause);
    }

    /**
     * Takes {@code entry} and every later proposal out of the overlay. Those later ones still get
     * their own outcome from Raft (if the outcome of {@code entry} was unknown, they may apply).
     */
    private void dropFrom(InFlight entry) {
        boolean found = false;
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
            InFlight f = it.next();
            found |= f == entry;
            if (found) {
                f.dropped = true;
                it.remove();
            }
        }
    }

    // ---- applying committed writes (called by the proposer / Raft state machine) -------------

    /**
     * Applies a committed proposal at log position {@code commitIndex} if its guard holds, and
     * returns whether it did. Deterministic on every manager.
     */
    public boolean apply(long commitIndex, Proposal proposal) {
        return apply(commitIndex, proposal, () -> { });
    }

    /**
     * {@link #apply(long, Proposal)}, running {@code then} once the outcome is in the store and
     * before the writer waiting for this proposal (if it is this store's) returns: a Raft state
     * machine records its applied index there, so a writer never sees it lag its own write.
     */
    public boolean apply(long commitIndex, Proposal proposal, Runnable then) {
        InFlight mine;
        boolean applied;
        stateLock.writeLock().lock();
        try {
            Guard guard = proposal.guard();
            mine = find(guard.id());
            applied = guard.holds(index, lastProposal);
            if (applied) {
                applyChanges(commitIndex, proposal);
                lastProposal = guard.id();
                landed(guard.id());
            } else if (mine != null) {
                dropFrom(mine);
            }
        } finally {
            stateLock.writeLock().unlock();
        }
        then.run();
        if (mine != null) {
            if (applied) {
                mine.done.complete(null);
            } else {
                mine.done.completeExceptionally(new ShoalException.SequenceConflict("update out of sequence"));
            }
        }
        return applied;
    }

    private void applyChanges(long commitIndex, Proposal proposal) {
        List<StoreEvent> events = new ArrayList<>(proposal.actions().size() + 1);
        Version version = new Version(commitIndex);
        for (StoreAction a : proposal.actions()) {
            Rows table = rows(a.table());
            StoreObject old = table.byId.get(a.id());
            switch (a.kind()) {
                case CREATE, UPDATE -> {
                    StoreObject stamped = a.object().withMeta(version,
                            old != null ? old.createdAt() : proposal.at(), proposal.at());
                    put(a.table(), old, stamped);
                    events.add(old == null ? new StoreEvent.Created(stamped) : new StoreEvent.Updated(old, stamped));
                }
                case DELETE -> {
                    if (old == null) {
                        log.warn("committed delete of missing {}/{} ignored", a.table(), a.id());
                        continue;
                    }
                    remove(a.table(), old);
                    events.add(new StoreEvent.Deleted(old));
                }
            }
        }
        index = Math.max(index, commitIndex);
        List<StoreEvent> published = Collections.unmodifiableList(withCommit(events));
        for (Watch w : watches) {
            w.offer(published);
        }
    }

    private List<StoreEvent> withCommit(List<StoreEvent> events) {
        events.add(new StoreEvent.Commit(index));
        return events;
    }

    /** This store's proposal {@code id}, if it is in flight. */
    private InFlight find(ProposalId id) {
        if (id.isNone() || id.epoch() != epoch) {
            return null;
        }
        for (InFlight f : inFlight) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        return null;
    }

    /** One of this store's proposals applied: it leaves the overlay (older ones already have). */
    private void landed(ProposalId id) {
        if (id.isNone() || id.epoch() != epoch) {
            return;
        }
        while (!inFlight.isEmpty() && inFlight.peekFirst().id.seq() <= id.seq()) {
            inFlight.pollFirst();
        }
    }

    private void put(Table<?> table, StoreObject old, StoreObject obj) {
        Rows r = rows(table);
        r.byId.put(obj.id(), obj);
        // Most updates (a task's status) keep every indexed key: nothing to re-index.
        if (old == null || !sameIndexKeys(table, old, obj)) {
            if (old != null) {
                unindex(table, old);
            }
            index(table, obj);
        }
    }

    private static boolean sameIndexKeys(Table<?> table, StoreObject old, StoreObject obj) {
        if (!java.util.Objects.equals(nameOf(table, old), nameOf(table, obj))) {
            return false;
        }
        return !(old instanceof Task a) || (obj instanceof Task b
                && a.serviceId().equals(b.serviceId()) && java.util.Objects.equals(a.nodeId(), b.nodeId()));
    }

    private void remove(Table<?> table, StoreObject obj) {
        rows(table).byId.remove(obj.id());
        unindex(table, obj);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String nameOf(Table table, StoreObject obj) {
        return (String) table.nameOf().apply(obj);
    }

    private static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private void index(Table<?> table, StoreObject obj) {
        String n = nameOf(table, obj);
        if (n != null) {
            rows(table).idByName.put(nameKey(n), obj.id());
        }
        if (obj instanceof Task t) {
            tasksByService.computeIfAbsent(t.serviceId(), k -> new HashSet<>()).add(t.id());
            if (t.nodeId() != null) {
                tasksByNode.computeIfAbsent(t.nodeId(), k -> new HashSet<>()).add(t.id());
            }
        }
    }

    private void unindex(Table<?> table, StoreObject obj) {
        String n = nameOf(table, obj);
        if (n != null) {
            rows(table).idByName.remove(nameKey(n), obj.id());
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

    private Rows rows(Table<?> table) {
        return rows[slot(table)];
    }

    private static int slot(Table<?> table) {
        List<Table<?>> all = Table.ALL;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == table) {
                return i;
            }
        }
        int i = all.indexOf(table);
        if (i < 0) {
            throw new IllegalArgumentException("unknown table " + table);
        }
        return i;
    }

    // ---- snapshots ---------------------------------------------------------------------------

    /** Everything in the store, for a Raft snapshot. */
    public StoreSnapshot snapshot() {
        stateLock.readLock().lock();
        try {
            Map<String, List<StoreObject>> all = new LinkedHashMap<>();
            for (Table<?> t : Table.ALL) {
                all.put(t.name(), List.copyOf(rows(t).byId.values()));
            }
            return new StoreSnapshot(index, all, lastProposal);
        } finally {
            stateLock.readLock().unlock();
        }
    }

    /** Replaces the whole state with a snapshot's (at start-up, or when a follower installs one). */
    public void restore(StoreSnapshot snapshot) {
        stateLock.writeLock().lock();
        try {
            for (Rows r : rows) {
                r.byId.clear();
                r.idByName.clear();
            }
            tasksByService.clear();
            tasksByNode.clear();
            snapshot.forEachObject((table, obj) -> put(table, null, obj));
            index = snapshot.index();
            lastProposal = snapshot.lastProposal();
            // A member that installs a snapshot is no leader: nothing of its own can still land.
            if (!inFlight.isEmpty()) {
                dropFrom(inFlight.peekFirst());
            }
            List<StoreEvent> commit = List.of(new StoreEvent.Commit(index));
            for (Watch w : watches) {
                w.offer(commit);
            }
        } finally {
            stateLock.writeLock().unlock();
        }
    }

    // ---- transactions ------------------------------------------------------------------------

    /** One table's rows and unique-name index. */
    private static final class Rows {
        final Map<String, StoreObject> byId = new HashMap<>();
        /** Lower-cased name to ID. */
        final Map<String, String> idByName = new HashMap<>();
    }

    /** The changes of one transaction, by table and ID; a null value is a delete. */
    private static final class Layer {
        @SuppressWarnings("unchecked")
        private final Map<String, StoreObject>[] byTable = new Map[Table.ALL.size()];

        Map<String, StoreObject> changes(Table<?> table) {
            return byTable[slot(table)];
        }

        void put(Table<?> table, String id, StoreObject object) {
            int s = slot(table);
            if (byTable[s] == null) {
                byTable[s] = new LinkedHashMap<>();
            }
            byTable[s].put(id, object);
        }

        void clear() {
            java.util.Arrays.fill(byTable, null);
        }
    }

    /** A proposal of this store on its way through Raft. */
    private static final class InFlight {
        final ProposalId id;
        final Proposal proposal;
        final Layer changes;
        /** Completes once the proposal applied here, or exceptionally once it cannot. */
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** Out of the overlay without having applied: nothing may be built on it any more. Under stateLock. */
        boolean dropped;

        InFlight(Proposal proposal, Layer changes) {
            this.id = proposal.guard().id();
            this.proposal = proposal;
            this.changes = changes;
        }
    }

    /** Reads the applied state directly; callers hold the state read lock. */
    private class StateReader implements ReadTx {
        @Override
        public <T extends StoreObject> Optional<T> get(Table<T> table, String id) {
            return Optional.ofNullable(table.cast(rows(table).byId.get(id)));
        }

        @Override
        public <T extends StoreObject> List<T> all(Table<T> table) {
            Map<String, StoreObject> r = rows(table).byId;
            List<T> out = new ArrayList<>(r.size());
            for (StoreObject o : r.values()) {
                out.add(table.cast(o));
            }
            return out;
        }

        @Override
        public <T extends StoreObject> Optional<T> byName(Table<T> table, String name) {
            if (name == null) {
                return Optional.empty();
            }
            String id = rows(table).idByName.get(nameKey(name));
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
                return new ArrayList<>(0);
            }
            List<Task> out = new ArrayList<>(ids.size());
            Map<String, StoreObject> r = rows(Table.TASKS).byId;
            for (String id : ids) {
                StoreObject o = r.get(id);
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

    /**
     * A transaction: the applied state, overlaid with the proposals in flight (oldest first),
     * overlaid with this transaction's own changes. Built under writeLock with stateLock shared.
     */
    private final class WriteTx extends StateReader implements Tx {
        /** The store index when the transaction began. */
        private final long readIndex = index;
        /** The newest proposal in flight when the transaction began: its own proposal is guarded on it. */
        private final InFlight after = inFlight.peekLast();
        private final List<StoreAction> actions = new ArrayList<>();
        private final Layer own = new Layer();

        /** The layers over the applied state, newest first. */
        private Iterable<Layer> newestFirst() {
            if (inFlight.isEmpty()) {
                return List.of(own);
            }
            List<Layer> layers = new ArrayList<>(inFlight.size() + 1);
            layers.add(own);
            for (Iterator<InFlight> it = inFlight.descendingIterator(); it.hasNext(); ) {
                layers.add(it.next().changes);
            }
            return layers;
        }

        @Override
        public <T extends StoreObject> Optional<T> get(Table<T> table, String id) {
            Map<String, StoreObject> c = own.changes(table);
            if (c != null && c.containsKey(id)) {
                return Optional.ofNullable(table.cast(c.get(id)));
            }
            for (Iterator<InFlight> it = inFlight.descendingIterator(); it.hasNext(); ) {
                c = it.next().changes.changes(table);
                if (c != null && c.containsKey(id)) {
                    return Optional.ofNullable(table.cast(c.get(id)));
                }
            }
            return super.get(table, id);
        }

        private boolean overlays(Table<?> table) {
            for (Layer l : newestFirst()) {
                if (l.changes(table) != null) {
                    return true;
                }
            }
            return false;
        }

        /** Applied objects with every layer's changes applied in order. */
        private <T extends StoreObject> Map<String, T> merged(Table<T> table, List<T> applied, Predicate<T> belongs) {
            Map<String, T> merged = new LinkedHashMap<>();
            for (T t : applied) {
                merged.put(t.id(), t);
            }
            List<Layer> oldestFirst = new ArrayList<>();
            newestFirst().forEach(l -> oldestFirst.addFirst(l));
            for (Layer l : oldestFirst) {
                Map<String, StoreObject> c = l.changes(table);
                if (c == null) {
                    continue;
                }
                c.forEach((id, o) -> {
                    if (o != null && belongs.test(table.cast(o))) {
                        merged.put(id, table.cast(o));
                    } else {
                        merged.remove(id);
                    }
                });
            }
            return merged;
        }

        @Override
        public <T extends StoreObject> List<T> all(Table<T> table) {
            if (!overlays(table)) {
                return super.all(table);
            }
            return new ArrayList<>(merged(table, super.all(table), o -> true).values());
        }

        @Override
        public <T extends StoreObject> Optional<T> byName(Table<T> table, String name) {
            if (name == null || !overlays(table)) {
                return super.byName(table, name);
            }
            // The newest version of each changed object decides; applied objects changed since do not count.
            Set<String> changed = new HashSet<>();
            for (Layer l : newestFirst()) {
                Map<String, StoreObject> c = l.changes(table);
                if (c == null) {
                    continue;
                }
                for (Map.Entry<String, StoreObject> e : c.entrySet()) {
                    if (changed.add(e.getKey()) && e.getValue() != null
                            && name.equalsIgnoreCase(table.nameOf().apply(table.cast(e.getValue())))) {
                        return Optional.of(table.cast(e.getValue()));
                    }
                }
            }
            String id = rows(table).idByName.get(nameKey(name));
            return id == null || changed.contains(id) ? Optional.empty() : super.get(table, id);
        }

        @Override
        public List<Task> tasksOfService(String serviceId) {
            List<Task> applied = super.tasksOfService(serviceId);
            return overlays(Table.TASKS)
                    ? new ArrayList<>(merged(Table.TASKS, applied, t -> serviceId.equals(t.serviceId())).values())
                    : applied;
        }

        @Override
        public List<Task> tasksOnNode(String nodeId) {
            List<Task> applied = super.tasksOnNode(nodeId);
            return overlays(Table.TASKS)
                    ? new ArrayList<>(merged(Table.TASKS, applied, t -> nodeId.equals(t.nodeId())).values())
                    : applied;
        }

        @Override
        public <T extends StoreObject> void create(Table<T> table, T object) {
            requireNonNull(object, "object is null");
            if (get(table, object.id()).isPresent()) {
                throw new ShoalException.Conflict(table.kind() + " " + object.id() + " already exists");
            }
            checkName(table, object);
            stage(table, StoreAction.Kind.CREATE, object.id(), provisional(object));
        }

        @Override
        public <T extends StoreObject> void update(Table<T> table, T object) {
            requireNonNull(object, "object is null");
            T current = get(table, object.id()).orElseThrow(
                    () -> new ShoalException.NotFound(table.kind() + " " + object.id() + " not found"));
            if (!current.version().equals(object.version())) {
                throw new ShoalException.SequenceConflict("update out of sequence");
            }
            if (!sameName(table, current, object)) {
                checkName(table, object);
            }
            stage(table, StoreAction.Kind.UPDATE, object.id(), provisional(object));
        }

        /** The object as staged: a version of its own until the commit stamps the real one. */
        @SuppressWarnings("unchecked")
        private <T extends StoreObject> T provisional(T object) {
            return (T) object.withMeta(new Version(++nextProvisionalVersion), object.createdAt(), object.updatedAt());
        }

        @Override
        public <T extends StoreObject> void delete(Table<T> table, String id) {
            if (get(table, id).isEmpty()) {
                throw new ShoalException.NotFound(table.kind() + " " + id + " not found");
            }
            stage(table, StoreAction.Kind.DELETE, id, null);
        }

        /** An update that keeps the object's name cannot take anyone else's (most updates: no lookup). */
        private <T extends StoreObject> boolean sameName(Table<T> table, T current, T object) {
            String before = table.nameOf().apply(current);
            String after = table.nameOf().apply(object);
            return before == null ? after == null : before.equals(after);
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
            actions.add(new StoreAction(kind, table, id, object));
            own.put(table, id, object);
        }

        @Override
        public int changeCount() {
            return actions.size();
        }

        void rollbackTo(int savepoint) {
            List<StoreAction> kept = new ArrayList<>(actions.subList(0, savepoint));
            actions.clear();
            own.clear();
            for (StoreAction a : kept) {
                stage(a.table(), a.kind(), a.id(), a.object());
            }
        }
    }

    private static long newEpoch() {
        long e;
        do {
            e = new SecureRandom().nextLong();
        } while (e == 0);
        return e;
    }

    /** Convenience for components: the node by ID, or NotFound. */
    public Node node(String id) {
        return view(tx -> tx.get(Table.NODES, id))
                .orElseThrow(() -> new ShoalException.NotFound("node " + id + " not found"));
    }
}
