package io.shoal.daemon.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Cluster;
import io.shoal.api.NodeRole;
import io.shoal.api.Version;
import io.shoal.api.time.FakeClock;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.manager.ca.RootCa;
import io.shoal.manager.ca.RootRotations;
import io.shoal.rpc.ca.TrustStatus;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.rpc.tls.TlsIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node following a root rotation, with the CA in process and a fake clock. */
class RootRotationFollowerTest {
    private final FakeClock clock = new FakeClock();
    private final RootCa root = RootCa.generate(clock);
    private Cluster cluster = new Cluster("c1", Version.ZERO, null, null, null, root.tlsInfo(), false, null, null,
            null, null, root.toApi());
    private final ReloadableIdentity identity = new ReloadableIdentity(TlsIdentity.of(
            root.issueWithNewKey("n1", NodeRole.WORKER, "c1", Duration.ofHours(1)), root.certPem()));
    private final List<String> described = new ArrayList<>();
    private int renewals;

    /** What the CA does on renewal: a certificate from the cluster's current signer. */
    private TlsIdentity renew() {
        renewals++;
        NodeCertificate c = RootCa.signerOf(cluster, clock).issueWithNewKey("n1", NodeRole.WORKER, "c1",
                Duration.ofHours(1));
        TlsIdentity next = TlsIdentity.of(c, identity.current().rootCaPem());
        identity.update(next);
        return next;
    }

    private TlsIdentity trust(String pem) {
        TlsIdentity next = TlsIdentity.of(identity.current().certificate(), pem);
        identity.update(next);
        return next;
    }

    private final RootRotationFollower follower = new RootRotationFollower(() -> TrustStatus.of(cluster, clock),
            identity, this::renew, this::trust, described::add, clock, Runnable::run);

    private void rotate() {
        cluster = cluster.withRootCa(RootRotations.apply(cluster.rootCa(),
                new Cluster.CaConfig(null, null, null, null, cluster.rootCa().forcedRotation() + 1), clock),
                cluster.tlsInfo());
    }

    @Test
    void aNodeRenewsFromTheNewKeyThenTrustsTheNewRootAndRenewsStraightFromIt() {
        follower.start();
        clock.advance(RootRotationFollower.CHECK_EVERY);
        assertThat(renewals).as("nothing to do without a rotation").isZero();
        assertThat(described).isEmpty();

        rotate();
        clock.advance(RootRotationFollower.CHECK_EVERY);
        assertThat(renewals).isEqualTo(1);
        TlsIdentity during = identity.current();
        assertThat(during.chain()).as("with the cross-signed intermediate").hasSize(2);
        assertThat(during.rootCaPem()).isEqualTo(root.certPem());
        assertThat(RootRotationFollower.issuedBy(during, TrustStatus.of(cluster, clock).issuer())).isTrue();
        assertThat(described).hasSize(1);
        clock.advance(RootRotationFollower.CHECK_EVERY.multipliedBy(3));
        assertThat(renewals).as("once is enough").isEqualTo(1);

        cluster = RootRotations.finish(cluster, clock);
        clock.advance(RootRotationFollower.CHECK_EVERY);
        TlsIdentity after = identity.current();
        assertThat(after.rootCaPem()).isEqualTo(cluster.rootCa().caCert());
        assertThat(after.chain()).as("straight from the new root").hasSize(1);
        assertThat(renewals).isEqualTo(2);
        assertThat(described).hasSize(2);
        assertThat(TlsDescribedExecutor.tlsInfo(after)).isEqualTo(new io.shoal.api.Node.TlsInfo(
                cluster.tlsInfo().trustRoot(), cluster.tlsInfo().certIssuerSubject(),
                cluster.tlsInfo().certIssuerPublicKey()));

        follower.stop();
        rotate();
        clock.advance(RootRotationFollower.CHECK_EVERY.multipliedBy(3));
        assertThat(renewals).as("stopped").isEqualTo(2);
    }

    @Test
    void aFailureIsRetriedAtTheNextCheck() {
        boolean[] down = {true};
        RootRotationFollower flaky = new RootRotationFollower(() -> {
            if (down[0]) {
                throw new io.shoal.api.ShoalException.Unavailable("no manager");
            }
            return TrustStatus.of(cluster, clock);
        }, identity, this::renew, this::trust, described::add, clock, Runnable::run);
        rotate();
        flaky.start();
        clock.advance(RootRotationFollower.CHECK_EVERY);
        assertThat(renewals).isZero();
        down[0] = false;
        clock.advance(RootRotationFollower.CHECK_EVERY);
        assertThat(renewals).isEqualTo(1);
        flaky.stop();
    }
}
