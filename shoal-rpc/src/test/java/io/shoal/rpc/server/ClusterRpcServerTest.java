package io.shoal.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.shoal.api.Cluster;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.ShoalException;
import io.shoal.api.time.FakeClock;
import io.shoal.manager.ca.JoinTokens;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.manager.ca.RootCa;
import io.shoal.rpc.RecordingListener;
import io.shoal.rpc.TestManager;
import io.shoal.rpc.TestNode;
import io.shoal.rpc.ca.NodeEnrollment;
import io.shoal.rpc.client.CertificateRenewer;
import io.shoal.rpc.client.JoinClient;
import io.shoal.rpc.client.Joined;
import io.shoal.rpc.client.ManagerConnection;
import io.shoal.rpc.proto.DispatcherGrpc;
import io.shoal.rpc.proto.HeartbeatRequest;
import io.shoal.rpc.proto.LeaderInfoRequest;
import io.shoal.rpc.proto.LeaderInfoResponse;
import io.shoal.rpc.proto.ManagerControlGrpc;
import io.shoal.rpc.proto.SessionRequest;
import io.shoal.rpc.tls.Pems;
import io.shoal.rpc.tls.TlsContexts;
import io.shoal.rpc.tls.TlsIdentity;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster port's security over real gRPC on 127.0.0.1: who may join, who may call what, and
 * the messages a refused node gets. Time is a fake clock (certificates are checked against it).
 */
class ClusterRpcServerTest {
    private final FakeClock clock = new FakeClock();
    private final TestManager m = TestManager.withDispatcher(clock, TestManager.spec(Duration.ofSeconds(5), Duration.ofHours(1)));
    private final List<AutoCloseable> toClose = new java.util.ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        m.close();
    }

    private TestNode join(String token) {
        TestNode n = TestNode.join(m, token);
        toClose.add(n);
        return n;
    }

    private TestNode nodeWith(TlsIdentity identity) {
        TestNode n = new TestNode(identity, List.of(m.addr()), clock);
        toClose.add(n);
        return n;
    }

    private ManagedChannel channel(SslContext tls) {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", m.server.port()).sslContext(tls).build();
        toClose.add(() -> ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return ch;
    }

    /** A client presenting {@code cert} that trusts any server: to see the server's own refusal. */
    private ManagedChannel presenting(NodeCertificate cert) throws Exception {
        SslContext tls = GrpcSslContexts.configure(io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forClient(),
                        SslProvider.JDK)
                .keyManager(Pems.privateKey(cert.keyPem()), cert.certificate())
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .protocols("TLSv1.3")
                .build();
        return channel(tls);
    }

    private Node.Description description(String host) {
        return new Node.Description(host, new Node.Platform("x86_64", "linux"), new Node.Resources(1_000_000_000L, 1L << 30),
                null, null);
    }

    private int nodeCount() {
        return m.store.view(tx -> tx.all(Table.NODES)).size();
    }

    @Test
    void aWorkerJoinsAndGetsACertificateCarryingItsIdentity() {
        Joined j = TestNode.joinOnce(m, m.workerToken());

        assertThat(j.role()).isEqualTo(NodeRole.WORKER);
        assertThat(j.clusterId()).isEqualTo(m.cluster().id());
        assertThat(j.rootCaPem()).isEqualTo(m.cluster().rootCa().caCert());
        assertThat(j.certificate().nodeId()).isEqualTo(j.nodeId());
        assertThat(j.certificate().keyPem()).isNotNull();
        assertThat(j.certificate().notAfter()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        Node stored = m.node(j.nodeId());
        assertThat(stored.spec().role()).isEqualTo(NodeRole.WORKER);
        assertThat(stored.spec().availability()).isEqualTo(NodeAvailability.ACTIVE);
        assertThat(stored.status().state()).isEqualTo(NodeState.UNKNOWN);
        assertThat(stored.status().message()).isEqualTo(NodeEnrollment.JOINING);
    }

    @Test
    void aManagerTokenGivesAManagerCertificateAndAvailabilityIsKept() {
        Joined j = new JoinClient(clock, Duration.ofSeconds(5), 1, Duration.ZERO)
                .join(m.managerToken(), List.of(m.addr()), "drain");

        assertThat(j.role()).isEqualTo(NodeRole.MANAGER);
        assertThat(m.node(j.nodeId()).spec().availability()).isEqualTo(NodeAvailability.DRAIN);
    }

    @Test
    void aMalformedTokenIsRefusedBeforeAnyCall() {
        int before = nodeCount();
        assertThatThrownBy(() -> TestNode.joinOnce(m, "SWMTKN-1-abc"))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("invalid join token");
        assertThat(nodeCount()).isEqualTo(before);
    }

    @Test
    void aTokenWithTheWrongSecretIsRefusedWithDockersMessage() {
        String wrong = JoinTokens.create(m.cluster().rootCa().caCert()); // right CA digest, unknown secret
        int before = nodeCount();

        assertThatThrownBy(() -> TestNode.joinOnce(m, wrong))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("A valid join token is necessary to join this cluster");
        assertThat(nodeCount()).isEqualTo(before);
    }

    @Test
    void aRotatedAwayTokenIsRefusedAndTheNewOneWorks() {
        String old = m.workerToken();
        m.store.write(tx -> {
            Cluster c = tx.cluster().orElseThrow();
            tx.update(Table.CLUSTERS, c.withJoinTokens(JoinTokens.rotate(c.joinTokens(), c.rootCa().caCert(), true, false)));
        });

        assertThatThrownBy(() -> TestNode.joinOnce(m, old))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("A valid join token is necessary to join this cluster");
        assertThat(TestNode.joinOnce(m, m.workerToken()).role()).isEqualTo(NodeRole.WORKER);
    }

    @Test
    void aTokenForAnotherCaIsRefusedBeforeTheCsrIsSent() {
        RootCa other = RootCa.generate(clock);
        String token = JoinTokens.create(other);
        int before = nodeCount();

        assertThatThrownBy(() -> TestNode.joinOnce(m, token))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("remote CA does not match fingerprint. Expected: " + other.digest());
        assertThat(nodeCount()).isEqualTo(before); // no IssueNodeCertificate reached the CA
    }

    @Test
    void dispatcherCallsWithoutAClientCertificateAreRefused() {
        ManagedChannel ch = channel(TlsContexts.clientTrusting(Pems.certificate(m.cluster().rootCa().caCert()), clock));

        assertThatThrownBy(() -> DispatcherGrpc.newBlockingStub(ch).heartbeat(
                HeartbeatRequest.newBuilder().setSessionId("x").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).isEqualTo(Authorizer.NO_CERTIFICATE);
                });
        assertThatThrownBy(() -> DispatcherGrpc.newBlockingStub(ch).session(SessionRequest.getDefaultInstance()).hasNext())
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> ManagerControlGrpc.newBlockingStub(ch).leaderInfo(LeaderInfoRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void aWorkerCertificateCannotCallManagerOnlyRpcs() {
        TestNode worker = join(m.workerToken());

        assertThatThrownBy(() -> ManagerControlGrpc.newBlockingStub(worker.connection.channel())
                .leaderInfo(LeaderInfoRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("unauthorized peer role: swarm-worker, expecting: [swarm-manager]");
                });
    }

    @Test
    void managersMayCallManagerOnlyRpcs() {
        try (ManagerConnection self = new ManagerConnection(List.of(m.addr()), m.identity, clock)) {
            LeaderInfoResponse r = ManagerControlGrpc.newBlockingStub(self.channel())
                    .leaderInfo(LeaderInfoRequest.getDefaultInstance());
            assertThat(r.getNodeId()).isEqualTo(m.boot.node().id());
            assertThat(r.getLeader()).isTrue();
            assertThat(r.getLeaderAddr()).isEqualTo(m.addr());
        }
        TestNode joinedManager = join(m.managerToken());
        assertThat(ManagerControlGrpc.newBlockingStub(joinedManager.connection.channel())
                .leaderInfo(LeaderInfoRequest.getDefaultInstance()).getNodeId()).isEqualTo(m.boot.node().id());
    }

    @Test
    void anExpiredCertificateIsRefused() {
        Joined j = TestNode.joinOnce(m, m.workerToken());
        Cluster c = m.cluster();
        // Issued five hours ago for one hour: expired by the clock's now.
        RootCa inThePast = RootCa.fromPem(c.rootCa().caCert(), c.rootCa().caKey(),
                () -> clock.instant().minus(Duration.ofHours(5)));
        NodeCertificate expired = inThePast.issueWithNewKey(j.nodeId(), NodeRole.WORKER, c.id(), Duration.ofHours(1));
        TestNode n = nodeWith(TlsIdentity.of(expired, c.rootCa().caCert()));

        assertThatThrownBy(() -> n.dispatcher.openSession(n.nodeId, description("w"), null, new RecordingListener()))
                .isInstanceOf(ShoalException.PermissionDenied.class)
                .hasMessageStartingWith("certificate has expired");
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        Joined j = TestNode.joinOnce(m, m.workerToken());
        RootCa other = RootCa.generate(clock);
        NodeCertificate foreign = other.issueWithNewKey(j.nodeId(), NodeRole.WORKER, m.cluster().id(), Duration.ofHours(1));
        ManagedChannel ch = presenting(foreign);

        assertThatThrownBy(() -> DispatcherGrpc.newBlockingStub(ch).heartbeat(HeartbeatRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("certificate signed by unknown authority");
                });
    }

    @Test
    void aCertificateOfAnotherClusterIsRefused() throws Exception {
        Joined j = TestNode.joinOnce(m, m.workerToken());
        Cluster c = m.cluster();
        NodeCertificate otherOrg = RootCa.fromCluster(c, clock)
                .issueWithNewKey(j.nodeId(), NodeRole.WORKER, "othercluster", Duration.ofHours(1));
        ManagedChannel ch = presenting(otherOrg);

        assertThatThrownBy(() -> DispatcherGrpc.newBlockingStub(ch).heartbeat(HeartbeatRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("remote certificate not part of organization: " + c.id());
                });
        // The node's own client would not even talk to a manager of another cluster.
        TestNode n = nodeWith(TlsIdentity.of(otherOrg, c.rootCa().caCert()));
        assertThatThrownBy(() -> n.dispatcher.openSession(n.nodeId, description("w"), null, new RecordingListener()))
                .isInstanceOf(ShoalException.Unavailable.class)
                .hasMessageContaining("manager certificate rejected: it belongs to cluster " + c.id());
    }

    @Test
    void aRemovedNodeLosesItsSessionAndCannotReconnectOrRenew() throws Exception {
        TestNode n = join(m.workerToken());
        RecordingListener listener = new RecordingListener();
        n.dispatcher.openSession(n.nodeId, description("w1"), null, listener);
        assertThat(listener.nextAssignments().complete()).isTrue();

        m.store.write(tx -> tx.delete(Table.NODES, n.nodeId));

        assertThat(listener.nextClose()).contains("node was removed from the swarm");
        assertThatThrownBy(() -> n.dispatcher.openSession(n.nodeId, description("w1"), null, new RecordingListener()))
                .isInstanceOf(ShoalException.PermissionDenied.class)
                .hasMessage("node " + n.nodeId + " was removed from the swarm");
        try (CertificateRenewer renewer = new CertificateRenewer(n.identity, n.connection, null, clock)) {
            assertThatThrownBy(renewer::renewNow)
                    .isInstanceOf(ShoalException.PermissionDenied.class)
                    .hasMessage("node " + n.nodeId + " was removed from the swarm");
        }
    }

    @Test
    void aBlacklistedCertificateIsRefusedEvenIfItsNodeWereBack() {
        TestNode n = join(m.workerToken());
        // the node object is still there (say, restored from an old snapshot): the blacklist decides
        m.store.write(tx -> tx.cluster().ifPresent(c -> tx.update(Table.CLUSTERS, c.withBlacklistedCertificates(
                java.util.Map.of(n.nodeId, new io.shoal.api.Cluster.BlacklistedCertificate(null))))));

        assertThatThrownBy(() -> n.dispatcher.openSession(n.nodeId, description("w1"), null, new RecordingListener()))
                .isInstanceOf(ShoalException.PermissionDenied.class)
                .hasMessage("node " + n.nodeId + " was removed from the swarm");
        try (CertificateRenewer renewer = new CertificateRenewer(n.identity, n.connection, null, clock)) {
            assertThatThrownBy(renewer::renewNow)
                    .isInstanceOf(ShoalException.PermissionDenied.class)
                    .hasMessage("node " + n.nodeId + " was removed from the swarm");
        }
    }

    @Test
    void renewalKeepsTheNodeIdAndTakesTheRoleFromTheStore() {
        TestNode n = join(m.workerToken());
        String before = n.identity.current().certificate().certPem();
        m.store.write(tx -> tx.get(Table.NODES, n.nodeId).ifPresent(node ->
                tx.update(Table.NODES, node.withSpec(node.spec().withRole(NodeRole.MANAGER)))));

        try (CertificateRenewer renewer = new CertificateRenewer(n.identity, n.connection, null, clock)) {
            TlsIdentity renewed = renewer.renewNow();
            assertThat(renewed.nodeId()).isEqualTo(n.nodeId);
            assertThat(renewed.role()).isEqualTo(NodeRole.MANAGER);
            assertThat(renewed.certificate().certPem()).isNotEqualTo(before);
        }
        // The promoted certificate opens manager-only calls (on a fresh connection).
        assertThat(ManagerControlGrpc.newBlockingStub(n.connection.channel())
                .leaderInfo(LeaderInfoRequest.getDefaultInstance()).getLeader()).isTrue();
    }

    @Test
    void aManagerThatDoesNotLeadSendsNodesElsewhere() {
        TestNode n = join(m.workerToken());
        m.leading.set(false);

        assertThatThrownBy(() -> n.dispatcher.openSession(n.nodeId, description("w"), null, new RecordingListener()))
                .isInstanceOf(ShoalException.Unavailable.class)
                .hasMessageContaining("not the swarm leader");
    }

    @Test
    void aCertificateAloneDoesNotMakeANewNode() {
        TestNode n = join(m.workerToken());
        int before = nodeCount();
        try (CertificateRenewer renewer = new CertificateRenewer(n.identity, n.connection, null, clock)) {
            renewer.renewNow();
        }
        assertThat(nodeCount()).isEqualTo(before);
    }
}
