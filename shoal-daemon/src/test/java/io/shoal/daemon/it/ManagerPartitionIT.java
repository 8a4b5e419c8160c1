package io.shoal.daemon.it;

import static io.shoal.daemon.it.ClusterChecks.assertConverged;
import static io.shoal.daemon.it.ClusterChecks.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three managers, each daemon in a network namespace of its own on a private bridge: the leader is
 * cut off from the other two (every packet dropped). The majority goes on without it; what the
 * isolated one could not commit is not acknowledged and never appears; once it is back, every
 * service runs exactly its replica count and all three agree.
 */
@Tag("chaos")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagerPartitionIT {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String SLEEP = "100183";

    private final Map<String, DaemonProcess> managers = new LinkedHashMap<>();
    private final Map<DaemonProcess, String> namespaces = new LinkedHashMap<>();
    private TestNetwork network;

    @BeforeAll
    void startCluster() {
        assumeTrue(TestNetwork.available(), "needs root, ip and iptables for network namespaces");
        network = new TestNetwork();
        for (int i = 1; i <= 3; i++) {
            String ns = network.addHost(i);
            DaemonProcess d = DaemonProcess.inNamespace("p-" + i, ns, TestNetwork.address(i),
                    List.of("--executor", "process"));
            managers.put(d.name, d);
            namespaces.put(d, ns);
        }
        ClusterChecks.formManagers(managers, WAIT);
    }

    @AfterAll
    void stopCluster() {
        managers.values().forEach(DaemonProcess::close);
        if (network != null) {
            network.close();
        }
        ClusterChecks.killLeftovers(SLEEP);
    }

    @Test
    void aLeaderCutOffFromTheOthersLosesNothingAcknowledgedAndNothingRunsTwice() {
        DaemonProcess first = managers.get("p-1");
        ok(first, "service", "create", "--detach", "--name", "part", "--replicas", "9", "--restart-delay", "0s",
                "busybox", "sleep", SLEEP);
        await().atMost(WAIT).untilAsserted(() -> assertConverged(first, "part", 9));

        DaemonProcess cut = ClusterChecks.leader(managers, WAIT);
        DaemonProcess majority = managers.values().stream().filter(d -> d != cut).findFirst().orElseThrow();
        network.cut(namespaces.get(cut));
        long ms = ClusterChecks.msUntilAWriteIsAccepted(majority, SLEEP, WAIT);
        System.out.printf("ManagerPartitionIT: the majority accepted a write %d ms after the leader was cut off%n", ms);
        ok(majority, "service", "scale", "--detach", "part=12");
        ok(majority, "service", "create", "--detach", "--name", "during", "--replicas", "3", "busybox", "sleep", SLEEP);

        // the isolated manager cannot commit: its write is refused, not acknowledged
        Command.Result lost = cut.docker("service", "create", "--detach", "--name", "lost", "busybox", "sleep", SLEEP);
        assertThat(lost.exit()).as(lost.toString()).isNotZero();

        network.heal(namespaces.get(cut));
        for (DaemonProcess d : managers.values()) {
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(ClusterChecks.serviceNames(d)).contains("part", "during").doesNotContain("lost");
                assertConverged(d, "part", 12);
                assertConverged(d, "during", 3);
                assertThat(ok(d, "node", "ls", "--format", "{{.Status}} {{.ManagerStatus}}").out().lines()
                        .sorted().toList()).containsExactly("Ready Leader", "Ready Reachable", "Ready Reachable");
            });
        }
    }
}
