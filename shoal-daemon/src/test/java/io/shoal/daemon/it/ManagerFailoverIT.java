package io.shoal.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three managers, each a daemon process with the process executor, through crashes: the leader is
 * killed while a 200-replica service is being created and during a rolling update, all managers die
 * at once, and two of three are lost for good. After each, every acknowledged change is there, no
 * task is lost or doubled, and every service runs exactly its replica count once converged.
 */
@Tag("chaos")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagerFailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(150);
    /** Task commands carry these odd durations, so the processes a killed node leaves behind can be found. */
    private static final String CHAOS_SLEEP = "100173";
    private static final String ROLL_SLEEP = "100179";
    private static final String NO_LEADER = "The swarm does not have a leader.";

    private final Map<String, DaemonProcess> managers = new LinkedHashMap<>();

    @BeforeAll
    void startCluster() {
        for (int i = 1; i <= 3; i++) {
            managers.put("f-" + i, new DaemonProcess("f-" + i, "127.0.0.7" + i, List.of("--executor", "process")));
        }
        ClusterChecks.formManagers(managers, WAIT);
    }

    @AfterAll
    void stopCluster() {
        managers.values().forEach(DaemonProcess::close);
        ClusterChecks.killLeftovers(CHAOS_SLEEP, ROLL_SLEEP);
    }

    @Test
    @Order(10)
    void theLeaderKilledWhileTwoHundredReplicasAreCreatedIsReplacedAndNoTaskIsLostOrDoubled() {
        DaemonProcess leader = leader();
        ok(leader, "service", "create", "--detach", "--name", "chaos", "--replicas", "200",
                "--restart-delay", "0s", "busybox", "sleep", CHAOS_SLEEP);
        leader.kill(); // acknowledged: it must come through
        DaemonProcess survivor = anyAliveBut(leader);
        long failoverMs = msUntilAWriteIsAccepted(survivor);
        System.out.printf("ManagerFailoverIT: a write was accepted %d ms after kill -9 of the leader%n", failoverMs);

        leader.start(); // restarted with its data: it rejoins and re-adopts its processes
        await().atMost(WAIT).untilAsserted(() -> ClusterChecks.assertConverged(survivor, "chaos", 200));
        await().atMost(WAIT).untilAsserted(() -> ClusterChecks.assertConverged(leader, "chaos", 200));
    }

    @Test
    @Order(20)
    void theLeaderKilledDuringARollingUpdateLeavesTheUpdateToItsSuccessor() {
        DaemonProcess leader = leader();
        ok(leader, "service", "create", "--detach", "--name", "roll", "--replicas", "10", "--update-parallelism", "2",
                "--update-delay", "0s", "busybox", "sleep", ROLL_SLEEP);
        await().atMost(WAIT).untilAsserted(() -> ClusterChecks.assertConverged(leader, "roll", 10));
        ok(leader, "service", "update", "--detach", "--env-add", "RELEASE=2", "roll");
        leader.kill();
        DaemonProcess survivor = anyAliveBut(leader);
        leader.start();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ok(survivor, "service", "inspect", "--format", "{{.UpdateStatus.State}}", "roll").out().trim())
                    .isEqualTo("completed");
            List<JsonNode> current = ClusterChecks.assertConverged(survivor, "roll", 10);
            assertThat(current).allSatisfy(t -> assertThat(t.at("/Spec/ContainerSpec/Env").toString())
                    .contains("RELEASE=2"));
        });
    }

    @Test
    @Order(30)
    void allManagersKilledAtOnceComeBackWithEverything() {
        Set<String> chaosBefore = ClusterChecks.ids(ClusterChecks.assertConverged(leader(), "chaos", 200));
        List<String> servicesBefore = ClusterChecks.serviceNames(leader());
        managers.values().forEach(DaemonProcess::kill);
        managers.values().parallelStream().forEach(DaemonProcess::start);
        DaemonProcess any = managers.get("f-2");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ClusterChecks.serviceNames(any)).isEqualTo(servicesBefore);
            ClusterChecks.assertConverged(any, "roll", 10);
            Set<String> chaosAfter = ClusterChecks.ids(ClusterChecks.assertConverged(any, "chaos", 200));
            // the processes were re-adopted, not started again
            assertThat(chaosAfter).isEqualTo(chaosBefore);
        });
    }

    @Test
    @Order(40)
    void withoutAQuorumWritesAreRefusedReadsAnswerAndForceNewClusterRecoversAllState() {
        DaemonProcess leader = leader();
        DaemonProcess survivor = anyAliveBut(leader);
        List<String> servicesBefore = ClusterChecks.serviceNames(survivor);
        leader.kill();
        managers.values().stream().filter(d -> d != leader && d != survivor).forEach(DaemonProcess::kill);

        await().atMost(WAIT).untilAsserted(() -> {
            Command.Result refused = survivor.docker("service", "scale", "--detach", "roll=4");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains(NO_LEADER);
        });
        assertThat(ClusterChecks.serviceNames(survivor)).isEqualTo(servicesBefore);

        assertThat(ok(survivor, "swarm", "init", "--force-new-cluster").out()).contains("Swarm initialized");
        assertThat(ok(survivor, "node", "ls", "--format", "{{.Self}} {{.ManagerStatus}}").out().lines())
                .contains("true Leader");
        assertThat(ClusterChecks.serviceNames(survivor)).isEqualTo(servicesBefore);
        ok(survivor, "service", "create", "--detach", "--name", "after", "busybox", "sleep", ROLL_SLEEP);
        await().atMost(WAIT).untilAsserted(() -> ClusterChecks.assertConverged(survivor, "after", 1));
    }

    // ---- helpers ---------------------------------------------------------------------------

    private Command.Result ok(DaemonProcess d, String... args) {
        return ClusterChecks.ok(d, args);
    }

    private DaemonProcess leader() {
        return ClusterChecks.leader(managers, WAIT);
    }

    private long msUntilAWriteIsAccepted(DaemonProcess d) {
        return ClusterChecks.msUntilAWriteIsAccepted(d, ROLL_SLEEP, WAIT);
    }

    private DaemonProcess anyAliveBut(DaemonProcess d) {
        return managers.values().stream().filter(m -> m != d && m.isAlive()).findFirst().orElseThrow();
    }

}
