package io.shoal.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.rpc.server.ClusterRpcServer;
import io.shoal.api.Reachability;
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
import io.shoal.rpc.RecordingListener;
import io.shoal.rpc.TestManager;
import io.shoal.rpc.TestNode;
import io.shoal.store.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Dispatcher contract across real gRPC: a node's session, its assignment stream, heartbeats
 * and status reports reach the manager's NodeDispatcher under the node ID of its certificate.
 * The dispatcher runs on a fake clock: its batching and heartbeat timers move only when told.
 */
class RemoteDispatcherTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private final FakeClock clock = new FakeClock();
    private final TestManager m = TestManager.withDispatcher(clock, TestManager.spec(HEARTBEAT, Duration.ofHours(1)));
    private final TestNode node = TestNode.join(m, m.workerToken());
    private final RecordingListener listener = new RecordingListener();
    private final Node.Description description = new Node.Description("worker-1", new Node.Platform("x86_64", "linux"),
            new Node.Resources(2_000_000_000L, 2L << 30), null, null);

    @AfterEach
    void close() {
        node.close();
        m.close();
    }

    private Task newTask(String nodeId) {
        return new Task(Ids.newId(), Version.ZERO, null, null, Map.of(),
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox:latest"), null, null, null, null, null, null, null),
                "svc", 1, nodeId, Task.TaskStatus.of(Instant.EPOCH, TaskState.ASSIGNED, "scheduler assigned task to node"),
                TaskState.RUNNING, null, null, new Version(1));
    }

    private Task task(String id) {
        return m.store.view(tx -> tx.get(Table.TASKS, id)).orElseThrow();
    }

    /** Lets the dispatcher see every commit, then fires its batching timers. */
    private void settle(Duration d) {
        m.dispatcher.awaitIdle();
        clock.advance(d);
        m.dispatcher.awaitIdle();
    }

    @Test
    void aSessionMarksTheNodeReadyAndStreamsItsTasks() throws Exception {
        Task before = newTask(node.nodeId);
        m.store.write(tx -> tx.create(Table.TASKS, before));

        Dispatcher.Session s = node.dispatcher.openSession(node.nodeId, description, "10.1.2.3", listener);

        assertThat(s.heartbeatPeriodNanos()).isEqualTo(HEARTBEAT.toNanos());
        Assignments complete = listener.nextAssignments();
        assertThat(complete.complete()).isTrue();
        assertThat(complete.changed()).extracting(Task::id).containsExactly(before.id());
        Node n = m.node(node.nodeId);
        assertThat(n.status().state()).isEqualTo(NodeState.READY);
        assertThat(n.status().addr()).isEqualTo("10.1.2.3");
        assertThat(n.description().hostname()).isEqualTo("worker-1");

        Task later = newTask(node.nodeId);
        m.store.write(tx -> tx.create(Table.TASKS, later));
        settle(Duration.ofMillis(100));
        Assignments incremental = listener.nextAssignments();
        assertThat(incremental.complete()).isFalse();
        assertThat(incremental.changed()).extracting(Task::id).containsExactly(later.id());

        m.store.write(tx -> tx.delete(Table.TASKS, before.id()));
        settle(Duration.ofMillis(100));
        assertThat(listener.nextAssignments().removed()).containsExactly(before.id());
    }

    @Test
    void withoutAnAddressTheManagerRecordsWhereTheCallCameFrom() throws Exception {
        node.dispatcher.openSession(node.nodeId, description, null, listener);
        listener.nextAssignments();
        assertThat(m.node(node.nodeId).status().addr()).isEqualTo("127.0.0.1");
    }

    @Test
    void statusReportsAreWrittenInBatches() throws Exception {
        Task t = newTask(node.nodeId);
        m.store.write(tx -> tx.create(Table.TASKS, t));
        Dispatcher.Session s = node.dispatcher.openSession(node.nodeId, description, null, listener);
        listener.nextAssignments();

        node.dispatcher.updateTaskStatus(node.nodeId, s.sessionId(), List.of(
                new TaskStatusUpdate(t.id(), Task.TaskStatus.of(clock.instant(), TaskState.RUNNING, "started"))));
        settle(Duration.ofMillis(100));

        assertThat(task(t.id()).state()).isEqualTo(TaskState.RUNNING);
        assertThat(task(t.id()).status().message()).isEqualTo("started");
    }

    @Test
    void heartbeatsKeepTheNodeReadyAndSilenceMakesItDown() throws Exception {
        Dispatcher.Session s = node.dispatcher.openSession(node.nodeId, description, null, listener);
        listener.nextAssignments();

        for (int i = 0; i < 5; i++) {
            settle(HEARTBEAT);
            assertThat(node.dispatcher.heartbeat(node.nodeId, s.sessionId())).isEqualTo(HEARTBEAT.toNanos());
        }
        assertThat(m.node(node.nodeId).status().state()).isEqualTo(NodeState.READY);

        settle(HEARTBEAT.multipliedBy(3));

        assertThat(m.node(node.nodeId).status().state()).isEqualTo(NodeState.DOWN);
        assertThat(listener.nextClose()).isEqualTo("heartbeat failure");
        assertThatThrownBy(() -> node.dispatcher.heartbeat(node.nodeId, s.sessionId()))
                .isInstanceOf(ShoalException.Unavailable.class)
                .hasMessage("session invalid");
    }

    @Test
    void closingASessionEndsItQuietly() throws Exception {
        Dispatcher.Session s = node.dispatcher.openSession(node.nodeId, description, null, listener);
        listener.nextAssignments();

        node.dispatcher.closeSession(node.nodeId, s.sessionId());

        assertThatThrownBy(() -> node.dispatcher.heartbeat(node.nodeId, s.sessionId()))
                .isInstanceOf(ShoalException.Unavailable.class)
                .hasMessage("session invalid");
        assertThat(listener.hasClosed()).isFalse();
        // The node keeps its deadline: without a new session it goes down.
        settle(HEARTBEAT.multipliedBy(3));
        assertThat(m.node(node.nodeId).status().state()).isEqualTo(NodeState.DOWN);
    }

    @Test
    void aNewSessionReplacesTheOldOne() throws Exception {
        Dispatcher.Session first = node.dispatcher.openSession(node.nodeId, description, null, listener);
        listener.nextAssignments();
        RecordingListener second = new RecordingListener();

        Dispatcher.Session s2 = node.dispatcher.openSession(node.nodeId, description, null, second);

        assertThat(second.nextAssignments().complete()).isTrue();
        assertThat(s2.sessionId()).isNotEqualTo(first.sessionId());
        assertThatThrownBy(() -> node.dispatcher.heartbeat(node.nodeId, first.sessionId()))
                .isInstanceOf(ShoalException.Unavailable.class);
        assertThat(node.dispatcher.heartbeat(node.nodeId, s2.sessionId())).isPositive();
    }

    @Test
    void theSessionEndsWhenTheManagerStops() throws Exception {
        node.dispatcher.openSession(node.nodeId, description, null, listener);
        listener.nextAssignments();

        m.server.stop();

        assertThat(listener.nextClose()).contains("the manager is shutting down");
        assertThatThrownBy(() -> node.dispatcher.openSession(node.nodeId, description, null, new RecordingListener()))
                .isInstanceOf(ShoalException.Unavailable.class);
    }

    @Test
    void aNodeCannotSpeakForAnother() {
        assertThatThrownBy(() -> node.dispatcher.openSession("someoneelse", description, null, listener))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theManagerListComesWithTheSession() throws Exception {
        node.dispatcher.openSession(node.nodeId, description, null, listener);
        listener.nextAssignments();
        assertThat(node.connection.managers()).containsExactly(m.addr());
    }

    @Test
    void aManagerThatJoinsLaterIsAnnouncedToOpenSessions() throws Exception {
        node.dispatcher.openSession(node.nodeId, description, null, listener);
        listener.nextAssignments();
        String joined = "127.0.0.9:2377";
        m.store.write(tx -> tx.update(Table.NODES, tx.get(Table.NODES, node.nodeId).orElseThrow()
                .withManagerStatus(new Node.ManagerStatus(false, Reachability.REACHABLE, joined))));

        clock.advance(ClusterRpcServer.MANAGER_ANNOUNCE_PERIOD);
        // delivered over the session stream, on gRPC's threads
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(node.connection.managers()).containsExactlyInAnyOrder(m.addr(), joined));
    }
}
