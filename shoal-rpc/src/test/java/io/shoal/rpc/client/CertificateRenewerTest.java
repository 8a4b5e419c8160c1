package io.shoal.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Node;
import io.shoal.api.NodeState;
import io.shoal.api.ShoalException;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.time.FakeClock;
import io.shoal.manager.ca.CertificateFiles;
import io.shoal.rpc.RecordingListener;
import io.shoal.rpc.TestManager;
import io.shoal.rpc.TestNode;
import io.shoal.rpc.tls.TlsIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate renewal over real gRPC with one-hour certificates on a fake clock: renewals run on
 * the test's thread when the clock reaches them, and the node's session must survive both its own
 * renewal and the manager's.
 */
class CertificateRenewerTest {
    private static final Duration HEARTBEAT = Duration.ofMinutes(1);
    private static final Duration EXPIRY = Duration.ofHours(1);
    private final FakeClock clock = new FakeClock();
    private final TestManager m = TestManager.withDispatcher(clock, TestManager.spec(HEARTBEAT, EXPIRY));
    private final Joined joined = TestNode.joinOnce(m, m.workerToken());
    private final TestNode node = new TestNode(joined.identity(), List.of(m.addr()), clock);
    private final Node.Description description = new Node.Description("worker-1", null, null, null, null);

    @TempDir
    Path certDir;

    @AfterEach
    void close() {
        node.close();
        m.close();
    }

    private CertificateRenewer renewer(TestNode n, Path dir, long seed) {
        return new CertificateRenewer(n.identity, n.connection, dir, clock, Runnable::run, new SplittableRandom(seed),
                Duration.ofSeconds(5));
    }

    @Test
    void theRenewalFallsBetweenHalfAndFourFifthsOfTheLifetime() {
        for (long seed = 0; seed < 20; seed++) {
            try (CertificateRenewer r = renewer(node, null, seed)) {
                r.start();
                // counted from issuance: certificates start an hour early (RootCa.BACKDATE)
                Instant from = joined.certificate().notBefore().plus(io.shoal.manager.ca.RootCa.BACKDATE);
                Duration lifetime = Duration.between(from, joined.certificate().notAfter());
                assertThat(r.nextRenewal()).as("seed %d", seed)
                        .isBetween(from.plus(lifetime.dividedBy(2)), from.plus(lifetime.multipliedBy(4).dividedBy(5)));
            }
        }
    }

    @Test
    void certificatesRenewBeforeExpiryAndTheSessionKeepsWorking() throws Exception {
        CertificateFiles.write(certDir, joined.certificate(), joined.rootCaPem());
        TlsIdentity workerBefore = node.identity.current();
        TlsIdentity managerBefore = m.identity.current();
        RecordingListener listener = new RecordingListener();
        Dispatcher.Session s = node.dispatcher.openSession(node.nodeId, description, null, listener);
        listener.nextAssignments();

        try (ManagerConnection managerSelf = new ManagerConnection(List.of(m.addr()), m.identity, clock);
             CertificateRenewer managerRenewer = new CertificateRenewer(m.identity, managerSelf, null, clock,
                     Runnable::run, new SplittableRandom(1), Duration.ofSeconds(5));
             CertificateRenewer workerRenewer = renewer(node, certDir, 2)) {
            managerRenewer.start();
            workerRenewer.start();

            // Seventy minutes, heartbeating every minute: past the old certificates' expiry.
            for (int minute = 1; minute <= 70; minute++) {
                m.dispatcher.awaitIdle();
                clock.advance(HEARTBEAT);
                node.dispatcher.heartbeat(node.nodeId, s.sessionId());
            }

            assertThat(clock.instant()).isAfter(workerBefore.certificate().notAfter());
            TlsIdentity workerNow = node.identity.current();
            assertThat(workerNow.nodeId()).isEqualTo(workerBefore.nodeId());
            assertThat(workerNow.certificate().notAfter()).isAfter(clock.instant());
            assertThat(m.identity.current().certificate().notAfter()).isAfter(clock.instant());
            assertThat(m.identity.current().certificate().certPem()).isNotEqualTo(managerBefore.certificate().certPem());
            // The same session all along, and the node never went down.
            assertThat(listener.hasClosed()).isFalse();
            assertThat(m.node(node.nodeId).status().state()).isEqualTo(NodeState.READY);
            // What is on disk is the new pair.
            TlsIdentity onDisk = TlsIdentity.fromDirectory(certDir);
            assertThat(onDisk.certificate().certPem()).isEqualTo(workerNow.certificate().certPem());
            assertThat(onDisk.certificate().keyPem()).isNotEqualTo(workerBefore.certificate().keyPem());
        }

        // A fresh connection sees the manager's renewed certificate (the old one has expired)...
        try (TestNode again = new TestNode(node.identity.current(), List.of(m.addr()), clock)) {
            assertThat(again.dispatcher.heartbeat(again.nodeId, s.sessionId())).isPositive();
        }
        // ...and the node's old certificate is refused.
        try (TestNode stale = new TestNode(workerBefore, List.of(m.addr()), clock)) {
            assertThatThrownBy(() -> stale.dispatcher.heartbeat(stale.nodeId, s.sessionId()))
                    .isInstanceOf(ShoalException.PermissionDenied.class)
                    .hasMessageStartingWith("certificate has expired");
        }
    }

    @Test
    void failedRenewalsBackOffFromFiveSecondsDoubling() {
        try (CertificateRenewer r = renewer(node, null, 3)) {
            r.start();
            m.server.stop();
            clock.advance(Duration.between(clock.instant(), r.nextRenewal()));

            Duration[] expected = {Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                    Duration.ofSeconds(40)};
            for (Duration wait : expected) {
                assertThat(Duration.between(clock.instant(), r.nextRenewal())).isEqualTo(wait);
                clock.advance(wait);
            }
            assertThat(node.identity.current().certificate().certPem()).isEqualTo(joined.certificate().certPem());
        }
    }

    @Test
    void stopCancelsTheNextRenewal() {
        CertificateRenewer r = renewer(node, null, 4);
        r.start();
        assertThat(r.nextRenewal()).isNotNull();
        r.stop();
        assertThat(r.nextRenewal()).isNull();
        clock.advance(EXPIRY);
        assertThat(node.identity.current().certificate().certPem()).isEqualTo(joined.certificate().certPem());
    }
}
