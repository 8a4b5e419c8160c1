package io.shoal.manager.controlapi;

import static io.shoal.manager.controlapi.Specs.node;
import static io.shoal.manager.controlapi.Specs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Cluster;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.Reachability;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeApiTest {
    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);
    private final NodeApi api = new NodeApi(store, clock);

    private Node add(Node n) {
        store.write(tx -> tx.create(Table.NODES, n));
        return read(n.id());
    }

    private Node read(String id) {
        return store.view(tx -> tx.get(Table.NODES, id)).orElseThrow();
    }

    private static Node.NodeSpec spec(NodeRole role, NodeAvailability availability) {
        return new Node.NodeSpec(null, Map.of("zone", "a"), role, availability);
    }

    @Test
    void updateReplacesTheSpecAtTheVersionRead() {
        Node n = add(node("w1", "worker-1", NodeRole.WORKER, NodeState.READY));
        Node updated = api.update("worker-1", n.version().index(), spec(NodeRole.WORKER, NodeAvailability.DRAIN));
        assertThat(updated.spec()).isEqualTo(spec(NodeRole.WORKER, NodeAvailability.DRAIN));
        assertThat(updated.version().index()).isGreaterThan(n.version().index());

        long before = store.index();
        assertThatThrownBy(() -> api.update("w1", n.version().index(), spec(NodeRole.WORKER, NodeAvailability.ACTIVE)))
                .isInstanceOf(ShoalException.SequenceConflict.class).hasMessage("update out of sequence");
        assertThat(store.index()).isEqualTo(before);
    }

    @Test
    void aSpecWithoutRoleOrAvailabilityIsInvalid() {
        Node n = add(node("w1", "worker-1", NodeRole.WORKER, NodeState.READY));
        assertThatThrownBy(() -> api.update("w1", n.version().index(), new Node.NodeSpec(null, null, null, NodeAvailability.ACTIVE)))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("invalid Role: \"\"");
        assertThatThrownBy(() -> api.update("w1", n.version().index(), new Node.NodeSpec(null, null, NodeRole.WORKER, null)))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("invalid Availability: \"\"");
        Node labelled = api.update("w1", n.version().index(), new Node.NodeSpec(null, null, NodeRole.WORKER, NodeAvailability.PAUSE));
        assertThat(labelled.spec().labels()).isEmpty();
    }

    @Test
    void theLastManagerCannotBeDemoted() {
        Node m = add(node("m1", "manager-1", NodeRole.MANAGER, NodeState.READY));
        add(node("w1", "worker-1", NodeRole.WORKER, NodeState.READY));
        long before = store.index();
        assertThatThrownBy(() -> api.update("m1", m.version().index(), spec(NodeRole.WORKER, NodeAvailability.ACTIVE)))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("attempting to demote the last manager of the swarm");
        assertThat(store.index()).isEqualTo(before);
        assertThat(read("m1").spec().role()).isEqualTo(NodeRole.MANAGER);
    }

    @Test
    void demotionMustKeepAQuorumOfReachableManagers() {
        add(node("m1", "manager-1", NodeRole.MANAGER, NodeState.READY));
        Node m2 = add(node("m2", "manager-2", NodeRole.MANAGER, NodeState.READY));
        Node m3 = add(node("m3", "manager-3", NodeRole.MANAGER, NodeState.DOWN)
                .withManagerStatus(new Node.ManagerStatus(false, Reachability.UNREACHABLE, "10.0.0.3:2377")));

        assertThatThrownBy(() -> api.update("m2", m2.version().index(), spec(NodeRole.WORKER, NodeAvailability.ACTIVE)))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("can't remove member from the raft: this would result in a loss of quorum");
        // removing the unreachable one leaves two reachable of two
        Node demoted = api.update("m3", m3.version().index(), spec(NodeRole.WORKER, NodeAvailability.ACTIVE));
        assertThat(demoted.spec().role()).isEqualTo(NodeRole.WORKER);
    }

    @Test
    void aManagerTheRaftGroupDoesNotKnowCannotBeDemoted() {
        add(node("m1", "manager-1", NodeRole.MANAGER, NodeState.READY));
        Node m2 = add(node("m2", "manager-2", NodeRole.MANAGER, NodeState.READY));
        NodeApi withRaft = new NodeApi(store, clock, new RaftMembership() {
            @Override
            public boolean isMember(ReadTx tx, String nodeId) {
                return nodeId.equals("m1");
            }

            @Override
            public boolean canRemove(ReadTx tx, String nodeId) {
                return true;
            }
        });
        assertThatThrownBy(() -> withRaft.update("m2", m2.version().index(), spec(NodeRole.WORKER, NodeAvailability.ACTIVE)))
                .isInstanceOf(ShoalException.NotFound.class).hasMessage("can't find manager in raft memberlist");
    }

    @Test
    void aReadyNodeIsRemovedOnlyWithForceAndItsUnfinishedTasksAreOrphaned() {
        add(node("m1", "manager-1", NodeRole.MANAGER, NodeState.READY));
        add(node("w1", "worker-1", NodeRole.WORKER, NodeState.READY));
        Task running = task("svc", 1, "w1", TaskState.RUNNING);
        Task done = task("svc", 2, "w1", TaskState.COMPLETE);
        Task elsewhere = task("svc", 3, "m1", TaskState.RUNNING);
        store.write(tx -> {
            tx.create(Table.TASKS, running);
            tx.create(Table.TASKS, done);
            tx.create(Table.TASKS, elsewhere);
        });
        long before = store.index();

        assertThatThrownBy(() -> api.remove("worker-1", false))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("node w1 is not down and can't be removed");
        assertThat(store.index()).isEqualTo(before);

        clock.advance(Duration.ofSeconds(1));
        api.remove("worker-1", true);

        assertThat(store.<Optional<Node>>view(tx -> tx.get(Table.NODES, "w1"))).isEmpty();
        Task orphaned = store.view(tx -> tx.get(Table.TASKS, running.id())).orElseThrow();
        assertThat(orphaned.status()).isEqualTo(Task.TaskStatus.of(clock.instant(), TaskState.ORPHANED,
                "Task belonged to a node that has been deleted"));
        assertThat(store.view(tx -> tx.get(Table.TASKS, done.id())).orElseThrow().state()).isEqualTo(TaskState.COMPLETE);
        assertThat(store.view(tx -> tx.get(Table.TASKS, elsewhere.id())).orElseThrow().state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void aRemovedNodesCertificatesAreBlacklistedUntilTheyCannotBeValidAnyMore() {
        Cluster.SwarmSpec spec = Cluster.SwarmSpec.defaults();
        store.write(tx -> tx.create(Table.CLUSTERS, new Cluster("c1", Version.ZERO, null, null, spec, null, false,
                null, null, null, null, null)));
        add(node("w1", "worker-1", NodeRole.WORKER, NodeState.DOWN));
        add(node("w2", "worker-2", NodeRole.WORKER, NodeState.DOWN));

        api.remove("w1", false);
        Instant removedAt = clock.instant();
        Cluster c = store.view(tx -> tx.cluster()).orElseThrow();
        assertThat(c.isBlacklisted("w1")).isTrue();
        assertThat(c.isBlacklisted("w2")).isFalse();
        Instant expiry = removedAt.plus(Duration.ofDays(90)).plus(Duration.ofDays(7));
        assertThat(c.blacklistedCertificates()).containsExactly(
                Map.entry("w1", new Cluster.BlacklistedCertificate(expiry)));
        assertThat(c.forApi().blacklistedCertificates()).isNull();

        // an entry past its expiry is dropped when the next node is removed
        clock.advance(Duration.ofDays(98));
        api.remove("w2", false);
        assertThat(store.view(tx -> tx.cluster()).orElseThrow().blacklistedCertificates()).containsOnlyKeys("w2");
    }

    @Test
    void aDownNodeIsRemovedWithoutForce() {
        add(node("w1", "worker-1", NodeRole.WORKER, NodeState.DOWN));
        api.remove("w1", false);
        assertThat(store.<Optional<Node>>view(tx -> tx.get(Table.NODES, "w1"))).isEmpty();
        assertThatThrownBy(() -> api.remove("w1", true)).isInstanceOf(ShoalException.NotFound.class)
                .hasMessage("node w1 not found");
    }

    @Test
    void aManagerStillInTheRaftGroupIsNeverRemoved() {
        add(node("m1", "manager-1", NodeRole.MANAGER, NodeState.READY));
        add(node("m2", "manager-2", NodeRole.MANAGER, NodeState.DOWN));
        long before = store.index();
        assertThatThrownBy(() -> api.remove("m2", true))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("node m2 is a cluster manager and is a member of the raft cluster. "
                        + "It must be demoted to worker before removal");
        assertThat(store.index()).isEqualTo(before);
    }
}
