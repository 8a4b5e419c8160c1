package io.shoal.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shoal.api.time.SystemClock;
import io.shoal.manager.ca.RootCa;
import io.shoal.rpc.tls.Pems;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Joining, seen from the docker CLI with real certificates and separate processes: bad, foreign and
 * rotated-away tokens are refused with a clear message and leave the node out of any swarm; a
 * node then joins with the current token and renews its short-lived certificate by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JoinSecurityIT {
    private DaemonProcess manager;
    private DaemonProcess newcomer;

    @BeforeAll
    void startNodes() {
        manager = new DaemonProcess("js-manager", "127.0.0.71",
                List.of("--executor", "process", "--min-cert-expiry", "1m"));
        newcomer = new DaemonProcess("js-newcomer", "127.0.0.72", List.of("--executor", "process"));
        List.of(manager, newcomer).parallelStream().forEach(DaemonProcess::start);
        ok(manager, "swarm", "init");
    }

    @AfterAll
    void stopNodes() {
        for (DaemonProcess d : List.of(newcomer, manager)) {
            if (d != null) {
                d.close();
            }
        }
    }

    private static Command.Result ok(DaemonProcess d, String... args) {
        Command.Result r = d.docker(args);
        assertThat(r.exit()).as("%s\n--- %s log:\n%s", r, d.name, d.log()).isZero();
        return r;
    }

    private static Command.Result fails(DaemonProcess d, String... args) {
        Command.Result r = d.docker(args);
        assertThat(r.exit()).as(r.toString()).isNotZero();
        return r;
    }

    private void staysOutsideAnySwarm() {
        assertThat(ok(newcomer, "info", "--format", "{{.Swarm.LocalNodeState}}").out().trim()).isEqualTo("inactive");
        assertThat(ok(manager, "node", "ls", "-q").lines()).hasSize(1);
    }

    private X509Certificate certificate(DaemonProcess d) throws Exception {
        return Pems.certificate(Files.readString(d.dataDir.resolve("swarm/certificates/swarm-node.crt")));
    }

    @Test
    @Order(10)
    void badTokensAreRefusedAndTheNodeStaysInactive() {
        String token = ok(manager, "swarm", "join-token", "-q", "worker").out().trim();
        // the right CA digest, a wrong secret
        String wrongSecret = token.substring(0, token.length() - 5) + "zzzzz";
        assertThat(fails(newcomer, "swarm", "join", "--token", wrongSecret, manager.clusterAddr()).err())
                .contains("A valid join token is necessary to join this cluster");
        staysOutsideAnySwarm();
        // a token of another swarm: the manager's CA does not match it, no CSR is sent
        String[] parts = token.split("-");
        String otherCa = "SWMTKN-1-" + "1".repeat(parts[2].length()) + "-" + parts[3];
        assertThat(fails(newcomer, "swarm", "join", "--token", otherCa, manager.clusterAddr()).err())
                .contains("remote CA does not match fingerprint");
        staysOutsideAnySwarm();
        assertThat(fails(newcomer, "swarm", "join", "--token", "SWMTKN-1-bogus", manager.clusterAddr()).err())
                .contains("invalid join token");
        staysOutsideAnySwarm();
    }

    @Test
    @Order(20)
    void aRotatedAwayManagerTokenIsRefused() {
        String old = ok(manager, "swarm", "join-token", "-q", "manager").out().trim();
        assertThat(ok(manager, "swarm", "join-token", "--rotate", "manager").out())
                .contains("Successfully rotated manager join token.");
        String fresh = ok(manager, "swarm", "join-token", "-q", "manager").out().trim();
        assertThat(fresh).isNotEqualTo(old);
        // the digest part is the CA's and stays; only the secret changed
        assertThat(fresh.substring(0, 60)).isEqualTo(old.substring(0, 60));
        assertThat(fails(newcomer, "swarm", "join", "--token", old, manager.clusterAddr()).err())
                .contains("A valid join token is necessary to join this cluster");
        staysOutsideAnySwarm();
    }

    @Test
    @Order(30)
    void aShortCertificateLifetimeIsRenewedByTheNode() throws Exception {
        assertThat(fails(manager, "swarm", "update", "--cert-expiry", "30s").err())
                .contains("minimum certificate expiry time is: 1m0s");
        ok(manager, "swarm", "update", "--cert-expiry", "1m");
        String token = ok(manager, "swarm", "join-token", "-q", "worker").out().trim();
        assertThat(ok(newcomer, "swarm", "join", "--token", token, manager.clusterAddr()).out())
                .contains("This node joined a swarm as a worker.");
        X509Certificate first = certificate(newcomer);
        String id = ok(newcomer, "info", "--format", "{{.Swarm.NodeID}}").out().trim();
        assertThat(first.getSubjectX500Principal().getName()).contains("CN=" + id).contains("OU=swarm-worker");
        assertThat(first.getNotAfter().toInstant()).isBefore(first.getNotBefore().toInstant()
                .plus(Duration.ofHours(1)).plus(Duration.ofSeconds(65)));
        BigInteger serial = first.getSerialNumber();
        // renewed at 50-80 % of the minute, by the node itself: same identity, same issuer, later expiry
        await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !certificate(newcomer).getSerialNumber().equals(serial));
        X509Certificate renewed = certificate(newcomer);
        assertThat(renewed.getSubjectX500Principal()).isEqualTo(first.getSubjectX500Principal());
        assertThat(renewed.getIssuerX500Principal()).isEqualTo(first.getIssuerX500Principal());
        assertThat(renewed.getNotAfter()).isAfter(first.getNotAfter());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ok(manager, "node", "ls", "--format",
                "{{.Hostname}} {{.Status}}").lines()).contains("js-newcomer Ready"));
    }

    @Test
    @Order(40)
    void swarmCaShowsTheRootAndEveryNodeReportsItsIssuer() {
        String root = ok(manager, "swarm", "ca").out().trim();
        assertThat(root).startsWith("-----BEGIN CERTIFICATE-----").endsWith("-----END CERTIFICATE-----");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String node : List.of("js-manager", "js-newcomer")) {
                assertThat(ok(manager, "node", "inspect", "--format", "{{.Description.TLSInfo.TrustRoot}}", node)
                        .out().trim()).isEqualTo(root);
            }
        });
        assertThat(ok(manager, "node", "inspect", "--pretty", "js-newcomer").out()).contains("TLS Info:")
                .contains("Issuer Public Key:");
        // a CA key that is not the certificate's is refused and changes nothing (rotation: CaRotationIT)
        RootCa mine = RootCa.generate(new SystemClock());
        RootCa other = RootCa.generate(new SystemClock());
        assertThat(fails(manager, "swarm", "ca", "--rotate", "--ca-cert", pemFile(mine.certPem()),
                "--ca-key", pemFile(other.keyPem())).err()).contains("certificate key mismatch");
        assertThat(ok(manager, "swarm", "ca").out().trim()).isEqualTo(root);
        assertThat(ok(manager, "info").out()).contains("Root Rotation In Progress: false");
    }

    private String pemFile(String pem) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile(manager.home, "ca", ".pem");
            java.nio.file.Files.writeString(f, pem);
            return f.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
