package io.shoal.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Node;
import io.shoal.api.NodeState;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import io.shoal.api.TaskSpec;
import io.shoal.api.dispatch.AssignmentListener;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.time.FakeClock;
import io.shoal.manager.ca.ClusterBootstrap;
import io.shoal.manager.ca.InitRequest;
import io.shoal.manager.dispatcher.DispatcherConfig;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagerTest {
    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);
    private final Manager manager = new Manager(store, clock,
            new ManagerConfig(DispatcherConfig.defaults().withHeartbeatJitter(Duration.ZERO)));
    private final List<String> closed = new ArrayList<>();
    private final AssignmentListener agent = new AssignmentListener() {
        @Override
        public void onAssignments(Assignments assignments) {}

        @Override
        public synchronized void onSessionClosed(String reason) {
            closed.add(reason);
        }
    };

    @BeforeEach
    void initSwarm() {
        ClusterBootstrap.Bootstrap b = ClusterBootstrap.init(InitRequest.defaults(), "node1",
                new Node.Description("host1", null, null, null, null), "10.0.0.5", clock);
        store.write(tx -> {
            tx.create(Table.CLUSTERS, b.cluster());
            tx.create(Table.NODES, b.node());
        });
    }

    @AfterEach
    void stop() {
        manager.stop();
    }

    private Node node(String id) {
        return store.view(tx -> tx.get(Table.NODES, id)).orElseThrow();
    }

    @Test
    void theControlApiWorksOnAnyManagerButTheDispatcherOnlyOnTheLeader() {
        Service s = manager.services().create(new ServiceSpec("web", null,
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox:latest"), null, null, null, null, null, null, null),
                null, null, null, null));
        assertThat(s.spec().mode().replicated().replicas()).isEqualTo(1L);
        assertThat(manager.isRunning()).isFalse();
        assertThatThrownBy(() -> manager.dispatcher().openSession("node1", null, null, agent))
                .isInstanceOf(ShoalException.Unavailable.class).hasMessage("dispatcher is stopped");
    }

    @Test
    void startAndStopAreIdempotentAndALeaderCanLeadAgain() {
        manager.start();
        manager.start();
        assertThat(manager.isRunning()).isTrue();
        assertThat(node("node1").status().state()).isEqualTo(NodeState.UNKNOWN); // until its agent connects
        manager.dispatcher().openSession("node1", null, "10.0.0.5", agent);
        assertThat(node("node1").status().state()).isEqualTo(NodeState.READY);

        manager.stop();
        manager.stop();
        assertThat(manager.isRunning()).isFalse();
        assertThat(closed).containsExactly("dispatcher stopped");
        assertThat(node("node1").status().state()).isEqualTo(NodeState.DISCONNECTED);

        manager.start();
        manager.dispatcher().openSession("node1", null, "10.0.0.5", agent);
        assertThat(node("node1").status().state()).isEqualTo(NodeState.READY);
    }

    @Test
    void theApisShareTheManagersStore() {
        var cluster = store.view(tx -> tx.cluster()).orElseThrow();
        var updated = manager.cluster().update(cluster.version().index(), cluster.spec(), true, false);
        assertThat(updated.joinTokens().worker()).isNotEqualTo(cluster.joinTokens().worker());
        Node n = node("node1");
        Node drained = manager.nodes().update("host1", n.version().index(),
                n.spec().withAvailability(io.shoal.api.NodeAvailability.DRAIN));
        assertThat(drained.spec().availability()).isEqualTo(io.shoal.api.NodeAvailability.DRAIN);
    }
}
