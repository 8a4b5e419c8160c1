package io.shoal.manager.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.manager.orchestrator.Tasks;
import io.shoal.manager.testing.Harness;
import io.shoal.manager.testing.NodeBuilder;
import io.shoal.manager.testing.ServiceSpecBuilder;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduler alone: tasks are written PENDING, as the allocator leaves them. */
class SchedulerTest {
    private static final long GB = 1L << 30;
    private final Harness h = new Harness();
    private Scheduler scheduler;

    @BeforeEach
    void start() {
        scheduler = new Scheduler(h.store, h.clock);
        h.attach(scheduler.loop());
    }

    /** Writes a PENDING task and lets the scheduler handle that commit, without moving time. */
    private Task pendingNow(Service s, int slot) {
        Task t = Tasks.newTask(s, slot, null, h.clock.instant())
                .withStatus(Task.TaskStatus.of(h.clock.instant(), TaskState.PENDING, "pending task scheduling"));
        h.store.write(tx -> {
            tx.create(Table.TASKS, t);
        });
        scheduler.loop().runPending();
        return h.task(t.id());
    }

    @Test
    void theFirstTaskAfterAQuietSpellIsPlacedAtOnceAndABurstWaitsForTheDebounce() {
        h.addNode(NodeBuilder.node("n1").build());
        Service s = service(ServiceSpecBuilder.replicated("web", 3));

        Task first = pendingNow(s, 1);
        assertThat(first.state()).as("placed without waiting").isEqualTo(TaskState.ASSIGNED);

        Task second = pendingNow(s, 2); // right after a pass: gathered with whatever else comes
        assertThat(second.state()).isEqualTo(TaskState.PENDING);
        assertThat(scheduler.loop().debounceDeadline()).isEqualTo(h.clock.instant().plus(Scheduler.DEBOUNCE));
        h.clock.advance(Scheduler.DEBOUNCE);
        scheduler.loop().runPending();
        assertThat(h.task(second.id()).state()).isEqualTo(TaskState.ASSIGNED);

        h.clock.advance(Scheduler.DEBOUNCE);
        Task third = pendingNow(s, 3);
        assertThat(third.state()).as("quiet again").isEqualTo(TaskState.ASSIGNED);
    }

    private List<Task> pending(Service s, int count) {
        return pending(s, count, null);
    }

    private List<Task> pending(Service s, int count, String node) {
        List<Task> out = new ArrayList<>();
        h.store.write(tx -> {
            for (int i = 1; i <= count; i++) {
                Task t = Tasks.newTask(s, node == null ? i : 0, node, h.clock.instant())
                        .withStatus(Task.TaskStatus.of(h.clock.instant(), TaskState.PENDING, "pending task scheduling"));
                tx.create(Table.TASKS, t);
                out.add(t);
            }
        });
        h.settle();
        return out.stream().map(t -> h.task(t.id())).toList();
    }

    private Service service(ServiceSpecBuilder b) {
        return h.createService(b.build());
    }

    private static Map<String, Long> perNode(List<Task> tasks) {
        return tasks.stream().filter(t -> t.nodeId() != null)
                .collect(Collectors.groupingBy(Task::nodeId, Collectors.counting()));
    }

    @Test
    void assignsAPendingTaskToAReadyNode() {
        h.addNode(NodeBuilder.node("n1").build());
        Task t = pending(service(ServiceSpecBuilder.replicated("web", 1)), 1).get(0);
        assertThat(t.nodeId()).isEqualTo("n1");
        assertThat(t.state()).isEqualTo(TaskState.ASSIGNED);
        assertThat(t.status().message()).isEqualTo("scheduler assigned task to node");
        assertThat(t.status().timestamp()).isEqualTo(h.clock.instant());
        assertThat(t.status().err()).isNull();
    }

    @Test
    void readyFilterSkipsDownPausedAndDrainedNodes() {
        h.addNode(NodeBuilder.node("down").state(NodeState.DOWN).build());
        h.addNode(NodeBuilder.node("paused").availability(NodeAvailability.PAUSE).build());
        h.addNode(NodeBuilder.node("drained").availability(NodeAvailability.DRAIN).build());
        h.addNode(NodeBuilder.node("unknown").state(NodeState.UNKNOWN).build());
        Task t = pending(service(ServiceSpecBuilder.replicated("web", 1)), 1).get(0);
        assertThat(t.state()).isEqualTo(TaskState.PENDING);
        assertThat(t.nodeId()).isNull();
        assertThat(t.status().err()).isEqualTo("no suitable node (4 nodes not available for new tasks)");

        h.addNode(NodeBuilder.node("ok").build()); // placed as soon as a node fits
        h.settle();
        assertThat(h.task(t.id()).nodeId()).isEqualTo("ok");
        assertThat(h.task(t.id()).status().err()).isNull();
    }

    @Test
    void noNodesAtAll() {
        Task t = pending(service(ServiceSpecBuilder.replicated("web", 1)), 1).get(0);
        assertThat(t.status().err()).isEqualTo("no suitable node");
    }

    @Test
    void resourceFilterCountsReservationsOfTasksAlreadyThere() {
        h.addNode(NodeBuilder.node("small").resources(1, 4 * GB).build());
        h.addNode(NodeBuilder.node("big").resources(8, 16 * GB).build());
        List<Task> tasks = pending(service(ServiceSpecBuilder.replicated("web", 5).reserve(0.5, 3 * GB)), 5);
        assertThat(perNode(tasks)).containsEntry("small", 1L).containsEntry("big", 4L);

        Service huge = service(ServiceSpecBuilder.replicated("huge", 1).reserve(1, 10 * GB));
        Task t = pending(huge, 1).get(0);
        assertThat(t.status().err()).isEqualTo("no suitable node (insufficient CPU on 1 node; insufficient memory on 1 node)");
    }

    @Test
    void explanationsAreCountedPerFilterMostFirst() {
        h.addNode(NodeBuilder.node("d1").state(NodeState.DOWN).build());
        h.addNode(NodeBuilder.node("d2").availability(NodeAvailability.DRAIN).build());
        h.addNode(NodeBuilder.node("small").resources(1, GB).build());
        Task t = pending(service(ServiceSpecBuilder.replicated("web", 1).reserve(0.1, 2 * GB)), 1).get(0);
        assertThat(t.status().err())
                .isEqualTo("no suitable node (2 nodes not available for new tasks; insufficient memory on 1 node)");
    }

    @Test
    void resourcesFreeUpWhenATaskEnds() {
        h.addNode(NodeBuilder.node("n1").resources(1, 4 * GB).build());
        Service s = service(ServiceSpecBuilder.replicated("web", 2).reserve(1, GB));
        List<Task> tasks = pending(s, 2);
        Task placed = tasks.stream().filter(t -> t.nodeId() != null).findFirst().orElseThrow();
        Task waiting = tasks.stream().filter(t -> t.nodeId() == null).findFirst().orElseThrow();
        assertThat(waiting.status().err()).isEqualTo("no suitable node (insufficient CPU on 1 node)");
        h.report(placed.id(), TaskState.FAILED, "started", "boom");
        h.settle();
        assertThat(h.task(waiting.id()).nodeId()).isEqualTo("n1");
    }

    @Test
    void constraintFilter() {
        h.addNode(NodeBuilder.node("n1").label("zone", "east").role(NodeRole.MANAGER).build());
        h.addNode(NodeBuilder.node("n2").label("zone", "west").build());
        h.addNode(NodeBuilder.node("n3").engineLabel("gpu", "yes").hostname("box3").build());
        assertThat(pending(service(ServiceSpecBuilder.replicated("a", 1).constraint("node.labels.zone==EAST")), 1)
                .get(0).nodeId()).isEqualTo("n1");
        assertThat(pending(service(ServiceSpecBuilder.replicated("b", 1).constraint("node.role==worker")
                .constraint("node.labels.zone!=west")), 1).get(0).nodeId()).isEqualTo("n3");
        assertThat(pending(service(ServiceSpecBuilder.replicated("c", 1).constraint("engine.labels.gpu==yes")), 1)
                .get(0).nodeId()).isEqualTo("n3");
        assertThat(pending(service(ServiceSpecBuilder.replicated("d", 1).constraint("node.hostname==box3")), 1)
                .get(0).nodeId()).isEqualTo("n3");
        assertThat(pending(service(ServiceSpecBuilder.replicated("e", 1).constraint("node.id==n2")), 1)
                .get(0).nodeId()).isEqualTo("n2");
        Task none = pending(service(ServiceSpecBuilder.replicated("f", 1).constraint("node.labels.zone==north")), 1)
                .get(0);
        assertThat(none.status().err()).isEqualTo("no suitable node (scheduling constraints not satisfied on 3 nodes)");
    }

    @Test
    void platformFilter() {
        h.addNode(NodeBuilder.node("x86").platform("linux", "x86_64").build());
        h.addNode(NodeBuilder.node("arm").platform("linux", "aarch64").build());
        assertThat(pending(service(ServiceSpecBuilder.replicated("a", 1).platform("linux", "arm64")), 1).get(0)
                .nodeId()).isEqualTo("arm");
        assertThat(pending(service(ServiceSpecBuilder.replicated("b", 1).platform("linux", "amd64")), 1).get(0)
                .nodeId()).isEqualTo("x86");
        Task t = pending(service(ServiceSpecBuilder.replicated("c", 1).platform("windows", "amd64")), 1).get(0);
        assertThat(t.status().err()).isEqualTo("no suitable node (unsupported platform on 2 nodes)");
    }

    @Test
    void hostPortFilter() {
        h.addNode(NodeBuilder.node("n1").build());
        h.addNode(NodeBuilder.node("n2").build());
        List<Task> tasks = pending(service(ServiceSpecBuilder.replicated("web", 3).hostPort(8080, 80)), 3);
        assertThat(perNode(tasks)).containsEntry("n1", 1L).containsEntry("n2", 1L);
        assertThat(tasks.stream().filter(t -> t.nodeId() == null).findFirst().orElseThrow().status().err())
                .isEqualTo("no suitable node (host-mode port already in use on 2 nodes)");
        // another service's different port fits
        assertThat(pending(service(ServiceSpecBuilder.replicated("other", 1).hostPort(9090, 80)), 1).get(0).nodeId())
                .isNotNull();
    }

    @Test
    void maxReplicasFilter() {
        h.addNode(NodeBuilder.node("n1").build());
        h.addNode(NodeBuilder.node("n2").build());
        List<Task> tasks = pending(service(ServiceSpecBuilder.replicated("web", 5).maxReplicas(2)), 5);
        assertThat(perNode(tasks)).containsEntry("n1", 2L).containsEntry("n2", 2L);
        assertThat(tasks.stream().filter(t -> t.nodeId() == null).findFirst().orElseThrow().status().err())
                .isEqualTo("no suitable node (max replicas per node limit exceed)");
    }

    @Test
    void spreadsOverNodesWithTheFewestTasksOfTheServiceThenInAll() {
        h.addNode(NodeBuilder.node("n1").build());
        h.addNode(NodeBuilder.node("n2").build());
        h.addNode(NodeBuilder.node("n3").build());
        pending(service(ServiceSpecBuilder.replicated("other", 2).constraint("node.id!=n3")), 2);
        List<Task> tasks = pending(service(ServiceSpecBuilder.replicated("web", 7)), 7);
        // 7 over 3 nodes: 3 on the one without other tasks, 2 on each of the others
        assertThat(perNode(tasks)).containsEntry("n1", 2L).containsEntry("n2", 2L).containsEntry("n3", 3L);
    }

    @Test
    void placementPreferencesSpreadOverLabelValuesFirst() {
        h.addNode(NodeBuilder.node("a1").label("zone", "a").build());
        h.addNode(NodeBuilder.node("b1").label("zone", "b").build());
        h.addNode(NodeBuilder.node("b2").label("zone", "b").build());
        h.addNode(NodeBuilder.node("b3").label("zone", "b").build());
        h.addNode(NodeBuilder.node("none").build()); // no label: its own "" branch
        List<Task> tasks = pending(service(ServiceSpecBuilder.replicated("web", 6).spreadOver("node.labels.zone")), 6);
        Map<String, Long> byNode = perNode(tasks);
        assertThat(byNode.get("a1")).isEqualTo(2L);
        assertThat(byNode.get("none")).isEqualTo(2L);
        assertThat(byNode.getOrDefault("b1", 0L) + byNode.getOrDefault("b2", 0L) + byNode.getOrDefault("b3", 0L))
                .isEqualTo(2L);
    }

    @Test
    void aFullBranchGetsNoMore() {
        h.addNode(NodeBuilder.node("a1").label("zone", "a").resources(1, GB).build());
        h.addNode(NodeBuilder.node("b1").label("zone", "b").build());
        List<Task> tasks = pending(service(ServiceSpecBuilder.replicated("web", 4).spreadOver("node.labels.zone")
                .reserve(0, GB)), 4);
        assertThat(perNode(tasks)).containsEntry("a1", 1L).containsEntry("b1", 3L);
    }

    @Test
    void presetNodesAreOnlyValidated() {
        h.addNode(NodeBuilder.node("n1").build());
        h.addNode(NodeBuilder.node("n2").availability(NodeAvailability.PAUSE).build());
        Service s = service(ServiceSpecBuilder.global("agent"));
        Task ok = pending(s, 1, "n1").get(0);
        assertThat(ok.nodeId()).isEqualTo("n1");
        assertThat(ok.state()).isEqualTo(TaskState.ASSIGNED);
        assertThat(ok.status().message()).isEqualTo("scheduler confirmed task can run on preassigned node");
        Task paused = pending(s, 1, "n2").get(0);
        assertThat(paused.state()).isEqualTo(TaskState.PENDING);
        assertThat(paused.status().err()).isEqualTo("1 node not available for new tasks");
    }

    @Test
    void pendingTasksNoLongerWantedAreShutDown() {
        Service s = service(ServiceSpecBuilder.replicated("web", 1));
        Task t = pending(s, 1).get(0);
        h.store.write(tx -> tx.update(Table.TASKS, tx.get(Table.TASKS, t.id()).orElseThrow()
                .withDesiredState(TaskState.SHUTDOWN)));
        h.settle();
        assertThat(h.task(t.id()).state()).isEqualTo(TaskState.SHUTDOWN);
    }

    @Test
    void nodesWhereTheServiceKeepsFailingComeLast() {
        h.addNode(NodeBuilder.node("n1").build());
        h.addNode(NodeBuilder.node("n2").build());
        pending(service(ServiceSpecBuilder.replicated("other", 1).constraint("node.id==n2")), 1);
        Service s = service(ServiceSpecBuilder.replicated("web", 1));
        for (int i = 0; i < 5; i++) {
            Task t = Tasks.newTask(s, 1, "n1", h.clock.instant())
                    .withStatus(Task.TaskStatus.of(h.clock.instant(), TaskState.ASSIGNED, "assigned"));
            h.store.write(tx -> tx.create(Table.TASKS, t));
            h.report(t.id(), TaskState.REJECTED, "preparing", "No such image");
        }
        h.settle();
        // n1 has no tasks, n2 has one; but the service failed 5 times on n1 within 5 minutes
        assertThat(pending(s, 1).get(0).nodeId()).isEqualTo("n2");
        h.advance(Duration.ofMinutes(6));
        assertThat(pending(s, 1).get(0).nodeId()).isEqualTo("n1");
    }

    @Test
    void decisionsWaitFiftyMillisecondsForMoreCommitsButAtMostOneSecond() {
        Harness bare = new Harness();
        Scheduler scheduler = new Scheduler(bare.store, bare.clock);
        scheduler.loop().attach();
        bare.addNode(NodeBuilder.node("n1").build());
        Service s = bare.createService(ServiceSpecBuilder.replicated("web", 1).build());
        // the first task after a quiet spell is placed at once; one right after it waits
        Task first = Tasks.newTask(s, 3, null, bare.clock.instant())
                .withStatus(Task.TaskStatus.of(bare.clock.instant(), TaskState.PENDING, "pending task scheduling"));
        bare.store.write(tx -> tx.create(Table.TASKS, first));
        scheduler.loop().runPending();
        assertThat(bare.task(first.id()).state()).isEqualTo(TaskState.ASSIGNED);
        Task t = Tasks.newTask(s, 1, null, bare.clock.instant())
                .withStatus(Task.TaskStatus.of(bare.clock.instant(), TaskState.PENDING, "pending task scheduling"));
        bare.store.write(tx -> tx.create(Table.TASKS, t));
        scheduler.loop().runPending();
        bare.clock.advance(Duration.ofMillis(49));
        scheduler.loop().runPending();
        assertThat(bare.task(t.id()).state()).isEqualTo(TaskState.PENDING);
        bare.clock.advance(Duration.ofMillis(1));
        scheduler.loop().runPending();
        assertThat(bare.task(t.id()).state()).isEqualTo(TaskState.ASSIGNED);

        // a steady stream of commits defers the decision by at most a second
        Task u = Tasks.newTask(s, 2, null, bare.clock.instant())
                .withStatus(Task.TaskStatus.of(bare.clock.instant(), TaskState.PENDING, "pending task scheduling"));
        bare.store.write(tx -> tx.create(Table.TASKS, u));
        scheduler.loop().runPending();
        for (int i = 0; i < 24; i++) {
            bare.clock.advance(Duration.ofMillis(40));
            bare.setNodeState("n1", NodeState.READY); // another commit
            scheduler.loop().runPending();
        }
        assertThat(bare.task(u.id()).state()).isEqualTo(TaskState.PENDING); // 960 ms
        bare.clock.advance(Duration.ofMillis(40));
        scheduler.loop().runPending();
        assertThat(bare.task(u.id()).state()).isEqualTo(TaskState.ASSIGNED);
        scheduler.stop();
    }
}
