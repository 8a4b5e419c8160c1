package io.shoal.manager.controlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Cluster;
import io.shoal.api.Node;
import io.shoal.api.ShoalException;
import io.shoal.api.time.FakeClock;
import io.shoal.manager.ca.ClusterBootstrap;
import io.shoal.manager.ca.InitRequest;
import io.shoal.manager.ca.JoinTokens;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.manager.ca.RootCa;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterApiTest {
    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);
    private final ClusterApi api = new ClusterApi(store, clock);
    private Cluster cluster;

    @BeforeEach
    void initSwarm() {
        ClusterBootstrap.Bootstrap b = ClusterBootstrap.init(InitRequest.defaults(), "node1",
                new Node.Description("host1", null, null, null, null), "10.0.0.5", clock);
        store.write(tx -> {
            tx.create(Table.CLUSTERS, b.cluster());
            tx.create(Table.NODES, b.node());
        });
        cluster = store.view(tx -> tx.cluster()).orElseThrow();
    }

    private static Cluster.SwarmSpec withHeartbeat(Cluster.SwarmSpec s, long nanos) {
        return new Cluster.SwarmSpec(s.name(), s.labels(), s.orchestration(), s.raft(),
                new Cluster.DispatcherConfig(nanos), s.caConfig(), s.encryptionConfig(), s.taskDefaults());
    }

    private static Cluster.SwarmSpec withCertExpiry(Cluster.SwarmSpec s, long nanos) {
        return new Cluster.SwarmSpec(s.name(), s.labels(), s.orchestration(), s.raft(), s.dispatcher(),
                new Cluster.CaConfig(nanos, null, null, null, 0L), s.encryptionConfig(), s.taskDefaults());
    }

    @Test
    void updateReplacesTheSpecAndReturnsItWithoutTheCaKey() {
        Cluster updated = api.update(cluster.version().index(), withHeartbeat(cluster.spec(), Duration.ofSeconds(11).toNanos()),
                false, false);
        assertThat(updated.spec().dispatcher().heartbeatPeriod()).isEqualTo(Duration.ofSeconds(11).toNanos());
        assertThat(updated.rootCa()).isNull();
        assertThat(updated.joinTokens()).isEqualTo(cluster.joinTokens());
        assertThat(store.view(tx -> tx.cluster()).orElseThrow().rootCa()).isEqualTo(cluster.rootCa());
    }

    private static Cluster.SwarmSpec withCa(Cluster.SwarmSpec s, String signingCert, String signingKey, long forceRotate) {
        return new Cluster.SwarmSpec(s.name(), s.labels(), s.orchestration(), s.raft(), s.dispatcher(),
                new Cluster.CaConfig(s.caConfig().nodeCertExpiry(), null, signingCert, signingKey, forceRotate),
                s.encryptionConfig(), s.taskDefaults());
    }

    @Test
    void aHigherForceRotateStartsARootRotationCrossSignedByTheOldRoot() {
        Cluster updated = api.update(cluster.version().index(), withCa(cluster.spec(), null, null, 1L), false, false);
        assertThat(updated.rootRotationInProgress()).isTrue();
        assertThat(updated.rootCa()).as("GET /swarm shows no keys").isNull();
        assertThat(updated.tlsInfo()).as("the old root stays the cluster's until the rotation completes")
                .isEqualTo(cluster.tlsInfo());
        assertThat(updated.joinTokens()).isEqualTo(cluster.joinTokens());

        Cluster.RootCa ca = store.view(tx -> tx.cluster()).orElseThrow().rootCa();
        assertThat(ca.caCert()).isEqualTo(cluster.rootCa().caCert());
        assertThat(ca.lastForcedRotation()).isEqualTo(1L);
        Cluster.RootRotation r = ca.rootRotation();
        assertThat(r.caCert()).isNotEqualTo(ca.caCert());
        assertThat(r.caKey()).contains("PRIVATE KEY");
        RootCa oldRoot = RootCa.fromPem(ca.caCert(), null, clock);
        RootCa newRoot = RootCa.fromPem(r.caCert(), r.caKey(), clock);
        java.security.cert.X509Certificate cross = RootCa.fromPem(r.crossSignedCaCert(), null, clock).certificate();
        assertThat(oldRoot.verify(cross)).as("cross-signed by the old root").isTrue();
        assertThat(cross.getPublicKey()).isEqualTo(newRoot.certificate().getPublicKey());
        assertThat(cross.getBasicConstraints()).isGreaterThanOrEqualTo(0);

        // sending the same ForceRotate again (what `swarm update` sends back) changes nothing
        Cluster again = api.update(updated.version().index(), withCa(updated.spec(), null, null, 1L), false, false);
        assertThat(store.view(tx -> tx.cluster()).orElseThrow().rootCa()).isEqualTo(ca);
        assertThat(again.rootRotationInProgress()).isTrue();
    }

    @Test
    void aUsersRootCertificateAndKeyStartARotationAndAreNotKeptInTheSpec() {
        RootCa mine = RootCa.generate(clock);
        Cluster updated = api.update(cluster.version().index(),
                withCa(cluster.spec(), mine.certPem(), mine.keyPem(), 0L), false, false);
        assertThat(updated.rootRotationInProgress()).isTrue();
        assertThat(updated.spec().caConfig().signingCaCert()).isNull();
        assertThat(updated.spec().caConfig().signingCaKey()).isNull();
        Cluster.RootRotation r = store.view(tx -> tx.cluster()).orElseThrow().rootCa().rootRotation();
        assertThat(r.caCert()).isEqualTo(mine.certPem());
        assertThat(r.caKey()).isEqualTo(mine.keyPem());

        // the current root with its key again abandons the rotation
        Cluster back = api.update(updated.version().index(),
                withCa(updated.spec(), cluster.rootCa().caCert(), cluster.rootCa().caKey(), 0L), false, false);
        assertThat(back.rootRotationInProgress()).isFalse();
        assertThat(store.view(tx -> tx.cluster()).orElseThrow().rootCa().caCert()).isEqualTo(cluster.rootCa().caCert());
    }

    @Test
    void badSigningCertificatesAndKeysAreRefusedAndChangeNothing() {
        long before = store.index();
        RootCa mine = RootCa.generate(clock);
        RootCa other = RootCa.generate(clock);
        NodeCertificate leaf = mine.issueWithNewKey("n1", io.shoal.api.NodeRole.WORKER, cluster.id(), Duration.ofDays(1));
        record Bad(String cert, String key, String message) {}
        for (Bad bad : List.of(
                new Bad("-----BEGIN CERTIFICATE-----", mine.keyPem(), "invalid certificate"),
                new Bad(mine.certPem(), "not a key", "invalid private key"),
                new Bad(mine.certPem(), other.keyPem(), "certificate key mismatch"),
                new Bad(leaf.certPem(), leaf.keyPem(), "the desired CA certificate is not a CA certificate"),
                new Bad(mine.certPem() + other.certPem(), mine.keyPem(), "cannot contain multiple certificates"),
                new Bad(null, mine.keyPem(), "if a signing CA key is provided, the signing CA cert must also be provided"),
                new Bad(mine.certPem(), null, "there must be at least one valid, reachable external CA"))) {
            assertThatThrownBy(() -> api.update(cluster.version().index(), withCa(cluster.spec(), bad.cert(), bad.key(), 0L),
                    false, false))
                    .as(bad.message())
                    .isInstanceOf(ShoalException.InvalidArgument.class)
                    .hasMessageContaining(bad.message());
        }
        assertThat(store.index()).isEqualTo(before);
    }

    @Test
    void zeroOrUnsetFieldsTakeSwarmsDefaults() {
        Cluster updated = api.update(cluster.version().index(),
                new Cluster.SwarmSpec("default", null, null, null, new Cluster.DispatcherConfig(0L), null, null, null),
                false, false);
        assertThat(updated.spec()).isEqualTo(Cluster.SwarmSpec.defaults());
    }

    @Test
    void aManagerConfiguredForTestsAcceptsShorterCertificates() {
        ClusterApi lowered = new ClusterApi(store, clock, Duration.ofMinutes(2));
        long v = cluster.version().index();
        assertThatThrownBy(() -> lowered.update(v, withCertExpiry(cluster.spec(), Duration.ofMinutes(1).toNanos()),
                false, false)).isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("minimum certificate expiry time is: 2m0s");
        Cluster updated = lowered.update(v, withCertExpiry(cluster.spec(), Duration.ofMinutes(3).toNanos()), false, false);
        assertThat(updated.spec().caConfig().nodeCertExpiry()).isEqualTo(Duration.ofMinutes(3).toNanos());
        assertThat(ClusterApi.goDuration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(ClusterApi.goDuration(Duration.ofHours(2160))).isEqualTo("2160h0m0s");
    }

    @Test
    void invalidSpecsAreRefusedAndChangeNothing() {
        long before = store.index();
        long v = cluster.version().index();
        assertThatThrownBy(() -> api.update(v, withCertExpiry(cluster.spec(), Duration.ofMinutes(30).toNanos()), false, false))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("minimum certificate expiry time is: 1h0m0s");
        assertThatThrownBy(() -> api.update(v, withHeartbeat(cluster.spec(), -1), false, false))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("heartbeat time period cannot be a negative duration");
        Cluster.SwarmSpec renamed = new Cluster.SwarmSpec("other", null, null, null, null, null, null, null);
        assertThatThrownBy(() -> api.update(v, renamed, false, false))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("modification of cluster name is not allowed");
        assertThatThrownBy(() -> api.update(v, null, false, false)).isInstanceOf(ShoalException.InvalidArgument.class);
        assertThatThrownBy(() -> api.update(v - 1, cluster.spec(), true, true))
                .isInstanceOf(ShoalException.SequenceConflict.class).hasMessage("update out of sequence");
        assertThat(store.index()).isEqualTo(before);
    }

    @Test
    void rotatingATokenMakesANewSecretAndKeepsTheDigest() {
        Cluster updated = api.update(cluster.version().index(), cluster.spec(), true, false);
        assertThat(updated.joinTokens().manager()).isEqualTo(cluster.joinTokens().manager());
        assertThat(updated.joinTokens().worker()).isNotEqualTo(cluster.joinTokens().worker());
        JoinTokens.ParsedToken before = JoinTokens.parse(cluster.joinTokens().worker());
        JoinTokens.ParsedToken after = JoinTokens.parse(updated.joinTokens().worker());
        assertThat(after.rootCaDigest()).isEqualTo(before.rootCaDigest());
        assertThat(after.secret()).isNotEqualTo(before.secret());
        assertThat(JoinTokens.verifyCaDigest(after, cluster.rootCa().caCert())).isTrue();

        Cluster both = api.update(updated.version().index(), cluster.spec(), true, true);
        assertThat(both.joinTokens().manager()).isNotEqualTo(cluster.joinTokens().manager());
        assertThat(both.joinTokens().worker()).isNotEqualTo(updated.joinTokens().worker());
    }

    private static Cluster.SwarmSpec withAutolock(Cluster.SwarmSpec s, boolean on) {
        return new Cluster.SwarmSpec(s.name(), s.labels(), s.orchestration(), s.raft(), s.dispatcher(), s.caConfig(),
                new Cluster.EncryptionConfig(on), s.taskDefaults());
    }

    private String storedUnlockKey() {
        return store.view(tx -> tx.cluster()).orElseThrow().unlockKey();
    }

    @Test
    void autolockOnMakesAnUnlockKeyRotationReplacesItOffDropsIt() {
        assertThat(cluster.unlockKey()).isNull();
        Cluster on = api.update(cluster.version().index(), withAutolock(cluster.spec(), true), false, false);
        assertThat(on.unlockKey()).as("never in GET /swarm").isNull();
        String key = storedUnlockKey();
        assertThat(key).startsWith("SWMKEY-1-");

        Cluster same = api.update(on.version().index(), withHeartbeat(on.spec(), Duration.ofSeconds(7).toNanos()),
                true, false);
        assertThat(storedUnlockKey()).as("other updates keep it").isEqualTo(key);

        Cluster rotated = api.update(same.version().index(), same.spec(), false, false, true);
        String newKey = storedUnlockKey();
        assertThat(newKey).startsWith("SWMKEY-1-").isNotEqualTo(key);

        api.update(rotated.version().index(), withAutolock(rotated.spec(), false), false, false, true);
        assertThat(storedUnlockKey()).as("off: no key, and rotating makes none").isNull();
    }

    @Test
    void initWithAutolockHasAKey() {
        InitRequest req = new InitRequest(null, "10.0.0.5", null, null, false, null, true, null, null, null);
        ClusterBootstrap.Bootstrap b = ClusterBootstrap.init(req, "n", null, "10.0.0.5", clock);
        assertThat(b.cluster().unlockKey()).startsWith("SWMKEY-1-");
        assertThat(b.cluster().forApi().unlockKey()).isNull();
        assertThat(io.shoal.api.Json.mapper().valueToTree(b.cluster().forApi()).has("UnlockKey")).isFalse();
    }
}
