package io.shoal.rpc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import io.shoal.api.time.FakeClock;
import io.shoal.manager.ca.CertificateFiles;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.manager.ca.RootCa;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIdentityTest {
    private final FakeClock clock = new FakeClock();
    private final RootCa ca = RootCa.generate(clock);
    private final NodeCertificate cert = ca.issueWithNewKey("node1", NodeRole.WORKER, "cluster1", Duration.ofHours(1));

    @Test
    void carriesTheNodeIdentity() {
        TlsIdentity id = TlsIdentity.of(cert, ca.certPem());
        assertThat(id.nodeId()).isEqualTo("node1");
        assertThat(id.role()).isEqualTo(NodeRole.WORKER);
        assertThat(id.clusterId()).isEqualTo("cluster1");
        assertThat(id.root()).isEqualTo(ca.certificate());
        assertThat(NodeSubject.of(id.leaf())).isEqualTo(new NodeSubject("node1", "swarm-worker", "cluster1"));
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() {
        NodeCertificate other = ca.issueWithNewKey("node1", NodeRole.WORKER, "cluster1", Duration.ofHours(1));
        NodeCertificate mixed = new NodeCertificate(cert.certPem(), other.keyPem(), cert.nodeId(), cert.role(),
                cert.clusterId(), cert.notBefore(), cert.notAfter());
        assertThatThrownBy(() -> TlsIdentity.of(mixed, ca.certPem()))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessageContaining("does not match");
    }

    @Test
    void refusesACertificateOfAnotherRoot() {
        RootCa other = RootCa.generate(clock);
        assertThatThrownBy(() -> TlsIdentity.of(cert, other.certPem()))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessageContaining("not signed by the root CA");
    }

    @Test
    void refusesACertificateWithoutKey() {
        assertThatThrownBy(() -> TlsIdentity.of(cert.withoutKey(), ca.certPem()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsWhatCertificateFilesWrote(@TempDir Path dir) {
        assertThatThrownBy(() -> TlsIdentity.fromDirectory(dir)).isInstanceOf(ShoalException.NotFound.class);
        CertificateFiles.write(dir, cert, ca.certPem());
        TlsIdentity id = TlsIdentity.fromDirectory(dir);
        assertThat(id.leaf()).isEqualTo(cert.certificate());
        assertThat(id.rootCaPem()).isEqualTo(ca.certPem());
    }

    @Test
    void peerChecksFollowTheClock() {
        assertThat(PeerCertificates.problem(cert.certificate(), ca.certificate(), clock.instant())).isEmpty();
        assertThat(PeerCertificates.problem(cert.certificate(), RootCa.generate(clock).certificate(), clock.instant()))
                .contains(PeerCertificates.UNKNOWN_AUTHORITY);
        assertThat(PeerCertificates.problem(cert.certificate(), ca.certificate(), clock.instant().plus(Duration.ofHours(2))))
                .hasValueSatisfying(p -> assertThat(p).startsWith("certificate has expired"));
        assertThat(PeerCertificates.problem(cert.certificate(), ca.certificate(), clock.instant().minus(Duration.ofHours(2))))
                .hasValueSatisfying(p -> assertThat(p).startsWith("certificate is not yet valid"));
    }

    @Test
    void theKeyManagerServesTheCurrentIdentityAndStillResolvesThePrevious() {
        ReloadableIdentity reloadable = new ReloadableIdentity(TlsIdentity.of(cert, ca.certPem()));
        List<TlsIdentity> seen = new ArrayList<>();
        Runnable unsubscribe = reloadable.subscribe(seen::add);
        var km = (javax.net.ssl.X509ExtendedKeyManager) reloadable.keyManager();
        String before = km.chooseEngineServerAlias("EC", null, null);
        assertThat(km.chooseEngineServerAlias("RSA", null, null)).isNull();

        TlsIdentity next = TlsIdentity.of(ca.issueWithNewKey("node1", NodeRole.MANAGER, "cluster1", Duration.ofHours(1)),
                ca.certPem());
        reloadable.update(next);

        String after = km.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null);
        assertThat(after).isNotEqualTo(before);
        assertThat(km.getCertificateChain(after)).containsExactly(next.leaf());
        assertThat(km.getPrivateKey(after)).isEqualTo(next.privateKey());
        assertThat(km.getCertificateChain(before)).containsExactly(cert.certificate());
        assertThat(seen).containsExactly(next);
        unsubscribe.run();
        reloadable.update(TlsIdentity.of(cert, ca.certPem()));
        assertThat(seen).hasSize(1);
    }

    @Test
    void aRenewalMustKeepTheNodeId() {
        ReloadableIdentity reloadable = new ReloadableIdentity(TlsIdentity.of(cert, ca.certPem()));
        TlsIdentity someoneElse = TlsIdentity.of(ca.issueWithNewKey("node2", NodeRole.WORKER, "cluster1",
                Duration.ofHours(1)), ca.certPem());
        assertThatThrownBy(() -> reloadable.update(someoneElse)).isInstanceOf(IllegalArgumentException.class);
    }
}
