package io.shoal.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Cluster;
import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.dispatch.TaskStatusUpdate;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import io.shoal.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeDispatcherTest {
    private static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Node.Description DESCRIPTION = new Node.Description("worker-1",
            new Node.Platform("x86_64", "linux"), new Node.Resources(4_000_000_000L, 8L << 30), null, null);

    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);
    private NodeDispatcher dispatcher = new NodeDispatcher(store, clock,
            DispatcherConfig.defaults().withHeartbeatJitter(Duration.ZERO));

    @AfterEach
    void stop() {
        dispatcher.stop();
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Moves the fake clock in steps, letting the dispatcher finish the work each step made due. */
    private void advance(Duration total) {
        dispatcher.awaitIdle(); // timers armed by work still queued must be armed before time moves
        Duration step = Duration.ofMillis(50);
        Duration left = total;
        while (left.compareTo(step) > 0) {
            clock.advance(step);
            dispatcher.awaitIdle();
            left = left.minus(step);
        }
        clock.advance(left);
        dispatcher.awaitIdle();
    }

    private Node node(String id) {
        return store.view(tx -> tx.get(Table.NODES, id)).orElseThrow();
    }

    private Task task(String id) {
        return store.view(tx -> tx.get(Table.TASKS, id)).orElseThrow();
    }

    private static Task newTask(String nodeId, TaskState state) {
        return new Task(Ids.newId(), Version.ZERO, null, null, Map.of(),
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox:latest"), null, null, null, null, null, null, null),
                "svc", 1, nodeId, Task.TaskStatus.of(Instant.EPOCH, state, "scheduled"), TaskState.RUNNING, null, null,
                new Version(1));
    }

    private Task create(Task t) {
        store.write(tx -> tx.create(Table.TASKS, t));
        return task(t.id());
    }

    private void update(String taskId, java.util.function.UnaryOperator<Task> f) {
        store.write(tx -> tx.update(Table.TASKS, f.apply(tx.get(Table.TASKS, taskId).orElseThrow())));
    }

    private static Node storedNode(String id, NodeState state) {
        return new Node(id, Version.ZERO, null, null, new Node.NodeSpec(null, Map.of(), NodeRole.WORKER,
                NodeAvailability.ACTIVE), DESCRIPTION, new Node.NodeStatus(state, null, "10.0.0.9"), null);
    }

    private static TaskStatusUpdate report(Task t, TaskState state, Instant at) {
        return new TaskStatusUpdate(t.id(), Task.TaskStatus.of(at, state, state.wire()));
    }

    // ---- sessions and heartbeats ------------------------------------------------------------

    @Test
    void aSessionRegistersTheNodeAsReadyAndStartsWithACompleteAssignment() {
        dispatcher.start();
        RecordingListener agent = new RecordingListener();

        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, "10.0.0.7", agent);
        dispatcher.awaitIdle();

        assertThat(s.sessionId()).hasSize(25);
        assertThat(s.heartbeatPeriodNanos()).isEqualTo(PERIOD.toNanos());
        Node n = node("n1");
        assertThat(n.status()).isEqualTo(new Node.NodeStatus(NodeState.READY, null, "10.0.0.7"));
        assertThat(n.description()).isEqualTo(DESCRIPTION);
        assertThat(n.spec()).isEqualTo(new Node.NodeSpec(null, Map.of(), NodeRole.WORKER, NodeAvailability.ACTIVE));
        assertThat(agent.messages()).containsExactly(new Assignments(true, List.of(), List.of()));
    }

    @Test
    void theCompleteAssignmentHoldsExactlyTheNodesAssignedTasks() {
        Task assigned = create(newTask("n1", TaskState.ASSIGNED));
        Task running = create(newTask("n1", TaskState.RUNNING));
        Task failed = create(newTask("n1", TaskState.FAILED));
        create(newTask("n1", TaskState.PENDING)); // not yet scheduled here
        create(newTask("n2", TaskState.RUNNING)); // another node's
        dispatcher.start();
        RecordingListener agent = new RecordingListener();

        dispatcher.openSession("n1", DESCRIPTION, null, agent);
        dispatcher.awaitIdle();

        assertThat(agent.messages()).hasSize(1);
        assertThat(agent.last().complete()).isTrue();
        assertThat(agent.last().changed()).containsExactlyInAnyOrder(assigned, running, failed);
    }

    @Test
    void aNodeThatStopsHeartbeatingGoesDownAndLosesItsSession() {
        dispatcher.start();
        RecordingListener agent = new RecordingListener();
        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, "10.0.0.7", agent);

        for (int i = 0; i < 4; i++) { // 20 s of heartbeats every period keep it READY
            advance(PERIOD);
            assertThat(dispatcher.heartbeat("n1", s.sessionId())).isEqualTo(PERIOD.toNanos());
        }
        assertThat(node("n1").status().state()).isEqualTo(NodeState.READY);

        advance(PERIOD.multipliedBy(3).minusMillis(100));
        assertThat(node("n1").status().state()).isEqualTo(NodeState.READY);
        advance(Duration.ofMillis(200));

        assertThat(node("n1").status()).isEqualTo(new Node.NodeStatus(NodeState.DOWN, "heartbeat failure", "10.0.0.7"));
        assertThat(agent.closed()).containsExactly("heartbeat failure");
        assertThatThrownBy(() -> dispatcher.heartbeat("n1", s.sessionId()))
                .isInstanceOf(ShoalException.Unavailable.class).hasMessage("session invalid");
    }

    @Test
    void aNewSessionBringsADownNodeBackAndReplacesTheOldSession() {
        dispatcher.start();
        RecordingListener first = new RecordingListener();
        Dispatcher.Session s1 = dispatcher.openSession("n1", DESCRIPTION, "10.0.0.7", first);
        advance(PERIOD.multipliedBy(4));
        assertThat(node("n1").status().state()).isEqualTo(NodeState.DOWN);

        RecordingListener second = new RecordingListener();
        Dispatcher.Session s2 = dispatcher.openSession("n1", DESCRIPTION, null, second);
        RecordingListener third = new RecordingListener();
        Dispatcher.Session s3 = dispatcher.openSession("n1", DESCRIPTION, null, third);
        dispatcher.awaitIdle();

        assertThat(node("n1").status()).isEqualTo(new Node.NodeStatus(NodeState.READY, null, "10.0.0.7"));
        assertThat(second.closed()).containsExactly("session replaced by a new session of the same node");
        assertThat(s3.sessionId()).isNotEqualTo(s2.sessionId()).isNotEqualTo(s1.sessionId());
        assertThatThrownBy(() -> dispatcher.heartbeat("n1", s2.sessionId())).hasMessage("session invalid");
        dispatcher.heartbeat("n1", s3.sessionId());
    }

    @Test
    void theHeartbeatPeriodIsTheClusters() {
        Cluster.SwarmSpec spec = Cluster.SwarmSpec.defaults();
        Cluster.SwarmSpec fast = new Cluster.SwarmSpec(spec.name(), spec.labels(), spec.orchestration(), spec.raft(),
                new Cluster.DispatcherConfig(Duration.ofSeconds(2).toNanos()), spec.caConfig(), spec.encryptionConfig(),
                spec.taskDefaults());
        store.write(tx -> tx.create(Table.CLUSTERS, new Cluster("c1", Version.ZERO, null, null, fast, null, false,
                null, null, null, null, null)));
        dispatcher.start();

        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, null, new RecordingListener());
        assertThat(s.heartbeatPeriodNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
        advance(Duration.ofMillis(6100));
        assertThat(node("n1").status().state()).isEqualTo(NodeState.DOWN);
    }

    @Test
    void theDefaultJitterSpreadsPeriodsAroundTheClusters() {
        dispatcher = new NodeDispatcher(store, clock, DispatcherConfig.defaults());
        dispatcher.start();
        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, null, new RecordingListener());
        List<Long> periods = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            periods.add(dispatcher.heartbeat("n1", s.sessionId()));
        }
        assertThat(periods).allSatisfy(p -> assertThat(p).isBetween(4_500_000_000L, 5_500_000_000L));
        assertThat(periods.stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void callsWithAWrongSessionAreRefused() {
        dispatcher.start();
        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, null, new RecordingListener());
        assertThatThrownBy(() -> dispatcher.heartbeat("n1", "bogus"))
                .isInstanceOf(ShoalException.Unavailable.class).hasMessage("session invalid");
        assertThatThrownBy(() -> dispatcher.heartbeat("n2", s.sessionId())).hasMessage("session invalid");
        assertThatThrownBy(() -> dispatcher.updateTaskStatus("n1", "bogus", List.of())).hasMessage("session invalid");
    }

    @Test
    void aClosedSessionGetsNoMoreMessagesAndItsNodeGoesDownUnlessItReturns() {
        dispatcher.start();
        RecordingListener agent = new RecordingListener();
        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, null, agent);
        dispatcher.awaitIdle();

        dispatcher.closeSession("n1", s.sessionId());
        create(newTask("n1", TaskState.ASSIGNED));
        advance(Duration.ofSeconds(1));
        assertThat(agent.messages()).hasSize(1);
        assertThatThrownBy(() -> dispatcher.heartbeat("n1", s.sessionId())).hasMessage("session invalid");

        advance(PERIOD.multipliedBy(3));
        assertThat(node("n1").status()).isEqualTo(new Node.NodeStatus(NodeState.DOWN, "heartbeat failure", null));
    }

    @Test
    void aLostSessionPutsItsNodeDownAfterTheShortGraceUnlessItReconnects() {
        dispatcher.start();
        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, null, new RecordingListener());
        Dispatcher.Session s2 = dispatcher.openSession("n2", DESCRIPTION, null, new RecordingListener());
        dispatcher.awaitIdle();

        dispatcher.sessionLost("n1", s.sessionId());
        dispatcher.sessionLost("n2", s2.sessionId());
        assertThatThrownBy(() -> dispatcher.heartbeat("n1", s.sessionId())).hasMessage("session invalid");
        // n2 comes back within the grace; n1 does not
        advance(Duration.ofMillis(500));
        dispatcher.openSession("n2", DESCRIPTION, null, new RecordingListener());
        advance(Duration.ofMillis(400));
        assertThat(node("n1").status().state()).isEqualTo(NodeState.READY);
        advance(Duration.ofMillis(200));
        assertThat(node("n1").status()).isEqualTo(new Node.NodeStatus(NodeState.DOWN, NodeDispatcher.SESSION_LOST, null));
        assertThat(node("n2").status().state()).isEqualTo(NodeState.READY);
    }

    @Test
    void aLostSessionOfAnotherGenerationChangesNothing() {
        dispatcher.start();
        Dispatcher.Session old = dispatcher.openSession("n1", DESCRIPTION, null, new RecordingListener());
        Dispatcher.Session cur = dispatcher.openSession("n1", DESCRIPTION, null, new RecordingListener());
        dispatcher.awaitIdle();
        dispatcher.sessionLost("n1", old.sessionId());
        advance(Duration.ofSeconds(2));
        dispatcher.heartbeat("n1", cur.sessionId());
        assertThat(node("n1").status().state()).isEqualTo(NodeState.READY);
    }

    // ---- assignments ------------------------------------------------------------------------

    @Test
    void changesAreSentIncrementallyInBatches() {
        dispatcher.start();
        RecordingListener agent = new RecordingListener();
        dispatcher.openSession("n1", DESCRIPTION, null, agent);
        dispatcher.awaitIdle();

        // the scheduler assigns a task: nothing is sent until the batch window has passed
        Task t = newTask(null, TaskState.PENDING);
        create(t);
        update(t.id(), x -> x.withNodeId("n1").withStatus(Task.TaskStatus.of(clock.instant(), TaskState.ASSIGNED, "assigned")));
        dispatcher.awaitIdle();
        assertThat(agent.messages()).hasSize(1);
        advance(Duration.ofMillis(100));
        assertThat(agent.messages()).hasSize(2);
        assertThat(agent.last().complete()).isFalse();
        assertThat(agent.last().changed()).extracting(Task::id).containsExactly(t.id());
        assertThat(agent.last().removed()).isEmpty();

        // the agent's own reports are not news to it
        update(t.id(), x -> x.withStatus(Task.TaskStatus.of(clock.instant(), TaskState.RUNNING, "started")));
        advance(Duration.ofMillis(200));
        assertThat(agent.messages()).hasSize(2);

        // a desired-state move is
        update(t.id(), x -> x.withDesiredState(TaskState.SHUTDOWN));
        advance(Duration.ofMillis(100));
        assertThat(agent.messages()).hasSize(3);
        assertThat(agent.last().changed()).singleElement().extracting(Task::desiredState).isEqualTo(TaskState.SHUTDOWN);

        // and so is the task's removal
        store.write(tx -> tx.delete(Table.TASKS, t.id()));
        advance(Duration.ofMillis(100));
        assertThat(agent.last()).isEqualTo(new Assignments(false, List.of(), List.of(t.id())));
        assertThat(agent.tasks()).isEmpty();
    }

    @Test
    void aBigChangeIsSentInChunksOfAtMostTheBatchLimit() {
        dispatcher.start();
        RecordingListener agent = new RecordingListener();
        dispatcher.openSession("n1", DESCRIPTION, null, agent);
        dispatcher.awaitIdle();

        List<Consumer<Tx>> writes = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Task t = newTask("n1", TaskState.ASSIGNED);
            writes.add(tx -> tx.create(Table.TASKS, t));
        }
        store.batch(writes, e -> { throw e; }); // one transaction: 150 changes in one commit
        dispatcher.awaitIdle();

        assertThat(agent.messages()).hasSize(2);
        assertThat(agent.last().changed()).hasSize(100); // sent at once, without waiting
        advance(Duration.ofMillis(100));
        assertThat(agent.messages()).hasSize(3);
        assertThat(agent.last().changed()).hasSize(50);
        assertThat(agent.tasks()).hasSize(150);
    }

    @Test
    void whileManyNodesHearOfChangesEachNodeHearsAtMostEveryBusyInterval() {
        dispatcher.start();
        int count = NodeDispatcher.BUSY_MESSAGES_PER_SECOND + 10;
        List<RecordingListener> agents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordingListener agent = new RecordingListener();
            dispatcher.openSession("n" + i, DESCRIPTION, null, agent);
            agents.add(agent);
        }
        dispatcher.awaitIdle();
        RecordingListener first = agents.get(0);

        // every node gets a task: as many messages go out in one go, after the usual batch delay
        List<Consumer<Tx>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Task t = newTask("n" + i, TaskState.ASSIGNED);
            writes.add(tx -> tx.create(Table.TASKS, t));
        }
        store.batch(writes, e -> { throw e; });
        advance(Duration.ofMillis(100));
        assertThat(agents).allSatisfy(a -> assertThat(a.messages()).hasSize(2));

        // busy now: a node's next change waits until the busy interval since its last message passed
        advance(Duration.ofMillis(50));
        create(newTask("n0", TaskState.ASSIGNED));
        Duration due = NodeDispatcher.BUSY_ASSIGNMENT_INTERVAL.minusMillis(50);
        advance(due.minusMillis(50));
        assertThat(first.messages()).as("not after the usual batch delay").hasSize(2);
        advance(Duration.ofMillis(50));
        assertThat(first.messages()).hasSize(3);
        assertThat(first.last().changed()).hasSize(1);

        // once quiet again, the usual batch delay holds
        advance(Duration.ofSeconds(3));
        create(newTask("n0", TaskState.ASSIGNED));
        advance(Duration.ofMillis(100));
        assertThat(first.messages()).hasSize(4);
    }

    @Test
    void changesCommittedBeforeTheSessionAreNotSentTwice() {
        Task t = create(newTask("n1", TaskState.ASSIGNED));
        dispatcher.start();
        update(t.id(), x -> x.withDesiredState(TaskState.SHUTDOWN));
        RecordingListener agent = new RecordingListener();
        dispatcher.openSession("n1", DESCRIPTION, null, agent);
        advance(Duration.ofSeconds(1));

        assertThat(agent.messages()).hasSize(1);
        assertThat(agent.last().changed()).singleElement().extracting(Task::desiredState).isEqualTo(TaskState.SHUTDOWN);
    }

    // ---- status reports ---------------------------------------------------------------------

    @Test
    void statusReportsAreWrittenInBatches() {
        Task t = create(newTask("n1", TaskState.ASSIGNED));
        dispatcher.start();
        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, null, new RecordingListener());
        Instant reportedAt = clock.instant().minusMillis(30);

        dispatcher.updateTaskStatus("n1", s.sessionId(), List.of(report(t, TaskState.PREPARING, reportedAt)));
        dispatcher.updateTaskStatus("n1", s.sessionId(), List.of(report(t, TaskState.RUNNING, reportedAt)));
        dispatcher.awaitIdle();
        assertThat(task(t.id()).state()).isEqualTo(TaskState.ASSIGNED); // not yet
        long before = store.index();

        advance(Duration.ofMillis(100));

        assertThat(task(t.id()).status()).isEqualTo(Task.TaskStatus.of(reportedAt, TaskState.RUNNING, "running"));
        assertThat(store.index()).isEqualTo(before + 1); // both reports, one write
    }

    @Test
    void aReportWithoutATimeIsStampedWithTheManagersTime() {
        Task t = create(newTask("n1", TaskState.ASSIGNED));
        dispatcher.start();
        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, null, new RecordingListener());
        dispatcher.updateTaskStatus("n1", s.sessionId(), List.of(report(t, TaskState.ACCEPTED, null)));
        advance(Duration.ofMillis(100));
        assertThat(task(t.id()).status().timestamp()).isEqualTo(clock.instant());
        assertThat(task(t.id()).state()).isEqualTo(TaskState.ACCEPTED);
    }

    @Test
    void backwardReportsAndReportsOnOtherNodesTasksAreDropped() {
        Task mine = create(newTask("n1", TaskState.RUNNING));
        Task theirs = create(newTask("n2", TaskState.ASSIGNED));
        dispatcher.start();
        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, null, new RecordingListener());
        long before = store.index();

        dispatcher.updateTaskStatus("n1", s.sessionId(), List.of(
                report(mine, TaskState.PREPARING, clock.instant()),
                report(theirs, TaskState.RUNNING, clock.instant()),
                new TaskStatusUpdate("no-such-task", Task.TaskStatus.of(clock.instant(), TaskState.RUNNING, "x"))));
        advance(Duration.ofMillis(200));

        assertThat(store.index()).isEqualTo(before);
        assertThat(task(mine.id()).state()).isEqualTo(TaskState.RUNNING);
        assertThat(task(theirs.id()).state()).isEqualTo(TaskState.ASSIGNED);

        // a late, older report does not replace a newer queued one
        dispatcher.updateTaskStatus("n1", s.sessionId(), List.of(report(mine, TaskState.COMPLETE, clock.instant())));
        dispatcher.updateTaskStatus("n1", s.sessionId(), List.of(report(mine, TaskState.RUNNING, clock.instant())));
        advance(Duration.ofMillis(100));
        assertThat(task(mine.id()).state()).isEqualTo(TaskState.COMPLETE);
    }

    @Test
    void tenThousandQueuedReportsAreWrittenWithoutWaiting() {
        List<Task> tasks = new ArrayList<>();
        List<Consumer<Tx>> writes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Task t = newTask("n1", TaskState.ASSIGNED);
            tasks.add(t);
            writes.add(tx -> tx.create(Table.TASKS, t));
        }
        store.batch(writes, e -> { throw e; });
        dispatcher.start();
        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, null, new RecordingListener());

        dispatcher.updateTaskStatus("n1", s.sessionId(),
                tasks.stream().map(t -> report(t, TaskState.ACCEPTED, clock.instant())).toList());
        dispatcher.awaitIdle(); // no clock movement

        assertThat(store.<List<Task>>view(tx -> tx.tasksOnNode("n1")))
                .allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.ACCEPTED));
    }

    // ---- leader change, stop, removal -------------------------------------------------------

    @Test
    void afterALeaderChangeNodesAreUnknownAndGoDownIfTheyDoNotReturnInTime() {
        store.write(tx -> {
            tx.create(Table.NODES, storedNode("back", NodeState.READY));
            tx.create(Table.NODES, storedNode("gone", NodeState.READY));
            tx.create(Table.NODES, storedNode("dead", NodeState.DOWN));
        });

        dispatcher.start();

        assertThat(node("back").status()).isEqualTo(new Node.NodeStatus(NodeState.UNKNOWN,
                "Node moved to \"unknown\" state due to leadership change in cluster", "10.0.0.9"));
        assertThat(node("gone").status().state()).isEqualTo(NodeState.UNKNOWN);
        assertThat(node("dead").status().state()).isEqualTo(NodeState.DOWN);

        advance(Duration.ofSeconds(20));
        Dispatcher.Session s = dispatcher.openSession("back", DESCRIPTION, null, new RecordingListener());
        advance(Duration.ofSeconds(9));
        dispatcher.heartbeat("back", s.sessionId());
        assertThat(node("gone").status().state()).isEqualTo(NodeState.UNKNOWN); // 29 s: still in grace
        advance(Duration.ofMillis(1100));

        assertThat(node("gone").status()).isEqualTo(new Node.NodeStatus(NodeState.DOWN,
                "heartbeat failure for node in \"unknown\" state", "10.0.0.9"));
        assertThat(node("back").status().state()).isEqualTo(NodeState.READY);
    }

    @Test
    void tasksOfANodeDownForADayAreOrphaned() {
        dispatcher = new NodeDispatcher(store, clock, new DispatcherConfig(Duration.ZERO, 3, 6,
                Duration.ofMillis(100), 10_000, Duration.ofMillis(100), 100, Duration.ofMinutes(10), Duration.ofSeconds(30)));
        store.write(tx -> tx.create(Table.NODES, storedNode("n1", NodeState.DOWN)));
        Task running = create(newTask("n1", TaskState.RUNNING));
        Task failed = create(newTask("n1", TaskState.FAILED));
        dispatcher.start();

        clock.advance(Duration.ofMinutes(10));
        dispatcher.awaitIdle();

        assertThat(task(running.id()).state()).isEqualTo(TaskState.ORPHANED);
        assertThat(task(failed.id()).state()).isEqualTo(TaskState.FAILED);
    }

    @Test
    void stoppingEndsEverySessionAndMarksTheNodesDisconnected() {
        dispatcher.start();
        RecordingListener agent = new RecordingListener();
        dispatcher.openSession("n1", DESCRIPTION, "10.0.0.7", agent);

        dispatcher.stop();

        assertThat(agent.closed()).containsExactly("dispatcher stopped");
        assertThat(node("n1").status()).isEqualTo(new Node.NodeStatus(NodeState.DISCONNECTED,
                "node is currently trying to find new manager", "10.0.0.7"));
        assertThatThrownBy(() -> dispatcher.openSession("n1", DESCRIPTION, null, agent))
                .isInstanceOf(ShoalException.Unavailable.class).hasMessage("dispatcher is stopped");
        dispatcher.stop(); // idempotent

        // and it can lead again
        dispatcher.start();
        dispatcher.start();
        assertThat(node("n1").status().state()).isEqualTo(NodeState.UNKNOWN);
        dispatcher.openSession("n1", DESCRIPTION, null, new RecordingListener());
        assertThat(node("n1").status().state()).isEqualTo(NodeState.READY);
    }

    @Test
    void aRemovedNodesSessionEndsAndItCannotComeBack() {
        dispatcher.start();
        RecordingListener agent = new RecordingListener();
        dispatcher.openSession("n1", DESCRIPTION, null, agent);
        store.write(tx -> tx.delete(Table.NODES, "n1"));
        dispatcher.awaitIdle();

        assertThat(agent.closed()).containsExactly("node was removed from the swarm");
        assertThatThrownBy(() -> dispatcher.openSession("n1", DESCRIPTION, null, agent))
                .isInstanceOf(ShoalException.NotFound.class).hasMessage("node n1 was removed from the swarm");
        assertThat(store.<Optional<Node>>view(tx -> tx.get(Table.NODES, "n1"))).isEmpty();
    }

    @Test
    void anAgentMayReconnectFromInsideTheCloseCallback() {
        dispatcher.start();
        List<Dispatcher.Session> reopened = new ArrayList<>();
        RecordingListener next = new RecordingListener();
        RecordingListener agent = new RecordingListener() {
            @Override
            public synchronized void onSessionClosed(String reason) {
                super.onSessionClosed(reason);
                reopened.add(dispatcher.openSession("n1", DESCRIPTION, null, next));
            }
        };
        dispatcher.openSession("n1", DESCRIPTION, null, agent);
        advance(PERIOD.multipliedBy(3).plusMillis(100));

        assertThat(reopened).hasSize(1);
        assertThat(node("n1").status().state()).isEqualTo(NodeState.READY); // the queued DOWN was dropped
        dispatcher.heartbeat("n1", reopened.getFirst().sessionId());
    }
}
