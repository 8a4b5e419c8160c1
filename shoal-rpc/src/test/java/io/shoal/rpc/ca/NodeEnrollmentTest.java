package io.shoal.rpc.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Cluster;
import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.ShoalException;
import io.shoal.api.time.FakeClock;
import io.shoal.manager.ca.CertificateRequests;
import io.shoal.manager.ca.ClusterBootstrap;
import io.shoal.manager.ca.InitRequest;
import io.shoal.manager.ca.JoinTokens;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.manager.ca.RootCa;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.Table;
import java.security.KeyPair;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class NodeEnrollmentTest {
    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);
    private final ClusterBootstrap.Bootstrap boot = ClusterBootstrap.init(
            new InitRequest(null, null, null, null, false,
                    new Cluster.SwarmSpec(null, null, null, null, null,
                            new Cluster.CaConfig(Duration.ofHours(3).toNanos(), null, null, null, null), null, null),
                    false, null, null, null),
            Ids.newId(), null, "10.0.0.1", clock);
    private final Supplier<RootCa> rootCa = NodeEnrollment.rootCaOf(store, clock);
    private final NodeEnrollment enrollment = new NodeEnrollment(store, clock, rootCa);
    private final KeyPair keys = CertificateRequests.newKeyPair();

    NodeEnrollmentTest() {
        store.write(tx -> {
            tx.create(Table.CLUSTERS, boot.cluster());
            tx.create(Table.NODES, boot.node());
        });
    }

    private Cluster cluster() {
        return store.view(ReadTx::cluster).orElseThrow();
    }

    private Node node(String id) {
        return store.view(tx -> tx.get(Table.NODES, id)).orElse(null);
    }

    @Test
    void aWorkerTokenAdmitsAWorker() {
        NodeCertificate c = enrollment.join(cluster().joinTokens().worker(), CertificateRequests.csrPem(keys), null);

        assertThat(c.role()).isEqualTo(NodeRole.WORKER);
        assertThat(c.clusterId()).isEqualTo(cluster().id());
        assertThat(Ids.looksLikeId(c.nodeId())).isTrue();
        assertThat(c.certificate().getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(c.notAfter()).isEqualTo(clock.instant().plus(Duration.ofHours(3)));
        assertThat(rootCa.get().verify(c.certificate())).isTrue();
        Node n = node(c.nodeId());
        assertThat(n.spec().role()).isEqualTo(NodeRole.WORKER);
        assertThat(n.spec().availability()).isEqualTo(NodeAvailability.ACTIVE);
        assertThat(n.status()).isEqualTo(new Node.NodeStatus(NodeState.UNKNOWN, NodeEnrollment.JOINING, null));
        assertThat(n.description()).isNull();
    }

    @Test
    void aManagerTokenAdmitsAManagerWithTheRequestedAvailability() {
        NodeCertificate c = enrollment.join(cluster().joinTokens().manager(), CertificateRequests.csrPem(keys),
                NodeAvailability.PAUSE);

        assertThat(c.role()).isEqualTo(NodeRole.MANAGER);
        assertThat(node(c.nodeId()).spec().role()).isEqualTo(NodeRole.MANAGER);
        assertThat(node(c.nodeId()).spec().availability()).isEqualTo(NodeAvailability.PAUSE);
    }

    @Test
    void unknownOrEmptyTokensAreRefusedAndLeaveNoNode() {
        int before = store.view(tx -> tx.all(Table.NODES)).size();
        String csr = CertificateRequests.csrPem(keys);
        for (String token : new String[] {JoinTokens.create(cluster().rootCa().caCert()), "", "garbage"}) {
            assertThatThrownBy(() -> enrollment.join(token, csr, null))
                    .isInstanceOf(ShoalException.InvalidArgument.class)
                    .hasMessage("A valid join token is necessary to join this cluster");
        }
        assertThat(store.<java.util.List<Node>>view(tx -> tx.all(Table.NODES))).hasSize(before);
    }

    @Test
    void aRotatedTokenNoLongerWorks() {
        String old = cluster().joinTokens().worker();
        store.write(tx -> {
            Cluster c = tx.cluster().orElseThrow();
            tx.update(Table.CLUSTERS, c.withJoinTokens(JoinTokens.rotate(c.joinTokens(), c.rootCa().caCert(), true, false)));
        });

        assertThatThrownBy(() -> enrollment.join(old, CertificateRequests.csrPem(keys), null))
                .hasMessage("A valid join token is necessary to join this cluster");
    }

    @Test
    void aBadCsrIsInvalid() {
        assertThatThrownBy(() -> enrollment.join(cluster().joinTokens().worker(), "not a csr", null))
                .isInstanceOf(ShoalException.InvalidArgument.class);
    }

    @Test
    void renewalKeepsTheIdAndFollowsTheRoleInTheSpec() {
        NodeCertificate joined = enrollment.join(cluster().joinTokens().worker(), CertificateRequests.csrPem(keys), null);
        store.write(tx -> {
            Node n = tx.get(Table.NODES, joined.nodeId()).orElseThrow();
            tx.update(Table.NODES, n.withSpec(n.spec().withRole(NodeRole.MANAGER)));
        });
        clock.advance(Duration.ofHours(2));
        KeyPair next = CertificateRequests.newKeyPair();

        NodeCertificate renewed = enrollment.renew(joined.nodeId(), CertificateRequests.csrPem(next));

        assertThat(renewed.nodeId()).isEqualTo(joined.nodeId());
        assertThat(renewed.role()).isEqualTo(NodeRole.MANAGER);
        assertThat(renewed.certificate().getPublicKey()).isEqualTo(next.getPublic());
        assertThat(renewed.notAfter()).isEqualTo(clock.instant().plus(Duration.ofHours(3)));
    }

    @Test
    void aRemovedNodeCannotRenew() {
        NodeCertificate joined = enrollment.join(cluster().joinTokens().worker(), CertificateRequests.csrPem(keys), null);
        store.write(tx -> tx.delete(Table.NODES, joined.nodeId()));

        assertThatThrownBy(() -> enrollment.renew(joined.nodeId(), CertificateRequests.csrPem(keys)))
                .isInstanceOf(ShoalException.PermissionDenied.class)
                .hasMessage("node " + joined.nodeId() + " was removed from the swarm");
    }

    @Test
    void theRootCaIsParsedAgainOnlyWhenItChanges() {
        assertThat(rootCa.get()).isSameAs(rootCa.get());
        assertThat(enrollment.rootCaPem()).isEqualTo(cluster().rootCa().caCert());
    }

    @Test
    void withoutASwarmThereIsNothingToJoin() {
        MemoryStore empty = MemoryStore.local(clock);
        NodeEnrollment e = new NodeEnrollment(empty, clock, NodeEnrollment.rootCaOf(empty, clock));
        assertThatThrownBy(() -> e.join(cluster().joinTokens().worker(), CertificateRequests.csrPem(keys), null))
                .isInstanceOf(ShoalException.Unavailable.class);
    }
}
