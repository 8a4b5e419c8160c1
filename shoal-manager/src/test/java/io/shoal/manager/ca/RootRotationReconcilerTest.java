package io.shoal.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Cluster;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.Version;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RootRotationReconcilerTest {
    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);
    private final RootRotationReconciler reconciler = new RootRotationReconciler(store, clock);
    private Cluster initial;

    @BeforeEach
    void swarmWithTwoWorkers() {
        ClusterBootstrap.Bootstrap b = ClusterBootstrap.init(InitRequest.defaults(), "m1",
                new Node.Description("m1", null, null, null, null), "10.0.0.5", clock);
        initial = b.cluster();
        store.write(tx -> {
            tx.create(Table.CLUSTERS, b.cluster());
            tx.create(Table.NODES, b.node());
            tx.create(Table.NODES, worker("w1", NodeState.READY, initial.tlsInfo()));
            tx.create(Table.NODES, worker("w2", NodeState.READY, initial.tlsInfo()));
        });
        reconciler.loop().attach();
    }

    @AfterEach
    void stop() {
        reconciler.stop();
    }

    private static Node worker(String id, NodeState state, Node.TlsInfo tls) {
        return new Node(id, Version.ZERO, null, null, new Node.NodeSpec(null, Map.of(), NodeRole.WORKER,
                NodeAvailability.ACTIVE), new Node.Description(id, null, null, null, tls),
                new Node.NodeStatus(state, null, "10.0.0.9"), null);
    }

    private Cluster cluster() {
        return store.view(tx -> tx.cluster()).orElseThrow();
    }

    /** Lets the loop see what was written and act once its debounce has passed. */
    private void step() {
        reconciler.loop().runPending();
        clock.advance(Duration.ofMillis(200));
        reconciler.loop().runPending();
    }

    /** Starts a rotation as {@code swarm ca --rotate} does; returns the new root's issuer info. */
    private Node.TlsInfo rotate() {
        store.write(tx -> {
            Cluster c = tx.cluster().orElseThrow();
            Cluster.RootCa ca = RootRotations.apply(c.rootCa(),
                    new Cluster.CaConfig(null, null, null, null, c.rootCa().forcedRotation() + 1), clock);
            tx.update(Table.CLUSTERS, c.withRootCa(ca, c.tlsInfo()));
        });
        step();
        return RootRotations.desiredIssuer(cluster().rootCa(), clock);
    }

    /** Node {@code id} reports a certificate from {@code issuer} (as its new session would). */
    private void reports(String id, Node.TlsInfo issuer, NodeState state) {
        store.write(tx -> {
            Node n = tx.get(Table.NODES, id).orElseThrow();
            Node.TlsInfo tls = new Node.TlsInfo(n.description().tlsInfo().trustRoot(), issuer.certIssuerSubject(),
                    issuer.certIssuerPublicKey());
            tx.update(Table.NODES, n.withDescription(new Node.Description(id, null, null, null, tls))
                    .withStatus(new Node.NodeStatus(state, null, "10.0.0.9")));
        });
        step();
    }

    @Test
    void theNewRootTakesOverOnceEveryNodeHoldsACertificateFromIt() {
        Node.TlsInfo next = rotate();
        assertThat(next.certIssuerPublicKey()).isNotEqualTo(initial.tlsInfo().certIssuerPublicKey());
        assertThat(store.<RootRotationReconciler.Progress>view(tx -> RootRotationReconciler.progress(tx, clock)))
                .isEqualTo(new RootRotationReconciler.Progress(0, 3, java.util.List.of("m1", "w1", "w2")));

        reports("m1", next, NodeState.READY);
        reports("w1", next, NodeState.READY);
        assertThat(cluster().rootRotationInProgress()).as("w2 still has an old certificate").isTrue();
        assertThat(cluster().rootCa().caCert()).isEqualTo(initial.rootCa().caCert());

        Cluster.RootRotation r = cluster().rootCa().rootRotation();
        reports("w2", next, NodeState.READY);

        Cluster done = cluster();
        assertThat(done.rootRotationInProgress()).isFalse();
        assertThat(done.rootCa().rootRotation()).isNull();
        assertThat(done.rootCa().caCert()).isEqualTo(r.caCert());
        assertThat(done.rootCa().caKey()).isEqualTo(r.caKey());
        assertThat(done.rootCa().lastForcedRotation()).isEqualTo(1L);
        assertThat(done.tlsInfo().trustRoot()).isEqualTo(r.caCert());
        assertThat(done.tlsInfo().certIssuerPublicKey()).isEqualTo(next.certIssuerPublicKey());
        // join tokens name the root: both are new, for the new root
        assertThat(done.joinTokens().worker()).isNotEqualTo(initial.joinTokens().worker());
        assertThat(done.joinTokens().manager()).isNotEqualTo(initial.joinTokens().manager());
        assertThat(JoinTokens.verifyCaDigest(done.joinTokens().worker(), r.caCert())).isTrue();
        assertThat(JoinTokens.verifyCaDigest(done.joinTokens().manager(), r.caCert())).isTrue();
        assertThat(store.<RootRotationReconciler.Progress>view(tx -> RootRotationReconciler.progress(tx, clock))).isNull();
    }

    @Test
    void aDownNodeHoldsTheRotationUntilItRenewsOrIsRemovedAsInSwarmKit() {
        Node.TlsInfo next = rotate();
        reports("m1", next, NodeState.READY);
        reports("w1", next, NodeState.READY);
        reports("w2", initial.tlsInfo(), NodeState.DOWN);
        clock.advance(Duration.ofMinutes(5));
        reconciler.loop().runPending();
        assertThat(cluster().rootRotationInProgress()).isTrue();

        store.write(tx -> tx.delete(Table.NODES, "w2")); // docker node rm
        step();
        assertThat(cluster().rootRotationInProgress()).isFalse();
    }

    @Test
    void aNewRotationStartedMidwayIsTheOneThatCompletes() {
        Node.TlsInfo first = rotate();
        reports("m1", first, NodeState.READY);
        Node.TlsInfo second = rotate();
        assertThat(second.certIssuerPublicKey()).isNotEqualTo(first.certIssuerPublicKey());
        // the second rotation is cross-signed by the cluster's root, not by the abandoned new root
        Cluster.RootCa ca = cluster().rootCa();
        assertThat(RootCa.fromPem(ca.caCert(), null, clock).verify(
                RootCa.fromPem(ca.rootRotation().crossSignedCaCert(), null, clock).certificate())).isTrue();

        for (String id : java.util.List.of("m1", "w1", "w2")) {
            reports(id, first, NodeState.READY);
        }
        assertThat(cluster().rootRotationInProgress()).as("nodes hold the first new root, not the second").isTrue();
        for (String id : java.util.List.of("m1", "w1", "w2")) {
            reports(id, second, NodeState.READY);
        }
        assertThat(cluster().rootRotationInProgress()).isFalse();
        assertThat(cluster().tlsInfo().certIssuerPublicKey()).isEqualTo(second.certIssuerPublicKey());
    }

    @Test
    void withoutARotationNothingChanges() {
        long before = store.index();
        reports("w1", initial.tlsInfo(), NodeState.READY);
        assertThat(cluster().rootCa()).isEqualTo(initial.rootCa());
        assertThat(store.index()).isEqualTo(before + 1); // only the node's own update
    }
}
