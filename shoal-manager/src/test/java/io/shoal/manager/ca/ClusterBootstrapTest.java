package io.shoal.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Cluster;
import io.shoal.api.Json;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.Reachability;
import io.shoal.api.ShoalException;
import io.shoal.api.time.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterBootstrapTest {
    private final FakeClock clock = new FakeClock();
    private final Node.Description host = new Node.Description("host1", new Node.Platform("x86_64", "linux"),
            new Node.Resources(2_000_000_000L, 1L << 30), null, null);

    /** What docker swarm init --advertise-addr 10.0.0.5 sends (observed). */
    private static final String CLI_BODY = "{\"ListenAddr\":\"0.0.0.0:2377\",\"AdvertiseAddr\":\"10.0.0.5\","
            + "\"DataPathAddr\":\"\",\"DataPathPort\":0,\"ForceNewCluster\":false,\"Spec\":{\"Labels\":null,"
            + "\"Orchestration\":{},\"Raft\":{\"ElectionTick\":0,\"HeartbeatTick\":0},\"Dispatcher\":{},\"CAConfig\":{},"
            + "\"TaskDefaults\":{},\"EncryptionConfig\":{\"AutoLockManagers\":false}},\"AutoLockManagers\":false,"
            + "\"Availability\":\"\",\"DefaultAddrPool\":[],\"SubnetSize\":24}";

    @Test
    void initFromTheClisRequestMakesADefaultClusterAndALeaderNode() {
        InitRequest req = Json.read(CLI_BODY, InitRequest.class);
        ClusterBootstrap.Bootstrap b = ClusterBootstrap.init(req, "node1", host, "10.0.0.5", clock);

        Cluster c = b.cluster();
        assertThat(c.id()).hasSize(25);
        assertThat(c.spec()).isEqualTo(new Cluster.SwarmSpec("default", Map.of(), new Cluster.Orchestration(5L),
                new Cluster.RaftConfig(10_000L, 0L, 500L, 10, 1), new Cluster.DispatcherConfig(5_000_000_000L),
                new Cluster.CaConfig(Duration.ofDays(90).toNanos(), null, null, null, 0L),
                new Cluster.EncryptionConfig(false), new Cluster.TaskDefaults(null)));
        assertThat(c.defaultAddrPool()).containsExactly("10.0.0.0/8");
        assertThat(c.subnetSize()).isEqualTo(24);
        assertThat(c.dataPathPort()).isEqualTo(4789);
        assertThat(c.rootRotationInProgress()).isFalse();
        assertThat(c.tlsInfo()).isEqualTo(b.rootCa().tlsInfo());
        assertThat(c.rootCa()).isEqualTo(b.rootCa().toApi());
        for (String token : List.of(c.joinTokens().worker(), c.joinTokens().manager())) {
            assertThat(JoinTokens.verifyCaDigest(token, c.rootCa().caCert())).isTrue();
        }
        assertThat(c.joinTokens().worker()).isNotEqualTo(c.joinTokens().manager());

        Node n = b.node();
        assertThat(n.id()).isEqualTo("node1");
        assertThat(n.spec()).isEqualTo(new Node.NodeSpec(null, Map.of(), NodeRole.MANAGER, NodeAvailability.ACTIVE));
        assertThat(n.status()).isEqualTo(new Node.NodeStatus(NodeState.READY, null, "10.0.0.5"));
        assertThat(n.managerStatus()).isEqualTo(new Node.ManagerStatus(true, Reachability.REACHABLE, "10.0.0.5:2377"));
        assertThat(n.description().hostname()).isEqualTo("host1");
        assertThat(n.description().tlsInfo()).isEqualTo(c.tlsInfo());

        NodeCertificate cert = b.certificate();
        assertThat(cert.nodeId()).isEqualTo("node1");
        assertThat(cert.role()).isEqualTo(NodeRole.MANAGER);
        assertThat(cert.clusterId()).isEqualTo(c.id());
        assertThat(cert.keyPem()).isNotNull();
        assertThat(cert.notAfter()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        assertThat(b.rootCa().verify(cert.certificate())).isTrue();
    }

    @Test
    void theRequestsSettingsWin() {
        Cluster.SwarmSpec spec = new Cluster.SwarmSpec(null, null, new Cluster.Orchestration(2L), null,
                new Cluster.DispatcherConfig(Duration.ofSeconds(11).toNanos()),
                new Cluster.CaConfig(Duration.ofHours(30).toNanos(), null, null, null, null), null, null);
        InitRequest req = new InitRequest("0.0.0.0:2377", "10.0.0.5:4000", null, 5000, false, spec, true, "drain",
                List.of("10.20.0.0/16"), 26);
        ClusterBootstrap.Bootstrap b = ClusterBootstrap.init(req, "node1", host, "10.0.0.5:4000", clock);

        assertThat(b.cluster().spec().dispatcher().heartbeatPeriod()).isEqualTo(Duration.ofSeconds(11).toNanos());
        assertThat(b.cluster().spec().orchestration().taskHistoryRetentionLimit()).isEqualTo(2L);
        assertThat(b.cluster().spec().encryptionConfig().autoLockManagers()).isTrue();
        assertThat(b.cluster().defaultAddrPool()).containsExactly("10.20.0.0/16");
        assertThat(b.cluster().subnetSize()).isEqualTo(26);
        assertThat(b.cluster().dataPathPort()).isEqualTo(5000);
        assertThat(b.node().spec().availability()).isEqualTo(NodeAvailability.DRAIN);
        assertThat(b.node().managerStatus().addr()).isEqualTo("10.0.0.5:4000");
        assertThat(b.certificate().notAfter()).isEqualTo(clock.instant().plus(Duration.ofHours(30)));
    }

    @Test
    void anIpv6AdvertiseAddressGetsBrackets() {
        ClusterBootstrap.Bootstrap b = ClusterBootstrap.init(null, "node1", null, "fd00::5", clock);
        assertThat(b.node().managerStatus().addr()).isEqualTo("[fd00::5]:2377");
        assertThat(b.node().status().addr()).isEqualTo("fd00::5");
    }

    @Test
    void badRequestsAreRefusedWithDockersMessages() {
        Cluster.SwarmSpec named = new Cluster.SwarmSpec("prod", null, null, null, null, null, null, null);
        assertInvalid(new InitRequest(null, null, null, null, null, named, null, null, null, null),
                "swarm spec must be named \"default\"");
        Cluster.SwarmSpec shortCerts = new Cluster.SwarmSpec(null, null, null, null, null,
                new Cluster.CaConfig(Duration.ofMinutes(30).toNanos(), null, null, null, null), null, null);
        assertInvalid(new InitRequest(null, null, null, null, null, shortCerts, null, null, null, null),
                "minimum certificate expiry time is: 1h0m0s");
        assertInvalid(new InitRequest(null, null, null, 80, null, null, null, null, null, null),
                "Datapath port number is not in valid range (1024-49151) : 80");
        assertInvalid(new InitRequest(null, null, null, null, null, null, null, null, null, 30),
                "subnet size is out of range: 30");
        assertInvalid(new InitRequest(null, null, null, null, null, null, null, null, List.of("10.0.0.0/25"), 24),
                "invalid CIDR: \"10.0.0.0/25\". Subnet size is too small for pool: 24");
        assertInvalid(new InitRequest(null, null, null, null, null, null, null, null, List.of("nonsense"), 24),
                "invalid CIDR address: nonsense");
        assertInvalid(new InitRequest(null, null, null, null, null, null, null, "sleepy", null, null),
                "invalid Availability: \"sleepy\"");
        assertThatThrownBy(() -> ClusterBootstrap.init(null, "n", null, "", clock))
                .isInstanceOf(ShoalException.InvalidArgument.class);
    }

    private void assertInvalid(InitRequest r, String message) {
        assertThatThrownBy(() -> ClusterBootstrap.init(r, "node1", host, "10.0.0.5", clock))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage(message);
    }
}
