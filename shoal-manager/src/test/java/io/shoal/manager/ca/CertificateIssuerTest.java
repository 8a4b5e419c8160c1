package io.shoal.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Cluster;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {
    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);
    private final CertificateIssuer issuer = new CertificateIssuer(store, clock);
    private final KeyPair keys = CertificateRequests.newKeyPair();
    private Cluster cluster;

    @BeforeEach
    void initSwarm() {
        ClusterBootstrap.Bootstrap b = ClusterBootstrap.init(InitRequest.defaults(), "m1", null, "10.0.0.5", clock);
        store.write(tx -> {
            tx.create(Table.CLUSTERS, b.cluster());
            tx.create(Table.NODES, b.node());
        });
        cluster = b.cluster();
    }

    @Test
    void aWorkerTokenAdmitsANewWorkerNode() {
        String caPem = issuer.rootCaPem();
        assertThat(JoinTokens.verifyCaDigest(cluster.joinTokens().worker(), caPem)).isTrue();

        NodeCertificate cert = issuer.join(cluster.joinTokens().worker(), CertificateRequests.csrPem(keys), null);

        assertThat(cert.role()).isEqualTo(NodeRole.WORKER);
        assertThat(cert.clusterId()).isEqualTo(cluster.id());
        assertThat(cert.keyPem()).isNull();
        assertThat(cert.certificate().getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(cert.notAfter()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        assertThat(RootCa.fromPem(caPem, null, clock).verify(cert.certificate())).isTrue();
        Node n = store.view(tx -> tx.get(Table.NODES, cert.nodeId())).orElseThrow();
        assertThat(n.spec()).isEqualTo(new Node.NodeSpec(null, java.util.Map.of(), NodeRole.WORKER, NodeAvailability.ACTIVE));
    }

    @Test
    void aManagerTokenAdmitsAManagerWithTheRequestedAvailability() {
        NodeCertificate cert = issuer.join(cluster.joinTokens().manager(), CertificateRequests.csrPem(keys),
                NodeAvailability.DRAIN);
        assertThat(cert.role()).isEqualTo(NodeRole.MANAGER);
        Node n = store.view(tx -> tx.get(Table.NODES, cert.nodeId())).orElseThrow();
        assertThat(n.spec().role()).isEqualTo(NodeRole.MANAGER);
        assertThat(n.spec().availability()).isEqualTo(NodeAvailability.DRAIN);
    }

    @Test
    void aWrongOrMalformedTokenAdmitsNobody() {
        String csr = CertificateRequests.csrPem(keys);
        long before = store.index();
        assertThatThrownBy(() -> issuer.join(JoinTokens.create(issuer.rootCaPem()), csr, null))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("A valid join token is necessary to join this cluster");
        assertThatThrownBy(() -> issuer.join("SWMTKN-1-nope", csr, null))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("invalid join token");
        assertThat(store.index()).isEqualTo(before);
        assertThat(store.<List<Node>>view(tx -> tx.all(Table.NODES))).hasSize(1);
    }

    @Test
    void renewalFollowsTheRoleInTheNodesSpec() {
        NodeCertificate first = issuer.join(cluster.joinTokens().worker(), CertificateRequests.csrPem(keys), null);
        store.write(tx -> {
            Node n = tx.get(Table.NODES, first.nodeId()).orElseThrow();
            tx.update(Table.NODES, n.withSpec(n.spec().withRole(NodeRole.MANAGER)));
        });
        clock.advance(Duration.ofDays(50));

        NodeCertificate renewed = issuer.renew(first.nodeId(), CertificateRequests.csrPem(keys));

        assertThat(renewed.nodeId()).isEqualTo(first.nodeId());
        assertThat(renewed.role()).isEqualTo(NodeRole.MANAGER);
        assertThat(renewed.notAfter()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        assertThatThrownBy(() -> issuer.renew("gone", CertificateRequests.csrPem(keys)))
                .isInstanceOf(ShoalException.NotFound.class).hasMessage("node gone not found");
    }
}
