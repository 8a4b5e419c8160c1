package io.shoal.manager.scheduler;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.api.Service;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.time.Clock;
import io.shoal.manager.orchestrator.LoopComponent;
import io.shoal.manager.orchestrator.StoreLoop;
import io.shoal.manager.orchestrator.StoreWrites;
import io.shoal.manager.orchestrator.Tasks;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.StoreEvent;
import io.shoal.store.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds PENDING tasks to nodes. Swarm's scheduler: it keeps a view of every node and the tasks that
 * hold its resources, and on commits (debounced 50 ms, at most 1 s) places the waiting tasks, grouped
 * by service and spec version, through the filter {@link Pipeline} and the spreading of
 * {@link TaskGroupPlacer}. A placed task gets its node and ASSIGNED "scheduler assigned task to node".
 * A task that fits nowhere stays PENDING with Status.Err "no suitable node (...)" and is tried again
 * whenever something changes. Tasks whose node is preset (global services) are only checked against
 * their node. Pending tasks no longer meant to run are marked SHUTDOWN.
 * <p>
 * The debounce gathers the commits of a burst into one pass; it does not delay the first new task
 * after a quiet spell: that one is placed at once (leading edge), and what follows within the
 * debounce waits for the next pass.
 */
public final class Scheduler implements LoopComponent {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    static final Duration DEBOUNCE = Duration.ofMillis(50);
    static final Duration MAX_DELAY = Duration.ofSeconds(1);
    public static final String ASSIGNED_MESSAGE = TaskGroupPlacer.ASSIGNED_MESSAGE;
    public static final String PREASSIGNED_MESSAGE = "scheduler confirmed task can run on preassigned node";
    public static final String NO_SUITABLE_NODE = "no suitable node";

    private final MemoryStore store;
    private final StoreLoop loop;
    private final Pipeline pipeline = Pipeline.standard();
    private final TaskGroupPlacer placer = new TaskGroupPlacer(pipeline);

    // Loop-thread state.
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, Task> unassigned = new LinkedHashMap<>();
    private final Map<String, Task> preassigned = new LinkedHashMap<>();
    /** When the last pass with work to do ran; null before the first. */
    private Instant lastPass;

    public Scheduler(MemoryStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.loop = new StoreLoop("scheduler", store, clock, DEBOUNCE, MAX_DELAY);
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
            services.clear();
            unassigned.clear();
            preassigned.clear();
            for (Service s : snapshot.all(Table.SERVICES)) {
                services.put(s.id(), s);
            }
            for (Node n : snapshot.all(Table.NODES)) {
                nodes.computeIfAbsent(n.id(), NodeInfo::new).setNode(n);
            }
            for (Task t : snapshot.all(Table.TASKS)) {
                track(null, t);
            }
        }

        @Override
        public void onChange(StoreEvent change) {
            switch (change) {
                case StoreEvent.Created c -> changed(null, c.object());
                case StoreEvent.Updated u -> changed(u.old(), u.object());
                case StoreEvent.Deleted d -> deleted(d.object());
                case StoreEvent.Commit c -> { }
            }
        }

        @Override
        public void reconcile() {
            tick();
        }

        @Override
        public void resync() {
            // Decisions that failed half-way are undone one by one; the view itself stays right.
        }
    }

    private void changed(StoreObject old, StoreObject now) {
        switch (now) {
            case Service s -> services.put(s.id(), s);
            case Node n -> nodes.computeIfAbsent(n.id(), NodeInfo::new).setNode(n);
            case Task t -> track(old instanceof Task o ? o : null, t);
            default -> { }
        }
    }

    private void deleted(StoreObject o) {
        switch (o) {
            case Service s -> services.remove(s.id());
            case Node n -> {
                NodeInfo ni = nodes.get(n.id());
                if (ni != null) {
                    ni.setNode(null);
                }
            }
            case Task t -> {
                if (t.nodeId() != null) {
                    NodeInfo ni = nodes.get(t.nodeId());
                    if (ni != null) {
                        ni.remove(t.id());
                    }
                }
                unassigned.remove(t.id());
                preassigned.remove(t.id());
            }
            default -> { }
        }
    }

    private void track(Task old, Task t) {
        if (old != null && old.nodeId() != null && !old.nodeId().equals(t.nodeId())) {
            NodeInfo ni = nodes.get(old.nodeId());
            if (ni != null) {
                ni.remove(t.id());
            }
        }
        if (t.nodeId() != null) {
            NodeInfo ni = nodes.computeIfAbsent(t.nodeId(), NodeInfo::new);
            if (NodeInfo.holdsResources(t)) {
                ni.put(t, HostPort.of(services.get(t.serviceId())));
            } else {
                ni.remove(t.id());
            }
            // Remember where a service keeps failing, to prefer other nodes; not for tasks whose node
            // was preset, as the scheduler did not choose it.
            Service s = services.get(t.serviceId());
            if (old != null && old.state() != t.state()
                    && (t.state() == TaskState.FAILED || t.state() == TaskState.REJECTED)
                    && s != null && !Tasks.isGlobal(s) && !Tasks.isGlobalJob(s)) {
                ni.taskFailed(t.serviceId(), loop.now());
            }
        }
        if (t.state() == TaskState.PENDING) {
            Task before = (t.nodeId() == null ? unassigned : preassigned).put(t.id(), t);
            if (before == null && wanted(t) && quiet()) {
                loop.requestReconcile(); // after this batch of commits, without the debounce
            }
        } else {
            unassigned.remove(t.id());
            preassigned.remove(t.id());
        }
    }

    /** One decision: the task as read, and as it should be written. */
    private record Decision(Task old, Task updated) {}

    /** No pass with work for a debounce period: a new task need not wait for others to join it. */
    private boolean quiet() {
        return lastPass == null || !loop.now().isBefore(lastPass.plus(DEBOUNCE));
    }

    private void tick() {
        if (unassigned.isEmpty() && preassigned.isEmpty()) {
            return;
        }
        Instant now = loop.now();
        lastPass = now;
        List<Decision> decisions = new ArrayList<>();
        shutDownUnwanted(unassigned, decisions, now);
        shutDownUnwanted(preassigned, decisions, now);
        checkPreassigned(decisions, now);
        scheduleGroups(decisions, now);
        apply(decisions);
    }

    /** A pending task meant to stop never starts: mark it SHUTDOWN (REMOVE ones the reaper deletes). */
    private void shutDownUnwanted(Map<String, Task> pending, List<Decision> out, Instant now) {
        for (Task t : pending.values()) {
            if (!t.desiredState().isBefore(TaskState.SHUTDOWN) && t.desiredState() != TaskState.REMOVE) {
                out.add(new Decision(t, t.withStatus(Task.TaskStatus.of(now, TaskState.SHUTDOWN, t.status().message()))));
            }
        }
    }

    private static boolean wanted(Task t) {
        return t.desiredState().isBefore(TaskState.SHUTDOWN);
    }

    private void checkPreassigned(List<Decision> out, Instant now) {
        for (Task t : preassigned.values()) {
            if (!wanted(t)) {
                continue;
            }
            NodeInfo ni = nodes.get(t.nodeId());
            if (ni == null || ni.node() == null) {
                continue; // the node is gone: its orchestrator shuts the task down
            }
            SchedulingRequest request = SchedulingRequest.of(t, services.get(t.serviceId()));
            Pipeline.Evaluation eval = pipeline.evaluate(request);
            if (eval.test(ni)) {
                Task updated = t.withStatus(Task.TaskStatus.of(now, TaskState.ASSIGNED, PREASSIGNED_MESSAGE));
                ni.put(updated, request.hostPorts());
                out.add(new Decision(t, updated));
            } else {
                errIfChanged(t, eval.explain(), now, out);
            }
        }
    }

    private void scheduleGroups(List<Decision> out, Instant now) {
        record Group(String serviceId, Version specVersion) {}
        Map<Group, List<Task>> groups = new LinkedHashMap<>();
        for (Task t : unassigned.values()) {
            if (wanted(t)) {
                groups.computeIfAbsent(new Group(t.serviceId(), t.specVersion()), g -> new ArrayList<>()).add(t);
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        List<NodeInfo> candidates = new ArrayList<>(nodes.size());
        for (NodeInfo n : nodes.values()) {
            if (n.node() != null) {
                candidates.add(n);
            }
        }
        candidates.sort(Comparator.comparing(NodeInfo::id));
        for (List<Task> group : groups.values()) {
            Service service = services.get(group.get(0).serviceId());
            if (service == null) {
                continue; // its service is gone: the orchestrator removes its tasks
            }
            group.sort(Comparator.comparingLong(Task::slot).thenComparing(Task::id));
            SchedulingRequest request = SchedulingRequest.of(group.get(0), service);
            TaskGroupPlacer.Result result = placer.place(request, group, candidates, now);
            Map<String, Task> byId = new HashMap<>();
            group.forEach(t -> byId.put(t.id(), t));
            for (Task updated : result.assigned()) {
                out.add(new Decision(byId.get(updated.id()), updated));
            }
            String err = result.explanation().isEmpty() ? NO_SUITABLE_NODE
                    : NO_SUITABLE_NODE + " (" + result.explanation() + ")";
            for (Task t : result.unplaced()) {
                errIfChanged(t, err, now, out);
            }
        }
    }

    /** Records why a task waits; written only when the reason changed, so a waiting task costs no writes. */
    private static void errIfChanged(Task t, String err, Instant now, List<Decision> out) {
        if (!Objects.equals(t.status().err(), err)) {
            Task.TaskStatus s = t.status();
            out.add(new Decision(t, t.withStatus(new Task.TaskStatus(now, s.state(), s.message(), err,
                    s.containerStatus(), null))));
        }
    }

    private void apply(List<Decision> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        List<StoreWrites.Op> ops = new ArrayList<>(decisions.size());
        for (Decision d : decisions) {
            // Written as read: if the task changed since (a new desired state...), the store refuses
            // it with a SequenceConflict and the task is tried again once its change arrives.
            ops.add(new StoreWrites.Op(d.updated().id(), tx -> tx.update(Table.TASKS, d.updated())));
        }
        Set<String> failed = StoreWrites.apply(store, ops, log);
        int assigned = 0;
        for (Decision d : decisions) {
            Task u = d.updated();
            boolean placed = u.state() == TaskState.ASSIGNED;
            if (failed.contains(u.id())) {
                if (placed) {
                    NodeInfo ni = nodes.get(u.nodeId());
                    if (ni != null) {
                        ni.remove(u.id());
                    }
                }
                continue;
            }
            if (u.state() != TaskState.PENDING) {
                unassigned.remove(u.id());
                preassigned.remove(u.id());
            }
            if (placed) {
                assigned++;
            }
        }
        if (assigned > 0 || !failed.isEmpty()) {
            log.debug("assigned {} tasks, {} decisions to retry", assigned, failed.size());
        }
    }
}
