package io.shoal.daemon.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.Executors;
import io.shoal.api.Cluster;
import io.shoal.api.LocalNodeState;
import io.shoal.api.Node;
import io.shoal.api.NodeState;
import io.shoal.api.ShoalException;
import io.shoal.api.time.SystemClock;
import io.shoal.daemon.api.LocalNode;
import io.shoal.daemon.api.SwarmErrors;
import io.shoal.daemon.config.HostPort;
import io.shoal.manager.ca.InitRequest;
import io.shoal.store.Table;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's membership in process: real Raft on loopback, the sim executor, no API server. */
class SwarmNodeIT {
    @TempDir
    Path dataDir;
    private SystemClock clock;
    private Executor executor;
    private SwarmNode.Settings settings;
    private SwarmNode node;

    @BeforeEach
    void setUp() throws Exception {
        clock = new SystemClock();
        executor = Executors.create("sim", null, dataDir.resolve("executor"), "it-node", clock);
        int listen;
        int raft;
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listen = a.getLocalPort();
            raft = b.getLocalPort();
        }
        settings = new SwarmNode.Settings(dataDir, new HostPort("127.0.0.1", listen), Optional.empty(),
                new HostPort("127.0.0.1", raft), "it-node");
        node = new SwarmNode(settings, clock, executor);
        node.start();
    }

    @AfterEach
    void tearDown() {
        node.close();
        executor.close();
        clock.close();
    }

    @Test
    void initLeaveAndTheStatesBetween() {
        assertThat(node.local()).isEqualTo(LocalNode.INACTIVE);
        assertThatThrownBy(node::manager).isInstanceOf(ShoalException.Unavailable.class)
                .hasMessage(SwarmErrors.NOT_A_MANAGER);

        String id = node.init(InitRequest.defaults());
        LocalNode local = node.local();
        assertThat(local.state()).isEqualTo(LocalNodeState.ACTIVE);
        assertThat(local.nodeId()).isEqualTo(id);
        assertThat(local.nodeAddr()).isEqualTo("127.0.0.1");
        assertThat(local.controlAvailable()).isTrue();
        assertThat(local.swarmHeader()).isEqualTo("active/manager");

        Cluster cluster = node.manager().store().<Optional<Cluster>>view(tx -> tx.cluster()).orElseThrow();
        assertThat(cluster.joinTokens().worker()).startsWith("SWMTKN-1-");
        Node self = node.manager().store().<Optional<Node>>view(tx -> tx.get(Table.NODES, id)).orElseThrow();
        assertThat(self.description().hostname()).isEqualTo("it-node");
        assertThat(self.status().state()).isEqualTo(NodeState.READY);
        assertThat(node.manager().control().isRunning()).isTrue();
        assertThat(settings.dataDir().resolve("swarm/state.json")).exists();
        assertThat(settings.dataDir().resolve("swarm/certificates/swarm-node.crt")).exists();
        assertThat(settings.dataDir().resolve("swarm/certificates/swarm-node.key")).exists();
        assertThat(settings.dataDir().resolve("swarm/certificates/swarm-root-ca.crt")).exists();

        assertThatThrownBy(() -> node.init(InitRequest.defaults())).isInstanceOf(ShoalException.Unavailable.class)
                .hasMessage(SwarmErrors.ALREADY_IN_SWARM);
        assertThatThrownBy(() -> node.leave(false)).isInstanceOf(ShoalException.Unavailable.class)
                .hasMessage(SwarmErrors.LAST_MANAGER_LEAVING);

        node.leave(true);
        assertThat(node.local()).isEqualTo(LocalNode.INACTIVE);
        assertThat(Files.exists(settings.dataDir().resolve("swarm"))).isFalse();
        assertThatThrownBy(() -> node.leave(true)).isInstanceOf(ShoalException.Unavailable.class)
                .hasMessage(SwarmErrors.NOT_IN_SWARM);
    }

    @Test
    void aRestartResumesTheSwarmFromDisk() {
        String id = node.init(InitRequest.defaults());
        String clusterId = node.manager().store().<Optional<Cluster>>view(tx -> tx.cluster()).orElseThrow().id();
        node.close();

        node = new SwarmNode(settings, clock, executor);
        // until the saved membership is resumed, the node says so and refuses to init over it
        assertThat(node.local()).isEqualTo(new LocalNode(LocalNodeState.PENDING, id, "", false, ""));
        assertThatThrownBy(() -> node.init(InitRequest.defaults())).isInstanceOf(ShoalException.Unavailable.class)
                .hasMessageContaining("being restored");
        assertThatThrownBy(node::manager).isInstanceOf(ShoalException.Unavailable.class)
                .hasMessageContaining("being restored");
        node.start();
        assertThat(node.local().state()).isEqualTo(LocalNodeState.ACTIVE);
        assertThat(node.local().nodeId()).isEqualTo(id);
        assertThat(node.manager().store().<Optional<Cluster>>view(tx -> tx.cluster()).orElseThrow().id())
                .isEqualTo(clusterId);
        await().atMost(Duration.ofSeconds(30)).until(() -> node.manager().control().isRunning());
    }

    @Test
    void aBadRequestLeavesNothingBehind() {
        InitRequest bad = new InitRequest(null, null, null, 80, false, null, false, null, null, null);
        assertThatThrownBy(() -> node.init(bad)).isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessageContaining("Datapath port");
        assertThat(node.local()).isEqualTo(LocalNode.INACTIVE);
        assertThat(Files.exists(settings.dataDir().resolve("swarm"))).isFalse();
    }

    @Test
    void joinNeedsAManagerAddressAndAValidToken() {
        assertThatThrownBy(() -> node.join(io.shoal.daemon.api.SwarmJoinRequest.EMPTY))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage(SwarmNode.NEEDS_REMOTE);
        assertThatThrownBy(() -> node.join(new io.shoal.daemon.api.SwarmJoinRequest(null, null, null,
                java.util.List.of("127.0.0.1:1"), "SWMTKN-1-bogus", null)))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessageContaining("invalid join token");
        assertThat(node.local()).isEqualTo(LocalNode.INACTIVE);
    }
}
