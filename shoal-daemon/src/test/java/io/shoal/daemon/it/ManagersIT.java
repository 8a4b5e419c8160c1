package io.shoal.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Several managers, each a daemon process on its own loopback address: one joins with the manager
 * token, a worker is promoted; both join the Raft group and serve reads from their replica, and
 * writes sent to them reach the leader. A demoted manager leaves the group and carries on as a
 * worker, its tasks running throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagersIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private DaemonProcess first;
    private DaemonProcess second;
    private DaemonProcess third;

    @BeforeAll
    void startNodes() {
        // certificates of one minute: the whole test runs across their renewals
        first = new DaemonProcess("m-first", "127.0.0.51", List.of("--executor", "process", "--min-cert-expiry", "1m"));
        second = new DaemonProcess("m-second", "127.0.0.52", List.of("--executor", "process"));
        third = new DaemonProcess("m-third", "127.0.0.53", List.of("--executor", "process"));
        List.of(first, second, third).parallelStream().forEach(DaemonProcess::start);
    }

    @AfterAll
    void stopNodes() {
        if (first != null && first.isAlive()) {
            first.docker("service", "rm", "mweb");
        }
        for (DaemonProcess d : new ArrayList<>(List.of(third, second, first))) {
            if (d != null) {
                d.close();
            }
        }
    }

    private Command.Result ok(DaemonProcess d, String... args) {
        return ClusterChecks.ok(d, args);
    }


    /** HOSTNAME -> "STATUS MANAGER-STATUS" as {@code d} lists the nodes. */
    private Map<String, String> nodes(DaemonProcess d) {
        Map<String, String> out = new TreeMap<>();
        for (String l : ok(d, "node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.ManagerStatus}}").lines()) {
            String[] f = l.split(" ", 3);
            out.put(f[0], (f[1] + " " + (f.length > 2 ? f[2] : "")).trim());
        }
        return out;
    }

    /** When the certificate a node keeps on disk expires. */
    private static Instant certificateNotAfter(DaemonProcess d) throws Exception {
        String pem = Files.readString(d.dataDir.resolve("swarm/certificates/swarm-node.crt"));
        return io.shoal.rpc.tls.Pems.certificate(pem).getNotAfter().toInstant();
    }

    @Test
    @Order(10)
    void aManagerJoinsWithTheManagerTokenAndAWorkerIsPromoted() {
        ok(first, "swarm", "init", "--cert-expiry", "1m");
        assertThat(ok(first, "info", "--format", "{{.Swarm.Cluster.Spec.CAConfig.NodeCertExpiry}}").out().trim())
                .isEqualTo("1m0s");
        String managerToken = ok(first, "swarm", "join-token", "-q", "manager").out().trim();
        String workerToken = ok(first, "swarm", "join-token", "-q", "worker").out().trim();
        assertThat(ok(second, "swarm", "join", "--token", managerToken, first.clusterAddr()).out())
                .contains("This node joined a swarm as a manager.");
        assertThat(ok(third, "swarm", "join", "--token", workerToken, first.clusterAddr()).out())
                .contains("This node joined a swarm as a worker.");
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodes(first)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "m-first", "Ready Leader", "m-second", "Ready Reachable", "m-third", "Ready"))));
        // the new manager answers from its own replica
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodes(second)).containsExactlyEntriesOf(nodes(first)));
        assertThat(ok(second, "info").out()).contains("Is Manager: true").contains("Managers: 2");

        ok(first, "service", "create", "--name", "mweb", "--replicas", "3", "--detach", "busybox", "sleep", "4999");
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(first, "service", "ls", "--format", "{{.Replicas}}")
                .out().trim()).isEqualTo("3/3"));

        Command.Result promote = ok(second, "node", "promote", "m-third");
        assertThat(promote.out()).contains("Node m-third promoted to a manager in the swarm.");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(nodes(first)).containsEntry("m-third", "Ready Reachable");
            assertThat(ok(third, "info").out()).contains("Is Manager: true").contains("Managers: 3");
            assertThat(nodes(third)).containsEntry("m-first", "Ready Leader");
        });
    }

    @Test
    @Order(20)
    void writesSentToAFollowerReachTheLeader() {
        Command.Result scale = ok(third, "service", "scale", "--detach", "mweb=5");
        assertThat(scale.out()).contains("mweb scaled to 5");
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(second, "service", "ls", "--format", "{{.Replicas}}")
                .out().trim()).isEqualTo("5/5"));
        ok(second, "node", "update", "--label-add", "tier=front", "m-first");
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(third, "node", "inspect", "--format",
                "{{.Spec.Labels.tier}}", "m-first").out().trim()).isEqualTo("front"));
        // errors come back as the leader wrote them
        Command.Result bad = second.docker("service", "create", "--name", "mweb", "busybox");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("already exists");
    }

    @Test
    @Order(30)
    void aDemotedManagerCarriesOnAsAWorker() throws Exception {
        assertThat(ok(first, "node", "demote", "m-second").out()).contains("Manager m-second demoted in the swarm.");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(nodes(first)).containsEntry("m-second", "Ready").containsEntry("m-third", "Ready Reachable");
            Command.Result info = ok(second, "info");
            assertThat(info.out()).contains("Is Manager: false").contains(first.clusterAddr());
        });
        Command.Result ls = second.docker("node", "ls");
        assertThat(ls.exit()).isNotZero();
        assertThat(ls.err()).contains("Worker nodes can't be used to view or modify cluster state");
        // its tasks kept running and it still gets work
        ok(first, "service", "scale", "--detach", "mweb=6");
        // and it renews its one-minute certificate as the others do
        Instant notAfter = certificateNotAfter(second);
        assertThat(notAfter).isBefore(Instant.now().plus(Duration.ofSeconds(65)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(certificateNotAfter(second)).isAfter(notAfter));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(third, "service", "ls", "--format", "{{.Replicas}}")
                .out().trim()).isEqualTo("6/6"));
        assertThat(ok(first, "node", "ps", "m-second", "--filter", "desired-state=running", "--format", "{{.Name}}")
                .lines()).isNotEmpty();
    }
}
