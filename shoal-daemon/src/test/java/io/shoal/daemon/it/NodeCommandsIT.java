package io.shoal.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
 * The {@code docker node} commands against three daemon processes (a manager and two workers,
 * process executor): {@code ls}, {@code inspect --pretty}, {@code update}, {@code promote} /
 * {@code demote}, {@code ps}, and {@code rm --force} of a running worker, which then cannot come
 * back, also after the manager restarts (its certificate is on the cluster's blacklist).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeCommandsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private DaemonProcess manager;
    private DaemonProcess worker1;
    private DaemonProcess worker2;

    @BeforeAll
    void startNodes() {
        manager = new DaemonProcess("nc-manager", "127.0.0.61", List.of("--executor", "process"));
        worker1 = new DaemonProcess("nc-worker1", "127.0.0.62", List.of("--executor", "process"));
        worker2 = new DaemonProcess("nc-worker2", "127.0.0.63", List.of("--executor", "process",
                "--node-generic-resource", "gpu=2", "--node-generic-resource", "fpga=FPGA-7"));
        List.of(manager, worker1, worker2).parallelStream().forEach(DaemonProcess::start);
        ok(manager, "swarm", "init");
        String token = ok(manager, "swarm", "join-token", "-q", "worker").out().trim();
        for (DaemonProcess w : List.of(worker1, worker2)) {
            ok(w, "swarm", "join", "--token", token, manager.clusterAddr());
        }
    }

    @AfterAll
    void stopNodes() {
        if (manager != null && manager.isAlive()) {
            manager.docker("service", "rm", "ncweb");
        }
        for (DaemonProcess d : new ArrayList<>(List.of(worker2, worker1, manager))) {
            d.close();
        }
    }

    private static Command.Result ok(DaemonProcess d, String... args) {
        return ClusterChecks.ok(d, args);
    }

    private static Command.Result fails(DaemonProcess d, String... args) {
        return ClusterChecks.fails(d, args);
    }


    private static String nodeId(DaemonProcess d) {
        return ok(d, "info", "--format", "{{.Swarm.NodeID}}").out().trim();
    }

    /** HOSTNAME -> "STATUS AVAILABILITY MANAGER-STATUS" as the manager lists the nodes. */
    private Map<String, String> nodes() {
        Map<String, String> out = new TreeMap<>();
        for (String l : ok(manager, "node", "ls", "--format",
                "{{.Hostname}}|{{.Status}} {{.Availability}} {{.ManagerStatus}}").lines()) {
            String[] f = l.split("\\|", 2);
            out.put(f[0], f[1].trim());
        }
        return out;
    }

    @Test
    @Order(10)
    void nodeLsShowsDockersColumnsAndMarksTheAnsweringNode() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodes()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "nc-manager", "Ready Active Leader", "nc-worker1", "Ready Active", "nc-worker2", "Ready Active"))));
        List<String> lines = ok(manager, "node", "ls").lines();
        assertThat(lines.get(0)).matches(
                "ID\\s+HOSTNAME\\s+STATUS\\s+AVAILABILITY\\s+MANAGER STATUS\\s+ENGINE VERSION\\s*");
        assertThat(lines).hasSize(4);
        // sorted by hostname; the node answering carries the star; IDs in full
        assertThat(lines.get(1)).matches(nodeId(manager) + " \\*\\s+nc-manager\\s+Ready\\s+Active\\s+Leader\\s+\\S+\\s*");
        assertThat(lines.get(2)).matches(nodeId(worker1) + "\\s+nc-worker1\\s+Ready\\s+Active\\s+\\S+\\s*");
        assertThat(lines.get(3)).startsWith(nodeId(worker2) + " ").doesNotContain("*");
        assertThat(ok(manager, "node", "ls", "-q").lines()).hasSize(3).allMatch(l -> l.matches("[0-9a-z]{25}"));
        assertThat(ok(manager, "node", "ls", "--filter", "role=manager", "--format", "{{.Hostname}}").lines())
                .containsExactly("nc-manager");
    }

    @Test
    @Order(20)
    void nodeInspectPretty() {
        String w = ok(manager, "node", "inspect", "--pretty", "nc-worker1").out();
        assertThat(w).containsPattern("ID:\\s+" + nodeId(worker1))
                .containsPattern("Hostname:\\s+nc-worker1")
                .containsPattern("State:\\s+Ready")
                .containsPattern("Availability:\\s+Active")
                .containsPattern("Address:\\s+127\\.0\\.0\\.62")
                .containsPattern("Operating System:\\s+linux")
                .contains("Resources:").containsPattern("CPUs:\\s+\\d+").containsPattern("Memory:\\s+\\S+")
                .doesNotContain("Manager Status:");
        String m = ok(manager, "node", "inspect", "--pretty", "self").out();
        assertThat(m).containsPattern("Hostname:\\s+nc-manager")
                .contains("Manager Status:")
                .containsPattern("Address:\\s+" + manager.clusterAddr().replace(".", "\\."))
                .containsPattern("Raft Status:\\s+Reachable")
                .containsPattern("Leader:\\s+Yes");
    }

    @Test
    @Order(30)
    void nodeUpdateChangesAvailabilityAndLabels() {
        assertThat(ok(manager, "node", "update", "--availability", "drain", "nc-worker2").out().trim())
                .isEqualTo("nc-worker2");
        assertThat(nodes()).containsEntry("nc-worker2", "Ready Drain");
        ok(manager, "node", "update", "--label-add", "zone=east", "--label-add", "disk=ssd", "nc-worker2");
        ok(manager, "node", "update", "--label-rm", "disk", "--availability", "active", "nc-worker2");
        assertThat(ok(manager, "node", "inspect", "--format", "{{json .Spec.Labels}} {{.Spec.Availability}}",
                "nc-worker2").out().trim()).isEqualTo("{\"zone\":\"east\"} active");
        assertThat(fails(manager, "node", "update", "--label-rm", "nothere", "nc-worker2").err())
                .contains("key nothere doesn't exist in node's labels");
        assertThat(fails(manager, "node", "update", "--availability", "sideways", "nc-worker2").err())
                .containsIgnoringCase("invalid");
        assertThat(fails(manager, "node", "update", "--availability", "drain", "nc-nobody").err())
                .contains("node nc-nobody not found");
    }

    @Test
    @Order(40)
    void promoteAndDemote() {
        assertThat(ok(manager, "node", "promote", "nc-worker2").out())
                .contains("Node nc-worker2 promoted to a manager in the swarm.");
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodes()).containsEntry("nc-worker2", "Ready Active Reachable"));
        assertThat(ok(manager, "node", "promote", "nc-worker2").out())
                .contains("Node " + nodeId(worker2) + " is already a manager.");
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(worker2, "info").out()).contains("Is Manager: true"));

        assertThat(ok(manager, "node", "demote", "nc-worker2").out()).contains("Manager nc-worker2 demoted in the swarm.");
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodes()).containsEntry("nc-worker2", "Ready Active"));
        assertThat(ok(manager, "node", "demote", "nc-worker2").out())
                .contains("Node " + nodeId(worker2) + " is already a worker.");
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(worker2, "info").out()).contains("Is Manager: false"));
        assertThat(fails(manager, "node", "demote", "nc-manager").err())
                .contains("attempting to demote the last manager of the swarm");
    }

    @Test
    @Order(50)
    void nodePsListsTheTasksOfANode() {
        ok(manager, "service", "create", "--name", "ncweb", "--replicas", "3", "--detach", "busybox", "sleep", "4711");
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(manager, "service", "ls", "--format", "{{.Replicas}}")
                .out().trim()).isEqualTo("3/3"));
        List<String> ps = ok(manager, "node", "ps", "nc-worker1").lines();
        assertThat(ps.get(0)).matches("ID\\s+NAME\\s+IMAGE\\s+NODE\\s+DESIRED STATE\\s+CURRENT STATE\\s+ERROR\\s+PORTS\\s*");
        assertThat(ps.subList(1, ps.size())).isNotEmpty()
                .allMatch(l -> l.matches("[0-9a-z]{12}\\s+ncweb\\.\\d\\s+busybox\\S*\\s+nc-worker1\\s+Running\\s+Running .*"));
        // no argument: the node answering
        assertThat(ok(manager, "node", "ps", "--format", "{{.Node}}").lines()).isNotEmpty().allMatch("nc-manager"::equals);
        // several nodes: the tasks of each
        assertThat(ok(manager, "node", "ps", "nc-worker1", "nc-manager", "--format", "{{.Node}}").lines())
                .contains("nc-worker1", "nc-manager").allMatch(n -> n.equals("nc-worker1") || n.equals("nc-manager"));
    }

    @Test
    @Order(55)
    void aNodeAdvertisesItsGenericResourcesAndTasksThatNeedThemGoThereUntilTheyRunOut() {
        assertThat(ok(manager, "node", "inspect", "--format", "{{json .Description.Resources.GenericResources}}",
                "nc-worker2").out().trim()).isEqualTo("[{\"DiscreteResourceSpec\":{\"Kind\":\"gpu\",\"Value\":2}},"
                + "{\"NamedResourceSpec\":{\"Kind\":\"fpga\",\"Value\":\"FPGA-7\"}}]");
        ok(manager, "service", "create", "--name", "ncgpu", "--replicas", "3", "--generic-resource", "gpu=1",
                "--detach", "busybox", "sleep", "4712");
        try {
            await().atMost(WAIT).untilAsserted(() -> {
                List<String> tasks = ok(manager, "service", "ps", "ncgpu", "--no-trunc", "--format",
                        "{{.Node}}|{{.CurrentState}}|{{.Error}}").lines();
                assertThat(tasks).hasSize(3);
                assertThat(tasks).filteredOn(l -> l.startsWith("nc-worker2|Running")).hasSize(2);
                assertThat(tasks).filteredOn(l -> l.startsWith("|Pending"))
                        .singleElement().asString().contains("no suitable node").contains("generic resource gpu");
            });
        } finally {
            ok(manager, "service", "rm", "ncgpu");
        }
    }

    @Test
    @Order(60)
    void aForcedRemovalKeepsTheNodeOutAlsoAfterTheManagerRestarts() {
        String id = nodeId(worker1);
        assertThat(fails(manager, "node", "rm", "nc-worker1").err())
                .contains("node " + id + " is not down and can't be removed");
        assertThat(ok(manager, "node", "rm", "--force", "nc-worker1").out().trim()).isEqualTo("nc-worker1");
        assertThat(nodes()).doesNotContainKey("nc-worker1");
        // the removed node is told, and its retries are refused
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(worker1, "info").out())
                .contains("Swarm: error").contains("node " + id + " was removed from the swarm"));
        // its replicas run elsewhere
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(manager, "service", "ps", "ncweb", "--filter",
                "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}").lines())
                .hasSize(3).noneMatch(l -> l.startsWith("nc-worker1")).allMatch(l -> l.contains("Running")));

        assertThat(manager.stop()).isZero();
        manager.start();
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodes()).containsOnlyKeys("nc-manager", "nc-worker2"));
        // the node keeps knocking; it stays refused and out of the list
        worker1.stop();
        worker1.start();
        await().atMost(WAIT).untilAsserted(() -> assertThat(ok(worker1, "info").out())
                .contains("Swarm: error").contains("node " + id + " was removed from the swarm"));
        assertThat(nodes()).containsOnlyKeys("nc-manager", "nc-worker2");
        assertThat(worker1.log()).contains("was removed from the swarm");
        ok(worker1, "swarm", "leave", "--force");
        assertThat(ok(worker1, "info").out()).contains("Swarm: inactive");
    }
}
