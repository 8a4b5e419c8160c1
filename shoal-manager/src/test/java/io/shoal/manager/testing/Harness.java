package io.shoal.manager.testing;

import io.shoal.api.Cluster;
import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeState;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.UpdateState;
import io.shoal.api.Version;
import io.shoal.api.time.FakeClock;
import io.shoal.manager.orchestrator.Orchestration;
import io.shoal.manager.orchestrator.StoreLoop;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import io.shoal.store.Tx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A store on a fake clock with reconcile loops driven on the test's thread: what the control API
 * writes (services, nodes), what agents report (task states), and {@link #settle()} to let the
 * loops act. Nothing sleeps: time moves only in {@link #advance} (or to fire a debounced reconcile).
 */
public final class Harness {
    public final FakeClock clock = new FakeClock();
    public final MemoryStore store = MemoryStore.local(clock);
    private final List<StoreLoop> loops = new ArrayList<>();

    /** With every loop of the leader's orchestration (orchestrators, reaper, allocator, scheduler). */
    public static Harness withOrchestration() {
        Harness h = new Harness();
        h.attach(new Orchestration(h.store, h.clock).loops());
        return h;
    }

    public Harness attach(List<StoreLoop> toAttach) {
        for (StoreLoop l : toAttach) {
            l.attach();
            loops.add(l);
        }
        return this;
    }

    public Harness attach(StoreLoop... toAttach) {
        return attach(List.of(toAttach));
    }

    public void stop() {
        loops.forEach(StoreLoop::stop);
    }

    /** Re-subscribes every loop, as a new leader would start them. */
    public void restartLoops() {
        loops.forEach(StoreLoop::stop);
        loops.forEach(StoreLoop::attach);
        settle();
    }

    // ---- driving the loops ------------------------------------------------------------------------

    /**
     * Lets the loops handle everything pending. Debounced reconciles (the scheduler's 50 ms, the
     * reaper's 250 ms) run at once: time moves only when a test says so.
     */
    public void settle() {
        for (int round = 0; round < 100_000; round++) {
            boolean any = false;
            for (StoreLoop l : loops) {
                any |= l.runPending();
            }
            if (any) {
                continue;
            }
            for (StoreLoop l : loops) {
                any |= l.expediteDeferred();
            }
            if (!any) {
                return;
            }
        }
        throw new AssertionError("loops did not settle");
    }

    /** Moves time on (firing timers on the way), then settles. */
    public void advance(Duration d) {
        clock.advance(d);
        settle();
    }

    /** Settles, lets the simulated agents move tasks on, and repeats until nothing changes. */
    public void converge() {
        for (int i = 0; i < 1_000; i++) {
            settle();
            if (!agentStep()) {
                return;
            }
        }
        throw new AssertionError("did not converge");
    }

    /**
     * What the agents of READY nodes do in one step: tasks assigned to them are prepared (READY) and
     * started when desired, and stopped (SHUTDOWN) when desired. Returns whether anything changed.
     */
    public boolean agentStep() {
        List<Task> changes = store.view(tx -> {
            List<Task> out = new ArrayList<>();
            for (Task t : tx.all(Table.TASKS)) {
                if (t.nodeId() == null || t.state().isBefore(TaskState.ASSIGNED) || t.state().isAfter(TaskState.RUNNING)) {
                    continue;
                }
                Node n = tx.get(Table.NODES, t.nodeId()).orElse(null);
                if (n == null || n.status().state() != NodeState.READY) {
                    continue; // no agent there to report
                }
                TaskState desired = t.desiredState();
                if (!desired.isBefore(TaskState.SHUTDOWN)) {
                    out.add(t.withStatus(Task.TaskStatus.of(clock.instant(), TaskState.SHUTDOWN, "shutdown")));
                } else if (desired == TaskState.READY && t.state().isBefore(TaskState.READY)) {
                    out.add(t.withStatus(Task.TaskStatus.of(clock.instant(), TaskState.READY, "prepared")));
                } else if (desired.isAfter(TaskState.READY) && t.state().isBefore(TaskState.RUNNING)) {
                    out.add(t.withStatus(Task.TaskStatus.of(clock.instant(), TaskState.RUNNING, "started")));
                }
            }
            return out;
        });
        if (changes.isEmpty()) {
            return false;
        }
        List<Consumer<Tx>> writes = new ArrayList<>();
        for (Task t : changes) {
            writes.add(tx -> tx.update(Table.TASKS, t));
        }
        store.batch(writes, e -> { });
        return true;
    }

    // ---- what the agent reports ---------------------------------------------------------------------

    public void report(String taskId, TaskState state, String message, String err) {
        store.write(tx -> {
            Task t = tx.get(Table.TASKS, taskId).orElseThrow();
            tx.update(Table.TASKS, t.withStatus(Task.TaskStatus.of(clock.instant(), state, message).withErr(err)));
        });
    }

    public void fail(String taskId) {
        report(taskId, TaskState.FAILED, "started", "task: non-zero exit (1)");
    }

    public void complete(String taskId) {
        report(taskId, TaskState.COMPLETE, "finished", null);
    }

    public void reject(String taskId) {
        report(taskId, TaskState.REJECTED, "preparing", "No such image: nope");
    }

    // ---- what the control API writes ---------------------------------------------------------------

    public Service createService(ServiceSpec spec) {
        String id = Ids.newId();
        store.write(tx -> tx.create(Table.SERVICES,
                new Service(id, Version.ZERO, null, null, spec, null, null, null, null,
                        spec.mode().isJob() ? new Service.JobStatus(Version.ZERO, clock.instant()) : null,
                        new Version(1), null)));
        return service(id);
    }

    /** Like {@code docker service update}: the new spec, the old one kept as previous, a new spec version. */
    public Service updateService(String id, ServiceSpec spec) {
        store.write(tx -> {
            Service cur = tx.get(Table.SERVICES, id).orElseThrow();
            long next = Math.max(cur.specVersion().index(),
                    cur.previousSpecVersion() == null ? 0 : cur.previousSpecVersion().index()) + 1;
            Service.JobStatus job = cur.jobStatus() == null ? null
                    : new Service.JobStatus(new Version(cur.jobStatus().jobIteration().index() + 1), clock.instant());
            tx.update(Table.SERVICES, cur.withSpec(spec, cur.spec(), new Version(next), cur.specVersion())
                    .withUpdateStatus(null).withJobStatus(job));
        });
        return service(id);
    }

    public Service updateService(String id, UnaryOperator<ServiceSpecBuilder> change) {
        return updateService(id, change.apply(ServiceSpecBuilder.from(service(id).spec())).build());
    }

    public Service scale(String id, long replicas) {
        return updateService(id, service(id).spec().withMode(ServiceSpec.Mode.ofReplicated(replicas)));
    }

    /** Like {@code docker service rollback}: the previous spec back, UpdateStatus rollback_started. */
    public Service rollback(String id) {
        store.write(tx -> {
            Service cur = tx.get(Table.SERVICES, id).orElseThrow();
            tx.update(Table.SERVICES, cur.withSpec(cur.previousSpec(), cur.spec(), cur.previousSpecVersion(),
                    cur.specVersion()).withUpdateStatus(new Service.UpdateStatus(UpdateState.ROLLBACK_STARTED,
                    clock.instant(), null, "manually requested rollback")));
        });
        return service(id);
    }

    public void removeService(String id) {
        store.write(tx -> tx.delete(Table.SERVICES, id));
    }

    public Node addNode(Node n) {
        store.write(tx -> tx.create(Table.NODES, n));
        return node(n.id());
    }

    public List<Node> addNodes(int count, UnaryOperator<NodeBuilder> f) {
        List<Node> out = new ArrayList<>();
        store.write(tx -> {
            for (int i = 1; i <= count; i++) {
                tx.create(Table.NODES, f.apply(NodeBuilder.node(String.format("node-%04d", i))).build());
            }
        });
        for (int i = 1; i <= count; i++) {
            out.add(node(String.format("node-%04d", i)));
        }
        return out;
    }

    public Node updateNode(String id, UnaryOperator<Node> change) {
        store.write(tx -> tx.update(Table.NODES, change.apply(tx.get(Table.NODES, id).orElseThrow())));
        return node(id);
    }

    public Node setNodeState(String id, NodeState state) {
        return updateNode(id, n -> n.withStatus(new Node.NodeStatus(state, null, n.status().addr())));
    }

    public Node setAvailability(String id, NodeAvailability a) {
        return updateNode(id, n -> n.withSpec(n.spec().withAvailability(a)));
    }

    public void removeNode(String id) {
        store.write(tx -> tx.delete(Table.NODES, id));
    }

    public void setTaskHistoryRetention(long limit) {
        store.write(tx -> {
            Cluster c = tx.cluster().orElse(null);
            Cluster.SwarmSpec spec = new Cluster.SwarmSpec(Cluster.DEFAULT_NAME, Map.of(),
                    new Cluster.Orchestration(limit), null, null, null, null, null);
            if (c == null) {
                tx.create(Table.CLUSTERS, new Cluster(Ids.newId(), null, null, null, spec, null, null, null, null,
                        null, null, null));
            } else {
                tx.update(Table.CLUSTERS, c.withSpec(spec));
            }
        });
    }

    // ---- reads ---------------------------------------------------------------------------------------

    public Service service(String id) {
        return store.view(tx -> tx.get(Table.SERVICES, id)).orElseThrow();
    }

    public Node node(String id) {
        return store.view(tx -> tx.get(Table.NODES, id)).orElseThrow();
    }

    public Task task(String id) {
        return store.view(tx -> tx.get(Table.TASKS, id)).orElseThrow();
    }

    public boolean taskExists(String id) {
        return store.view(tx -> tx.get(Table.TASKS, id)).isPresent();
    }

    /** The service's tasks by slot, then creation. */
    public List<Task> tasks(String serviceId) {
        List<Task> out = new ArrayList<>(store.<List<Task>>view(tx -> tx.tasksOfService(serviceId)));
        out.sort(Comparator.comparingLong(Task::slot).thenComparing(Task::nodeId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Task::createdAt).thenComparing(Task::id));
        return out;
    }

    public List<Task> allTasks() {
        return store.view(tx -> tx.all(Table.TASKS));
    }

    /** Tasks meant to run (desired up to RUNNING). */
    public List<Task> active(String serviceId) {
        return tasks(serviceId).stream().filter(t -> !t.desiredState().isAfter(TaskState.RUNNING)).toList();
    }

    /** Tasks meant to run and running. */
    public List<Task> running(String serviceId) {
        return active(serviceId).stream().filter(t -> t.state() == TaskState.RUNNING).toList();
    }

    /** One line per task of the service, for failure messages. */
    public String dump(String serviceId) {
        StringBuilder b = new StringBuilder();
        for (Task t : tasks(serviceId)) {
            b.append(String.format("%n  slot %d node %s %s image %s desired %s state %s v%s %s", t.slot(), t.nodeId(),
                    t.id(), t.spec().containerSpec().image(), t.desiredState(), t.state(),
                    t.specVersion() == null ? "-" : t.specVersion().index(),
                    t.status().err() == null ? "" : t.status().err()));
        }
        Service s = service(serviceId);
        b.append(String.format("%n  service v%d update %s", s.specVersion().index(), s.updateStatus()));
        return b.toString();
    }

    public List<Task> tasksOnNode(String nodeId) {
        return store.view(tx -> tx.tasksOnNode(nodeId));
    }
}
