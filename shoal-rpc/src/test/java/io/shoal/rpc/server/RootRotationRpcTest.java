package io.shoal.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.shoal.api.Cluster;
import io.shoal.api.NodeRole;
import io.shoal.api.time.FakeClock;
import io.shoal.manager.ca.JoinTokens;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.manager.ca.RootCa;
import io.shoal.manager.ca.RootRotations;
import io.shoal.rpc.TestManager;
import io.shoal.rpc.TestNode;
import io.shoal.rpc.client.CertificateRenewer;
import io.shoal.rpc.proto.CAGrpc;
import io.shoal.rpc.proto.TrustStatusRequest;
import io.shoal.rpc.proto.TrustStatusResponse;
import io.shoal.rpc.tls.PeerCertificates;
import io.shoal.rpc.tls.Pems;
import io.shoal.rpc.tls.TlsIdentity;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A root CA rotation as the cluster port lives it, over real gRPC with mutual TLS: both roots are
 * trusted while it runs, certificates come from the new key with the cross-signed intermediate (and
 * nodes that trust only the old root accept them), and once it is over only the new root counts.
 */
class RootRotationRpcTest {
    private final FakeClock clock = new FakeClock();
    private final TestManager m = TestManager.withDispatcher(clock, TestManager.spec(Duration.ofSeconds(5), Duration.ofHours(1)));
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        m.close();
    }

    private TestNode node(TlsIdentity id) {
        TestNode n = new TestNode(id, List.of(m.addr()), clock);
        toClose.add(n);
        return n;
    }

    private static TrustStatusResponse trustStatus(TestNode n) {
        return CAGrpc.newBlockingStub(n.connection.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .trustStatus(TrustStatusRequest.getDefaultInstance());
    }

    private void startRotation() {
        m.store.write(tx -> {
            Cluster c = tx.cluster().orElseThrow();
            Cluster.RootCa ca = RootRotations.apply(c.rootCa(), new Cluster.CaConfig(null, null, null, null, 1L), clock);
            tx.update(Table.CLUSTERS, c.withRootCa(ca, c.tlsInfo()));
        });
    }

    private static String b64(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }

    @Test
    void bothRootsAreTrustedDuringARotationAndOnlyTheNewOneAfterIt() {
        TestNode w = node(TestNode.joinOnce(m, m.workerToken()).identity());
        TlsIdentity before = w.identity.current();
        String oldRoot = m.cluster().rootCa().caCert();
        assertThat(trustStatus(w).getRotationInProgress()).isFalse();

        startRotation();
        Cluster.RootRotation r = m.cluster().rootCa().rootRotation();
        TrustStatusResponse during = trustStatus(w);
        assertThat(during.getRotationInProgress()).isTrue();
        assertThat(during.getTrustRootPem()).as("nodes keep trusting the old root meanwhile").isEqualTo(oldRoot);
        RootCa newRoot = RootCa.fromPem(r.caCert(), null, clock);
        assertThat(during.getIssuerPublicKey()).isEqualTo(b64(newRoot.certificate().getPublicKey().getEncoded()));
        // the CA still hands out the old root to joining nodes: the join tokens name it
        assertThat(m.enrollment.rootCaPem()).isEqualTo(oldRoot);

        // renewal: the new key signs, the cross-signed intermediate comes along, the old root trusts it
        CertificateRenewer renewer = new CertificateRenewer(w.identity, w.connection, null, clock);
        toClose.add(renewer);
        TlsIdentity renewed = renewer.renewNow();
        assertThat(renewed.chain()).hasSize(2);
        assertThat(renewed.rootCaPem()).isEqualTo(oldRoot);
        assertThat(renewed.issuer().getPublicKey()).isEqualTo(newRoot.certificate().getPublicKey());
        assertThat(trustStatus(w).getRotationInProgress()).isTrue();
        // a certificate of the old root alone is still good during the rotation
        assertThat(trustStatus(node(before)).getRotationInProgress()).isTrue();

        // the rotation completes: only the new root is trusted
        m.store.write(tx -> tx.update(Table.CLUSTERS, RootRotations.finish(tx.cluster().orElseThrow(), clock)));
        assertThatThrownBy(() -> trustStatus(node(before)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains(PeerCertificates.UNKNOWN_AUTHORITY);
                });
        TrustStatusResponse after = trustStatus(node(renewed));
        assertThat(after.getRotationInProgress()).isFalse();
        assertThat(after.getTrustRootPem()).isEqualTo(r.caCert());

        // the manager moves to a certificate straight from the new root: a node that still trusts
        // only the old root reaches it through the intermediate it holds itself
        NodeCertificate managerCert = RootCa.fromCluster(m.cluster(), clock)
                .issueWithNewKey(m.boot.node().id(), NodeRole.MANAGER, m.cluster().id(), Duration.ofHours(1));
        m.identity.update(TlsIdentity.of(managerCert, r.caCert()));
        assertThat(trustStatus(node(renewed)).getTrustRootPem()).isEqualTo(r.caCert());

        // the node then trusts the new root and renews without the intermediate
        TlsIdentity trusting = renewer.trust(after.getTrustRootPem());
        assertThat(trusting.roots()).containsExactly(Pems.certificate(r.caCert()));
        assertThat(renewer.renewNow().chain()).hasSize(1);
        assertThat(trustStatus(w).getRotationInProgress()).isFalse();

        // joining takes the new token (the root's digest changed) and trusts the new root
        assertThat(JoinTokens.verifyCaDigest(m.workerToken(), r.caCert())).isTrue();
        TestNode late = node(TestNode.joinOnce(m, m.workerToken()).identity());
        assertThat(late.identity.current().rootCaPem()).isEqualTo(r.caCert());
        assertThat(trustStatus(late).getRotationInProgress()).isFalse();
    }

    @Test
    void aChainThroughSomethingThatIsNotTheCrossSignedRootIsRefused() {
        RootCa old = RootCa.fromCluster(m.cluster(), clock);
        RootCa stranger = RootCa.generate(clock);
        NodeCertificate leaf = stranger.issueWithNewKey("n1", NodeRole.WORKER, "c1", Duration.ofHours(1));
        // a certificate the old root issued is no CA: it cannot vouch for the stranger's leaf
        NodeCertificate notACa = old.issueWithNewKey("n2", NodeRole.WORKER, "c1", Duration.ofHours(1));
        assertThat(PeerCertificates.problem(List.of(leaf.certificate(), notACa.certificate()),
                List.of(old.certificate()), clock.instant())).contains(PeerCertificates.UNKNOWN_AUTHORITY);
        assertThat(PeerCertificates.problem(List.of(leaf.certificate()), List.of(old.certificate()), clock.instant()))
                .contains(PeerCertificates.UNKNOWN_AUTHORITY);
        assertThat(PeerCertificates.problem(List.of(leaf.certificate()),
                List.of(old.certificate(), stranger.certificate()), clock.instant())).isEmpty();
    }
}
