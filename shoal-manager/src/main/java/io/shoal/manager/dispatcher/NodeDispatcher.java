package io.shoal.manager.dispatcher;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Cluster;
import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.dispatch.AssignmentListener;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.dispatch.TaskStatusUpdate;
import io.shoal.api.time.Clock;
import io.shoal.manager.Component;
import io.shoal.store.MemoryStore;
import io.shoal.store.StoreEvent;
import io.shoal.store.Table;
import io.shoal.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager side of every agent's session (SwarmKit's dispatcher): registers nodes and keeps
 * them READY while they heartbeat, marks them DOWN when they stop, streams each node the tasks
 * assigned to it, and writes the task states agents report back to the store in batches.
 * <p>
 * All state lives on one thread ({@code shoal-dispatcher}); a second one
 * ({@code shoal-dispatcher-watch}) hands it the store's commits, and a third
 * ({@code shoal-dispatcher-send}) encodes and sends assignments, in order. Store changes reach a
 * node's session through an index by node ID, so the cost of a change does not grow with the number
 * of sessions. Timers only queue work on that thread. The loop never waits for Raft: status writes
 * are handed to the store and commit while it goes on answering heartbeats.
 */
public final class NodeDispatcher implements Dispatcher, Component {
    private static final Logger log = LoggerFactory.getLogger(NodeDispatcher.class);

    static final String HEARTBEAT_FAILURE = "heartbeat failure";
    static final String UNKNOWN_HEARTBEAT_FAILURE = "heartbeat failure for node in \"unknown\" state";
    static final String LEADER_CHANGE = "Node moved to \"unknown\" state due to leadership change in cluster";
    static final String DISCONNECTED = "node is currently trying to find new manager";
    static final String SESSION_INVALID = "session invalid";
    static final String STOPPED = "dispatcher stopped";
    static final String REPLACED = "session replaced by a new session of the same node";
    static final String NODE_REMOVED = "node was removed from the swarm";
    static final String SESSION_LOST = "heartbeat failure: the node's connection broke and it did not reconnect";
    private static final int IDLE_ROUNDS = 1000;
    /**
     * While the dispatcher sends {@link #BUSY_MESSAGES_PER_SECOND} or more assignment messages a
     * second (mass scheduling: every node hears of a task or two at every scheduler pass), a node
     * hears at most once per this interval, so it gets fewer, larger messages and answers with fewer
     * status reports: each message costs far more than the tasks in it. A cluster doing little keeps
     * the short {@code assignmentBatchDelay}.
     */
    static final Duration BUSY_ASSIGNMENT_INTERVAL = Duration.ofSeconds(1);
    static final int BUSY_MESSAGES_PER_SECOND = 500;

    private final MemoryStore store;
    private final Clock clock;
    private final DispatcherConfig config;
    private final Object lifecycle = new Object();
    private volatile SerialLoop loop;
    private volatile SerialLoop sender;
    private volatile WatchPump pump;

    // Owned by the loop thread.
    private final SplittableRandom random = new SplittableRandom();
    private final Map<String, NodeEntry> nodes = new HashMap<>();
    private final Map<String, Clock.Cancellable> downNodes = new HashMap<>();
    private final Map<String, PendingStatus> pendingStatus = new LinkedHashMap<>();
    private final Map<String, Node.NodeStatus> pendingNodeStatus = new LinkedHashMap<>();
    private Clock.Cancellable statusFlushTimer;
    /** Status batches handed to the store and not committed yet. */
    private int statusWrites;
    private boolean nodeFlushQueued;
    private boolean accepting;
    /** Nodes deleted while this dispatcher ran: their agents may not bring them back by reconnecting. */
    private final Set<String> removedNodes = new HashSet<>();
    private long heartbeatPeriod = Cluster.SwarmSpec.DEFAULT_HEARTBEAT_PERIOD;
    /** Incremental assignment messages sent in the current second and in the one before. */
    private Instant sendWindowStart = Instant.MIN;
    private int sentThisWindow;
    private int sentLastWindow;

    public NodeDispatcher(MemoryStore store, Clock clock, DispatcherConfig config) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.config = requireNonNull(config, "config is null");
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /**
     * Starts dispatching. Every node not already DOWN becomes UNKNOWN and gets
     * {@code leaderChangeGraceMultiplier} heartbeat periods to open a session before it is DOWN.
     */
    @Override
    public void start() {
        synchronized (lifecycle) {
            if (loop != null) {
                return;
            }
            SerialLoop l = new SerialLoop("shoal-dispatcher");
            SerialLoop out = new SerialLoop("shoal-dispatcher-send");
            WatchPump p = new WatchPump(store, (events, index) -> l.execute(() -> process(events, index)),
                    "shoal-dispatcher-watch");
            l.start();
            out.start();
            long from = p.open();
            loop = l;
            sender = out;
            pump = p;
            try {
                l.call(() -> {
                    initialise(from);
                    return null;
                }, config.callTimeout());
            } catch (RuntimeException e) {
                p.stop(config.callTimeout());
                l.stop(config.callTimeout());
                out.stop(config.callTimeout());
                loop = null;
                sender = null;
                pump = null;
                throw e;
            }
            p.start();
            log.info("dispatcher started");
        }
    }

    /** Ends every session (agents will look for a new manager) and marks their nodes DISCONNECTED. */
    @Override
    public void stop() {
        synchronized (lifecycle) {
            SerialLoop l = loop;
            if (l == null) {
                return;
            }
            try {
                l.call(() -> {
                    shutdown();
                    return null;
                }, config.callTimeout());
            } catch (ShoalException e) {
                log.warn("dispatcher shutdown incomplete: {}", e.getMessage());
            }
            pump.stop(config.callTimeout());
            l.stop(config.callTimeout());
            sender.stop(config.callTimeout());
            loop = null;
            sender = null;
            pump = null;
            log.info("dispatcher stopped");
        }
    }

    /**
     * Waits until every store change committed so far has been processed and no work is queued.
     * For tests driving a fake clock, and for orderly hand-over; bounded by the call timeout.
     */
    public void awaitIdle() {
        SerialLoop l = loop;
        SerialLoop out = sender;
        WatchPump p = pump;
        if (l == null || p == null || out == null) {
            return;
        }
        for (int i = 0; i < IDLE_ROUNDS; i++) {
            long target = store.index();
            p.awaitForwarded(target, config.callTimeout());
            int writing = l.call(() -> statusWrites, config.callTimeout());
            out.call(() -> null, config.callTimeout());
            if (writing == 0 && l.isIdle() && out.isIdle() && store.index() == target) {
                return;
            }
        }
        throw new ShoalException.Unavailable("the dispatcher did not settle");
    }

    // ---- the agent's calls ------------------------------------------------------------------

    @Override
    public Session openSession(String nodeId, Node.Description description, String addr, AssignmentListener listener) {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(listener, "listener is null");
        return running().call(() -> register(nodeId, description, addr, listener), config.callTimeout());
    }

    @Override
    public long heartbeat(String nodeId, String sessionId) {
        return running().call(() -> {
            NodeEntry e = session(nodeId, sessionId);
            long period = jitteredPeriod();
            e.deadline = clock.instant().plusNanos(period * config.heartbeatGraceMultiplier());
            if (e.deadline.isBefore(e.expiryDue)) {
                scheduleExpiry(e); // the period shrank: do not wait for the old timer
            }
            return period;
        }, config.callTimeout());
    }

    @Override
    public void updateTaskStatus(String nodeId, String sessionId, List<TaskStatusUpdate> updates) {
        SerialLoop l = running();
        // Read on the caller's thread: the loop only merges what is left into its queue.
        List<TaskStatusUpdate> owned = ownUpdates(nodeId, updates);
        l.call(() -> {
            session(nodeId, sessionId);
            enqueueStatus(nodeId, owned);
            return null;
        }, config.callTimeout());
    }

    @Override
    public void closeSession(String nodeId, String sessionId) {
        running().call(() -> {
            NodeEntry e = nodes.get(nodeId);
            if (e != null && e.sessionId != null && e.sessionId.equals(sessionId)) {
                // The node keeps its heartbeat deadline: if it does not come back it goes DOWN.
                endSession(e);
            }
            return null;
        }, config.callTimeout());
    }

    /**
     * The session's connection broke without the agent closing it: unless the node opens a new
     * session within {@code sessionLossGrace}, it is DOWN (a killed process does not heartbeat again,
     * and waiting out the whole heartbeat TTL would leave its tasks unreplaced for 15 s).
     */
    @Override
    public void sessionLost(String nodeId, String sessionId) {
        running().call(() -> {
            NodeEntry e = nodes.get(nodeId);
            if (e != null && e.sessionId != null && e.sessionId.equals(sessionId)) {
                endSession(e);
                Instant lost = clock.instant().plus(config.sessionLossGrace());
                if (lost.isBefore(e.deadline)) {
                    e.deadline = lost;
                    e.expiryMessage = SESSION_LOST;
                    scheduleExpiry(e);
                }
                log.info("node {} lost its session; down in {} unless it reconnects", nodeId,
                        config.sessionLossGrace());
            }
            return null;
        }, config.callTimeout());
    }

    private SerialLoop running() {
        SerialLoop l = loop;
        if (l == null) {
            throw new ShoalException.Unavailable("dispatcher is stopped");
        }
        return l;
    }

    // ---- on the loop ------------------------------------------------------------------------

    private final class NodeEntry {
        final String nodeId;
        String sessionId; // null while the node has no session (after a leader change, or closed)
        AssignmentListener listener;
        AssignmentSet assignments;
        Instant deadline;
        Instant expiryDue = Instant.MAX;
        String expiryMessage;
        Clock.Cancellable expiryTimer;
        Clock.Cancellable batchTimer;
        Instant lastSent = Instant.MIN;

        NodeEntry(String nodeId) {
            this.nodeId = nodeId;
        }
    }

    private record PendingStatus(String nodeId, Task.TaskStatus status) {}

    private void initialise(long fromIndex) {
        accepting = true;
        removedNodes.clear();
        nodes.clear();
        downNodes.clear();
        pendingStatus.clear();
        pendingNodeStatus.clear();
        statusFlushTimer = null;
        nodeFlushQueued = false;
        List<Node> all = store.view(tx -> {
            tx.cluster().ifPresent(this::readHeartbeatPeriod);
            return tx.all(Table.NODES);
        });
        Instant graceEnd = clock.instant().plusNanos(heartbeatPeriod * config.leaderChangeGraceMultiplier());
        List<Consumer<Tx>> writes = new ArrayList<>();
        for (Node n : all) {
            if (n.status() != null && n.status().state() == NodeState.DOWN) {
                scheduleOrphaning(n.id());
                continue;
            }
            NodeEntry e = new NodeEntry(n.id());
            e.deadline = graceEnd;
            e.expiryMessage = UNKNOWN_HEARTBEAT_FAILURE;
            nodes.put(n.id(), e);
            scheduleExpiry(e);
            String id = n.id();
            writes.add(tx -> tx.get(Table.NODES, id).ifPresent(cur -> {
                if (cur.status() == null || cur.status().state() != NodeState.DOWN) {
                    tx.update(Table.NODES, cur.withStatus(new Node.NodeStatus(NodeState.UNKNOWN, LEADER_CHANGE,
                            cur.status() == null ? null : cur.status().addr())));
                }
            }));
        }
        writeAll(writes, "mark nodes unknown");
        log.debug("dispatcher watching from store index {}; {} nodes given {} to reconnect", fromIndex, nodes.size(),
                Duration.ofNanos(heartbeatPeriod * config.leaderChangeGraceMultiplier()));
    }

    private void shutdown() {
        accepting = false;
        flushStatus();
        List<NodeEntry> entries = new ArrayList<>(nodes.values());
        nodes.clear();
        List<String> connected = new ArrayList<>();
        for (NodeEntry e : entries) {
            cancelTimers(e);
            if (e.sessionId != null) {
                connected.add(e.nodeId);
                closeQuietly(e, STOPPED);
            }
        }
        downNodes.values().forEach(Clock.Cancellable::cancel);
        downNodes.clear();
        if (statusFlushTimer != null) {
            statusFlushTimer.cancel();
            statusFlushTimer = null;
        }
        List<Consumer<Tx>> writes = new ArrayList<>();
        for (String id : connected) {
            writes.add(tx -> tx.get(Table.NODES, id).ifPresent(cur -> tx.update(Table.NODES,
                    cur.withStatus(new Node.NodeStatus(NodeState.DISCONNECTED, DISCONNECTED,
                            cur.status() == null ? null : cur.status().addr())))));
        }
        writeAll(writes, "mark nodes disconnected");
    }

    private record Snapshot(List<Task> tasks, long index) {}

    private Session register(String nodeId, Node.Description description, String addr, AssignmentListener listener) {
        if (!accepting) {
            throw new ShoalException.Unavailable("dispatcher is stopped");
        }
        if (removedNodes.contains(nodeId)) {
            throw new ShoalException.NotFound("node " + nodeId + " was removed from the swarm");
        }
        NodeEntry old = nodes.remove(nodeId);
        if (old != null) {
            cancelTimers(old);
            if (old.sessionId != null) {
                closeQuietly(old, REPLACED);
            }
        }
        Clock.Cancellable orphaning = downNodes.remove(nodeId);
        if (orphaning != null) {
            orphaning.cancel();
        }
        pendingNodeStatus.remove(nodeId); // a queued DOWN must not overwrite this READY
        // Not waited for: a loop stalled on Raft would miss heartbeats of every other node. Writes
        // reach the log in order, so a DOWN queued before cannot land after this READY.
        CompletableFuture<Void> ready = store.batchAsync(List.of(tx -> markReady(tx, nodeId, description, addr)),
                e -> { throw e; });
        Snapshot snap = store.view(tx -> new Snapshot(tx.tasksOnNode(nodeId), tx.index()));

        NodeEntry e = new NodeEntry(nodeId);
        e.sessionId = Ids.newId();
        e.listener = listener;
        e.assignments = new AssignmentSet(snap.index(), snap.tasks());
        long period = jitteredPeriod();
        e.deadline = clock.instant().plusNanos(period * config.heartbeatGraceMultiplier());
        e.expiryMessage = HEARTBEAT_FAILURE;
        nodes.put(nodeId, e);
        scheduleExpiry(e);
        SerialLoop l = loop;
        ready.whenComplete((ok, err) -> {
            if (err != null) {
                log.warn("node {}: cannot mark it ready: {}", nodeId, err.getMessage());
                l.execute(() -> {
                    if (isCurrent(e)) {
                        closeQuietly(e, "cannot register the node: " + err.getMessage()); // it will try again
                    }
                });
            }
        });
        // Sent once this call has returned, so the agent holds its session ID first.
        Assignments complete = e.assignments.complete();
        loop.execute(() -> {
            if (isCurrent(e)) {
                deliver(e, complete);
            }
        });
        log.debug("node {} registered, session {}, {} tasks", nodeId, e.sessionId, e.assignments.size());
        return new Session(e.sessionId, period);
    }

    private static void markReady(Tx tx, String nodeId, Node.Description description, String addr) {
        Node cur = tx.get(Table.NODES, nodeId).orElse(null);
        String oldAddr = cur == null || cur.status() == null ? null : cur.status().addr();
        Node.NodeStatus ready = new Node.NodeStatus(NodeState.READY, null, addr != null ? addr : oldAddr);
        if (cur == null) {
            tx.create(Table.NODES, new Node(nodeId, Version.ZERO, null, null,
                    new Node.NodeSpec(null, Map.of(), NodeRole.WORKER, NodeAvailability.ACTIVE), description, ready,
                    null));
        } else {
            tx.update(Table.NODES, cur.withDescription(description != null ? description : cur.description())
                    .withStatus(ready));
        }
    }

    private NodeEntry session(String nodeId, String sessionId) {
        NodeEntry e = accepting ? nodes.get(nodeId) : null;
        if (e == null || e.sessionId == null || !e.sessionId.equals(sessionId)) {
            throw new ShoalException.Unavailable(SESSION_INVALID);
        }
        return e;
    }

    private boolean isCurrent(NodeEntry e) {
        return nodes.get(e.nodeId) == e && e.sessionId != null;
    }

    private void endSession(NodeEntry e) {
        if (e.batchTimer != null) {
            e.batchTimer.cancel();
            e.batchTimer = null;
        }
        e.sessionId = null;
        e.listener = null;
        e.assignments = null;
    }

    private void closeQuietly(NodeEntry e, String reason) {
        AssignmentListener l = e.listener;
        endSession(e);
        try {
            l.onSessionClosed(reason);
        } catch (RuntimeException ex) {
            log.warn("node {}: session listener failed on close", e.nodeId, ex);
        }
    }

    /** Sends on the sender thread (encoding a node's tasks takes time), in the order the loop decided. */
    private void deliver(NodeEntry e, Assignments a) {
        AssignmentListener l = e.listener;
        sender.execute(() -> {
            try {
                l.onAssignments(a);
            } catch (RuntimeException ex) {
                log.warn("node {}: assignment listener failed", e.nodeId, ex);
            }
        });
    }

    private void cancelTimers(NodeEntry e) {
        if (e.expiryTimer != null) {
            e.expiryTimer.cancel();
            e.expiryTimer = null;
        }
        if (e.batchTimer != null) {
            e.batchTimer.cancel();
            e.batchTimer = null;
        }
    }

    // ---- heartbeats -------------------------------------------------------------------------

    private long jitteredPeriod() {
        long jitter = config.heartbeatJitter().toNanos();
        long p = jitter == 0 ? heartbeatPeriod : heartbeatPeriod + random.nextLong(-jitter, jitter + 1);
        return Math.max(p, Duration.ofMillis(1).toNanos());
    }

    /** One timer per node at its deadline; a heartbeat only moves the deadline, and the timer re-arms. */
    private void scheduleExpiry(NodeEntry e) {
        if (e.expiryTimer != null) {
            e.expiryTimer.cancel();
        }
        e.expiryDue = e.deadline;
        e.expiryTimer = schedule(Duration.between(clock.instant(), e.deadline), () -> checkExpiry(e));
    }

    private void checkExpiry(NodeEntry e) {
        if (nodes.get(e.nodeId) != e) {
            return;
        }
        if (clock.instant().isBefore(e.deadline)) {
            scheduleExpiry(e);
            return;
        }
        nodes.remove(e.nodeId);
        cancelTimers(e);
        log.info("node {} is down: {}", e.nodeId, e.expiryMessage);
        pendingNodeStatus.put(e.nodeId, new Node.NodeStatus(NodeState.DOWN, e.expiryMessage, null));
        if (!nodeFlushQueued) {
            nodeFlushQueued = true; // nodes expiring together are written together
            loop.execute(this::flushNodeStatus);
        }
        scheduleOrphaning(e.nodeId);
        // Last: an agent may open a new session from inside the callback, which undoes the above.
        if (e.sessionId != null) {
            closeQuietly(e, HEARTBEAT_FAILURE);
        }
    }

    private void flushNodeStatus() {
        nodeFlushQueued = false;
        if (pendingNodeStatus.isEmpty()) {
            return;
        }
        List<Consumer<Tx>> writes = new ArrayList<>();
        pendingNodeStatus.forEach((id, st) -> writes.add(tx -> tx.get(Table.NODES, id).ifPresent(cur ->
                tx.update(Table.NODES, cur.withStatus(new Node.NodeStatus(st.state(), st.message(),
                        cur.status() == null ? null : cur.status().addr()))))));
        pendingNodeStatus.clear();
        writeAllAsync(writes, "mark nodes down");
    }

    /** After a node has been DOWN for {@code nodeDownOrphanAfter}, its started tasks are ORPHANED. */
    private void scheduleOrphaning(String nodeId) {
        Clock.Cancellable previous = downNodes.put(nodeId, schedule(config.nodeDownOrphanAfter(), () -> orphanTasks(nodeId)));
        if (previous != null) {
            previous.cancel();
        }
    }

    private void orphanTasks(String nodeId) {
        downNodes.remove(nodeId);
        Instant now = clock.instant();
        List<Task> tasks = store.view(tx -> {
            Node n = tx.get(Table.NODES, nodeId).orElse(null);
            boolean down = n != null && n.status() != null && n.status().state() == NodeState.DOWN;
            return down ? tx.tasksOnNode(nodeId) : List.<Task>of();
        });
        List<Consumer<Tx>> writes = new ArrayList<>();
        for (Task t : tasks) {
            if (!t.state().isBefore(TaskState.ASSIGNED) && !t.state().isAfter(TaskState.RUNNING)) {
                String id = t.id();
                writes.add(tx -> tx.get(Table.TASKS, id).ifPresent(cur -> {
                    if (!cur.state().isBefore(TaskState.ASSIGNED) && !cur.state().isAfter(TaskState.RUNNING)) {
                        tx.update(Table.TASKS, cur.withStatus(
                                Task.TaskStatus.of(now, TaskState.ORPHANED, cur.status().message())));
                    }
                }));
            }
        }
        if (!writes.isEmpty()) {
            log.info("node {} has been down for {}: orphaning {} tasks", nodeId, config.nodeDownOrphanAfter(), writes.size());
            writeAllAsync(writes, "orphan tasks");
        }
    }

    // ---- task status reports ----------------------------------------------------------------

    /**
     * The reports of {@code nodeId} on tasks the store has on that node (the write checks again);
     * for each task only the newest state, as every state a task passes through need not be written.
     */
    private List<TaskStatusUpdate> ownUpdates(String nodeId, List<TaskStatusUpdate> updates) {
        if (updates.isEmpty()) {
            return List.of();
        }
        return store.view(tx -> {
            Map<String, TaskStatusUpdate> newest = new LinkedHashMap<>();
            for (TaskStatusUpdate u : updates) {
                if (u.status() == null || u.status().state() == null) {
                    continue; // an empty report
                }
                TaskStatusUpdate seen = newest.get(u.taskId());
                if (seen != null) {
                    if (!seen.status().state().isAfter(u.status().state())) {
                        newest.put(u.taskId(), u);
                    }
                    continue;
                }
                Task t = tx.get(Table.TASKS, u.taskId()).orElse(null);
                if (t == null) {
                    continue; // deleted meanwhile
                }
                if (!nodeId.equals(t.nodeId())) {
                    log.warn("node {} reported on task {} which is not assigned to it; ignored", nodeId, t.id());
                    continue;
                }
                newest.put(u.taskId(), u);
            }
            return List.copyOf(newest.values());
        });
    }

    private void enqueueStatus(String nodeId, List<TaskStatusUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        for (TaskStatusUpdate u : updates) {
            PendingStatus queued = pendingStatus.get(u.taskId());
            if (queued != null && queued.status().state().isAfter(u.status().state())) {
                continue; // an older report arriving late
            }
            pendingStatus.put(u.taskId(), new PendingStatus(nodeId, u.status()));
        }
        if (pendingStatus.size() >= config.statusFlushItems()) {
            flushStatus();
        } else if (!pendingStatus.isEmpty() && statusFlushTimer == null) {
            statusFlushTimer = schedule(config.statusFlushInterval(), this::flushStatus);
        }
    }

    private void flushStatus() {
        if (statusFlushTimer != null) {
            statusFlushTimer.cancel();
            statusFlushTimer = null;
        }
        if (pendingStatus.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Consumer<Tx>> writes = new ArrayList<>(pendingStatus.size());
        pendingStatus.forEach((id, p) -> writes.add(tx -> applyStatus(tx, id, p, now)));
        pendingStatus.clear();
        // Handed to Raft, not waited for: the loop goes on (heartbeats, assignments) meanwhile, and
        // the next flush builds on these writes while they are still in flight.
        CompletableFuture<Void> committed;
        try {
            committed = store.batchAsync(writes, e -> log.debug("write task status: one write dropped: {}",
                    e.getMessage()));
        } catch (ShoalException e) {
            log.warn("write task status: {}", e.getMessage());
            return;
        }
        if (!committed.isDone()) {
            statusWrites++;
            SerialLoop l = loop;
            committed.whenComplete((ok, e) -> l.execute(() -> statusWrites--));
        }
        committed.whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("write task status: {}", e.getMessage());
            }
        });
    }

    /** Applies one report if the task is still on that node and the state does not go backwards. */
    private static void applyStatus(Tx tx, String taskId, PendingStatus p, Instant now) {
        Task cur = tx.get(Table.TASKS, taskId).orElse(null);
        if (cur == null || !p.nodeId().equals(cur.nodeId())) {
            return;
        }
        Task.TaskStatus s = p.status();
        Task.TaskStatus old = cur.status();
        if (old != null && old.state() != null) {
            if (s.state().isBefore(old.state())) {
                return;
            }
            if (sameExceptTime(s, old)) {
                return;
            }
        }
        if (s.timestamp() == null) {
            s = new Task.TaskStatus(now, s.state(), s.message(), s.err(), s.containerStatus(), s.portStatus());
        }
        tx.update(Table.TASKS, cur.withStatus(s));
    }

    private static boolean sameExceptTime(Task.TaskStatus a, Task.TaskStatus b) {
        return a.state() == b.state() && Objects.equals(a.message(), b.message()) && Objects.equals(a.err(), b.err())
                && Objects.equals(a.containerStatus(), b.containerStatus())
                && Objects.equals(a.portStatus(), b.portStatus())
                && (a.timestamp() == null || a.timestamp().equals(b.timestamp()));
    }

    // ---- store changes ----------------------------------------------------------------------

    private void process(List<StoreEvent> events, long index) {
        for (StoreEvent ev : events) {
            switch (ev) {
                case StoreEvent.Created c -> {
                    if (c.object() instanceof Task t) {
                        taskChanged(null, t, index);
                    } else if (c.object() instanceof Cluster cl) {
                        readHeartbeatPeriod(cl);
                    }
                }
                case StoreEvent.Updated u -> {
                    if (u.object() instanceof Task t) {
                        taskChanged((Task) u.old(), t, index);
                    } else if (u.object() instanceof Cluster cl) {
                        readHeartbeatPeriod(cl);
                    }
                }
                case StoreEvent.Deleted d -> {
                    if (d.object() instanceof Task t && t.nodeId() != null) {
                        onSession(t.nodeId(), index, a -> a.remove(t.id()));
                    } else if (d.object() instanceof Node n) {
                        nodeDeleted(n.id());
                    }
                }
                case StoreEvent.Commit c -> {
                    // the batch ends here; nothing more to do
                }
            }
        }
    }

    private void taskChanged(Task old, Task t, long index) {
        if (old != null && old.nodeId() != null && !old.nodeId().equals(t.nodeId())) {
            onSession(old.nodeId(), index, a -> a.remove(t.id()));
        }
        if (t.nodeId() != null) {
            onSession(t.nodeId(), index, a -> a.addOrUpdate(t));
        }
    }

    /** Applies a change to a node's assignment set if the node has a session that has not seen it yet. */
    private void onSession(String nodeId, long index, Predicate<AssignmentSet> change) {
        NodeEntry e = nodes.get(nodeId);
        if (e == null || e.sessionId == null || index <= e.assignments.fromIndex()) {
            return;
        }
        if (!change.test(e.assignments)) {
            return;
        }
        if (e.assignments.modifications() >= config.assignmentBatchChanges()) {
            sendIncremental(e);
        } else if (e.batchTimer == null) {
            e.batchTimer = schedule(batchDelay(e), () -> sendIncremental(e));
        }
    }

    /** How long a node's first unsent change waits for others: longer while many nodes hear of changes. */
    private Duration batchDelay(NodeEntry e) {
        Duration delay = config.assignmentBatchDelay();
        Instant now = clock.instant();
        rollSendWindow(now);
        if (Math.max(sentThisWindow, sentLastWindow) < BUSY_MESSAGES_PER_SECOND || e.lastSent == Instant.MIN) {
            return delay;
        }
        Duration untilInterval = Duration.between(now, e.lastSent.plus(BUSY_ASSIGNMENT_INTERVAL));
        return untilInterval.compareTo(delay) > 0 ? untilInterval : delay;
    }

    private void rollSendWindow(Instant now) {
        if (!now.isBefore(sendWindowStart.plusSeconds(1))) {
            boolean adjacent = !now.isAfter(sendWindowStart.plusSeconds(2));
            sentLastWindow = adjacent ? sentThisWindow : 0;
            sentThisWindow = 0;
            sendWindowStart = now;
        }
    }

    private void sendIncremental(NodeEntry e) {
        if (e.batchTimer != null) {
            e.batchTimer.cancel();
            e.batchTimer = null;
        }
        if (isCurrent(e) && e.assignments.hasChanges()) {
            Instant now = clock.instant();
            rollSendWindow(now);
            sentThisWindow++;
            e.lastSent = now;
            deliver(e, e.assignments.drain());
        }
    }

    private void nodeDeleted(String nodeId) {
        removedNodes.add(nodeId);
        Clock.Cancellable orphaning = downNodes.remove(nodeId);
        if (orphaning != null) {
            orphaning.cancel();
        }
        pendingNodeStatus.remove(nodeId);
        NodeEntry e = nodes.remove(nodeId);
        if (e != null) {
            cancelTimers(e);
            if (e.sessionId != null) {
                closeQuietly(e, NODE_REMOVED);
            }
        }
    }

    private void readHeartbeatPeriod(Cluster c) {
        Long p = c.spec() == null || c.spec().dispatcher() == null ? null : c.spec().dispatcher().heartbeatPeriod();
        heartbeatPeriod = p == null || p <= 0 ? Cluster.SwarmSpec.DEFAULT_HEARTBEAT_PERIOD : p;
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** A timer whose work runs on the loop (timer threads only queue it). */
    private Clock.Cancellable schedule(Duration delay, Runnable onLoop) {
        SerialLoop l = loop;
        return clock.schedule(delay, () -> l.execute(onLoop));
    }

    /** {@link #writeAll} without waiting for the commits (from the loop, which must keep going). */
    private void writeAllAsync(List<Consumer<Tx>> writes, String what) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            store.batchAsync(writes, e -> log.debug("{}: one write dropped: {}", what, e.getMessage()))
                    .whenComplete((ok, e) -> {
                        if (e != null) {
                            log.warn("{}: {}", what, e.getMessage());
                        }
                    });
        } catch (ShoalException e) {
            log.warn("{}: {}", what, e.getMessage());
        }
    }

    private void writeAll(List<Consumer<Tx>> writes, String what) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            store.batch(writes, e -> log.debug("{}: one write dropped: {}", what, e.getMessage()));
        } catch (ShoalException e) {
            log.warn("{}: {}", what, e.getMessage());
        }
    }
}
